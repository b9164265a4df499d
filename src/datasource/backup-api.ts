import type DataLoader from 'dataloader';
import { facadeError } from '../errors.js';
import { stampServer, type JobModel, type JobSessionModel, type Links, type LogItemModel, type OrganizationModel, type PageModel } from '../model.js';
import type { ApiAdapter, CollectionRequest, JobAction, SessionFilters } from '../upstream/adapters/index.js';
import type { Query } from '../upstream/adapters/types.js';
import type { ApiVersion } from '../upstream/api-version.js';
import type { UpstreamClient } from '../upstream/client.js';
import type { UpstreamEvents } from '../upstream/events.js';
import { badShape, decodeArray, Fields, type Decoder } from '../upstream/decode.js';
import { pathFromHref } from '../upstream/links.js';
import type { ResourceDefinition } from '../upstream/resources/define.js';
import jobSessionResource from '../upstream/resources/job-session.js';
import jobResource from '../upstream/resources/job.js';
import logItemResource from '../upstream/resources/log-item.js';
import organizationResource from '../upstream/resources/organization.js';
import restoreSessionEventResource, { type RestoreSessionEventModel } from '../upstream/resources/restore-session-event.js';
import restoreSessionStatisticsResource, { type RestoreStatisticsModel } from '../upstream/resources/restore-session-statistics.js';
import { isFinishedRestoreSession, type RestoreSessionModel } from '../upstream/resources/restore-session.js';
import serviceInstanceResource from '../upstream/resources/service-instance.js';
import eventFeedResource, { type EventPageModel } from '../upstream/resources/event.js';
import { resources, routePath, type ResourceKind, type ResourcePath } from '../upstream/routes.js';
import type { TokenDto } from '../upstream/types.js';
import { byPath, loader, primeSelf } from './loaders.js';
import { decodePage, decodePageWhile, type PageWhileModel, type Window } from './pages.js';

/** A collection read plus the window of it, the key of the page loaders. */
interface PageKey {
  request: CollectionRequest;
  window: Window;
}

/** Look-ahead: children of a session the query addresses by argument, started with the session. */
export interface SessionLookahead {
  logItemIds?: readonly string[];
  logItemWindows?: readonly Window[];
}

/** Items per request when a list the GraphQL schema returns whole is paged by the server (v8). */
const LIST_PAGE_SIZE = 1000;

/** An object the loaders hold: it has an id and links (its `self` link primes the item loader). */
export interface Readable {
  id: string;
  links: Links;
}

/**
 * The per-request data source: what resolvers ask for. It owns the routes (through the version
 * adapter and the resource registry), decoding, the loaders that deduplicate and batch, link
 * following and look-ahead; resolvers never build a path or follow an href themselves. Any
 * resource of the registry is read through `item`, `list`, `page` and `related`; the domain
 * methods below them add what one resource needs beyond that (filters, look-ahead).
 */
export interface BackupApi {
  readonly version: ApiVersion;
  /** One object of a resource by its GUID (already checked); NOT_SUPPORTED_BY_SERVER where the version has no such resource. */
  item<T extends Readable>(resource: ResourceDefinition<T>, id: string): Promise<T>;
  /** A resource's whole collection: one plain array, or page after page where the version pages it. */
  list<T extends Readable>(resource: ResourceDefinition<T>, query?: Query): Promise<T[]>;
  /** A window of a resource's collection (sliced from the whole list where the version does not page it). */
  page<T extends Readable>(resource: ResourceDefinition<T>, window: Window, query?: Query): Promise<PageModel<T>>;
  /** A resource that is one object without an id (`/License`, `/Health`); NOT_SUPPORTED_BY_SERVER where the version has none. */
  singleton<T extends object>(resource: ResourceDefinition<T>): Promise<T>;
  /** The object an object's link `rel` names, if it has that link and it is a route of `resource`. */
  related<T extends Readable>(links: Links, rel: string, resource: ResourceDefinition<T>): Promise<T | null>;
  /** Like `related`, but null (not an error) when the link names a route of another resource. */
  relatedIfOf<T extends Readable>(links: Links, rel: string, resource: ResourceDefinition<T>): Promise<T | null>;
  /** Whether the server's version serves the resource at all (no call). */
  serves(resource: ResourceDefinition): boolean;
  /**
   * The whole collection below one object (its list route's `{id}` is `parentId`, a checked GUID),
   * page after page where the version pages it; NOT_SUPPORTED_BY_SERVER where it has none.
   */
  listUnder<T extends object>(resource: ResourceDefinition<T>, parentId: string): Promise<T[]>;
  /** A window of the collection below one object (sliced from the whole list where the version does not page it). */
  pageUnder<T extends object>(resource: ResourceDefinition<T>, parentId: string, window: Window): Promise<PageModel<T>>;
  jobSession(id: string, lookahead?: SessionLookahead): Promise<JobSessionModel>;
  jobSessions(window: Window, filters: SessionFilters): Promise<PageModel<JobSessionModel>>;
  /**
   * A window of all sessions (newest first, no filter), decoded in order only while `keep` holds:
   * the first session that fails it ends the page undecoded from there (`ended`). One call, not
   * shared with the request's other reads (`keep` is not a key); its sessions prime the item loader.
   */
  jobSessionsWhile(window: Window, keep: (session: JobSessionModel) => boolean): Promise<PageWhileModel<JobSessionModel>>;
  /** Throws NOT_SUPPORTED_BY_SERVER when the server's version cannot apply one of the filters. */
  checkSessionFilters(filters: SessionFilters): void;
  /**
   * One page of the server's change feed of sessions after `from` (v7), or undefined where the
   * version has no feed for these filters. `more`: the feed has more after `nextChangeToken`.
   */
  sessionChanges(from: string | undefined, filters: SessionFilters): Promise<SessionChanges | undefined>;
  /**
   * One answer of the v8 event feed (`GET /Events`) after `from` (`latest` or a change token):
   * a long poll the server holds up to `timeoutSeconds` while nothing happens. The call's deadline
   * is `deadlineMs` (default: `timeoutSeconds` plus EVENT_DEADLINE_MARGIN_MS), not the configured
   * one. NOT_SUPPORTED_BY_SERVER where the version has no feed (v5-v7), with no call; an outdated
   * or unknown token is the server's 400 (BAD_USER_INPUT).
   */
  events(from: string, options: EventFeedOptions): Promise<EventPageModel>;
  logItems(session: JobSessionModel | string, window: Window): Promise<PageModel<LogItemModel>>;
  logItem(session: JobSessionModel | string, id: string): Promise<LogItemModel>;
  /** The session a log item names in its own link (not necessarily the one it was read under). */
  sessionOf(item: LogItemModel): Promise<JobSessionModel | null>;
  jobOf(session: JobSessionModel): Promise<JobModel | null>;
  mainSessionOf(session: JobSessionModel): Promise<JobSessionModel | null>;
  job(id: string, lookahead?: { sessionWindows?: readonly Window[] }): Promise<JobModel>;
  jobs(): Promise<JobModel[]>;
  sessionsOf(job: JobModel | string, window: Window): Promise<PageModel<JobSessionModel>>;
  organizationOf(job: JobModel): Promise<OrganizationModel | null>;
  organization(id: string): Promise<OrganizationModel>;
  organizations(): Promise<OrganizationModel[]>;
  jobsOf(organization: OrganizationModel): Promise<JobModel[]>;
  /** A page of a restore session's events; kept as long as the session when it has finished. */
  restoreSessionEvents(session: RestoreSessionModel, window: Window): Promise<PageModel<RestoreSessionEventModel>>;
  /** A restore session's item counts (v8); null where the version has none. */
  restoreSessionStatistics(session: RestoreSessionModel): Promise<RestoreStatisticsModel | null>;
  /** The product build from `/ServiceInstance`; null where the version has no such resource. */
  productVersion(): Promise<string | null>;
  createToken(username: string, password: string): Promise<TokenDto>;
  refreshToken(refreshToken: string): Promise<TokenDto>;
  signOut(): Promise<boolean>;
  /** Whether the server's version can revoke a token (v7+). */
  readonly canSignOut: boolean;
  /** Runs a job action; for `start`, the session the server answered with (v8), else undefined. */
  jobAction(jobId: string, action: JobAction, full?: boolean): Promise<JobSessionModel | undefined>;
  /** Forgets what this request read (after a write, the next read must see the new state). */
  clear(): void;
}

/** A page of the change feed. */
export interface SessionChanges {
  sessions: JobSessionModel[];
  nextChangeToken: string;
  more: boolean;
}

/** How an `events` call reads the feed. */
export interface EventFeedOptions {
  /** Events per answer, 1 to 10,000. */
  limit: number;
  /** How long the server may hold the call while nothing happens; 0 answers at once. */
  timeoutSeconds: number;
  /** The call's own deadline; default `timeoutSeconds` plus EVENT_DEADLINE_MARGIN_MS. */
  deadlineMs?: number;
}

/** What a long poll's deadline adds to the wait the server was asked for: its answer's own way back. */
export const EVENT_DEADLINE_MARGIN_MS = 10_000;

/** Sessions per change-feed page. */
const CHANGES_PAGE = 1000;

export interface BackupApiOptions {
  client: UpstreamClient;
  adapter: ApiAdapter;
  /** Where loads answered by a loader's cache are reported (`loader-hit`). */
  events?: UpstreamEvents;
  /** The backup server read: every decoded object is stamped with its name (`serverOf`). */
  server?: string;
}

const pageKey = ({ request, window }: PageKey) =>
  `${request.resource.path}?${new URLSearchParams(request.query).toString()}&offset=${window.offset}&limit=${window.limit}`;

const listKey = (request: CollectionRequest) => `${request.resource.path}?${new URLSearchParams(request.query).toString()}`;

function decodeChanges(decodeSession: Decoder<JobSessionModel>): Decoder<SessionChanges> {
  return (value) => {
    const page = Fields.of(value, 'change feed');
    const results = page.json.results;
    if (!Array.isArray(results) || results.length > CHANGES_PAGE) badShape('change feed');
    return { sessions: results.map(decodeSession), nextChangeToken: page.string('nextChangeToken'), more: page.links().next !== undefined };
  };
}

/** Builds the data source of one GraphQL request, over a client that carries the caller's token. */
export function createBackupApi({ client, adapter: versionAdapter, events, server }: BackupApiOptions): BackupApi {
  // Every decoder stamps what it decodes with the server's name: the one place objects learn where they come from.
  const adapter: ApiAdapter =
    server === undefined
      ? versionAdapter
      : Object.assign(Object.create(versionAdapter) as ApiAdapter, {
          decoder: <T extends object>(resource: ResourceDefinition<T>): Decoder<T> => {
            const decode = versionAdapter.decoder(resource);
            return (value) => stampServer(decode(value), server);
          },
        });
  // Every loader this request built, by name: `clear()` empties exactly these.
  const built = new Map<string, DataLoader<never, unknown, string>>();
  const build = <L extends DataLoader<never, unknown, string>>(name: string, create: () => L): L => {
    let made = built.get(name) as L | undefined;
    if (made === undefined) built.set(name, (made = create()));
    return made;
  };

  /** One object per canonical path; an object is also cached under its own `self` path. */
  const items = <T extends Readable>(resource: ResourceDefinition<T>): DataLoader<ResourcePath, T, string> =>
    build(resource.name, () => {
      const decode = adapter.decoder(resource);
      const self: DataLoader<ResourcePath, T, string> = loader(
        resource.name,
        async (path: ResourcePath) => {
          const value = await client.get(path, decode);
          primeSelf(self, value, resource.name as ResourceKind);
          return value;
        },
        byPath,
        events,
      );
      return self;
    });

  /** Pages of a collection; their items prime the item loader. */
  const pages = <T extends Readable>(resource: ResourceDefinition<T>): DataLoader<PageKey, PageModel<T>, string> =>
    build(`${resource.name}Page`, () => {
      const decode = adapter.decoder(resource);
      return loader(
        `${resource.name}Page`,
        async ({ request, window }: PageKey) => {
          const query = { ...request.query, offset: window.offset, limit: window.limit };
          const page = await client.get(request.resource, decodePage(decode, window), query);
          for (const item of page.items) primeSelf(items(resource), item, resource.name as ResourceKind);
          return page;
        },
        pageKey,
        events,
      );
    });

  /** Whole lists: one plain array, or (where the server pages it) page after page. */
  const lists = <T extends Readable>(resource: ResourceDefinition<T>): DataLoader<CollectionRequest, T[], string> =>
    build(`${resource.name}List`, () => {
      const decode = adapter.decoder(resource);
      return loader(
        `${resource.name}List`,
        async (request: CollectionRequest) => {
          const all = request.paged ? await readAllPages(request, decode) : await client.get(request.resource, decodeArray(decode), request.query);
          for (const item of all) primeSelf(items(resource), item, resource.name as ResourceKind);
          return all;
        },
        listKey,
        events,
      );
    });

  /** Whole collections below an object; their entries have no route of their own, so nothing is primed. */
  const listsUnder = <T extends object>(resource: ResourceDefinition<T>): DataLoader<CollectionRequest, T[], string> =>
    build(`${resource.name}ListUnder`, () => {
      const decode = adapter.decoder(resource);
      return loader(
        `${resource.name}ListUnder`,
        (request: CollectionRequest) => (request.paged ? readAllPages(request, decode) : client.get(request.resource, decodeArray(decode), request.query)),
        listKey,
        events,
      );
    });

  /** Windows of collections below an object. */
  const pagesUnder = <T extends object>(resource: ResourceDefinition<T>): DataLoader<PageKey, PageModel<T>, string> =>
    build(`${resource.name}PageUnder`, () => {
      const decode = adapter.decoder(resource);
      return loader(
        `${resource.name}PageUnder`,
        ({ request, window }: PageKey) => client.get(request.resource, decodePage(decode, window), { ...request.query, offset: window.offset, limit: window.limit }),
        pageKey,
        events,
      );
    });

  // Each page is an upstream call counted in the operation's budget, which bounds the walk.
  const readAllPages = async <T>(request: CollectionRequest, decodeItem: Decoder<T>): Promise<T[]> => {
    const all: T[] = [];
    for (let offset = 0; ; offset += LIST_PAGE_SIZE) {
      const window = { offset, limit: LIST_PAGE_SIZE };
      const page = await client.get(request.resource, decodePage(decodeItem, window), { ...request.query, ...window });
      all.push(...page.items);
      if (!page.hasNextPage || page.items.length === 0) return all;
    }
  };

  /** A singleton resource, read once per request at its one route (the route named as the resource). */
  const singletons = <T extends object>(resource: ResourceDefinition<T>): DataLoader<ResourcePath, T, string> =>
    build(resource.name, () => {
      const decode = adapter.decoder(resource);
      return loader(resource.name, (path: ResourcePath) => client.get(path, decode), byPath, events);
    });

  /** Statistics by path: they have no id or links of their own. */
  const statistics = () =>
    build('restoreSessionStatistics', () => {
      const decode = adapter.decoder(restoreSessionStatisticsResource);
      return loader('restoreSessionStatistics', (path: ResourcePath) => client.get(path, decode), byPath, events);
    });

  /** An object read by id must be that object. */
  const expectId = <T extends { id: string }>(what: string, id: string) => (value: T): T => {
    if (value.id !== id) throw facadeError('UPSTREAM_BAD_RESPONSE', `The backup server answered with another ${what} than the one asked for.`);
    return value;
  };

  const matchHref = (href: string): ResourcePath | undefined => {
    try {
      return pathFromHref(href);
    } catch {
      return undefined;
    }
  };

  const follow = (links: Links, rel: string, kinds: readonly ResourceKind[]): ResourcePath | undefined => {
    const href = links[rel];
    return href === undefined ? undefined : pathFromHref(href, kinds);
  };

  const sessionId = (session: JobSessionModel | string) => (typeof session === 'string' ? session : session.id);
  const logOf = (session: JobSessionModel | string) =>
    (typeof session === 'string' ? undefined : follow(session.links, 'log', ['logItemPage'])) ?? resources.logItems(sessionId(session));
  const sessionsRequest = (job: JobModel | string) =>
    typeof job === 'string'
      ? adapter.sessionsOfJob(job, () => undefined)
      : adapter.sessionsOfJob(job.id, () => follow(job.links, 'jobsessions', ['jobSessionPageOfJob']));

  const api: BackupApi = {
    version: adapter.version,

    async item(resource, id) {
      return items(resource).load(routePath(resource.name as ResourceKind, id)).then(expectId(resource.what, id));
    },

    async list(resource, query = {}) {
      return lists(resource).load(adapter.list(resource, query));
    },

    async page(resource, window, query = {}) {
      const request = adapter.list(resource, query);
      if (request.paged) return pages(resource).load({ request, window });
      const all = await lists(resource).load(request);
      return { items: all.slice(window.offset, window.offset + window.limit), offset: window.offset, hasNextPage: all.length > window.offset + window.limit, totalCount: all.length };
    },

    async singleton(resource) {
      return singletons(resource).load(routePath(resource.name as ResourceKind));
    },

    async related(links, rel, resource) {
      const path = follow(links, rel, [resource.name as ResourceKind]);
      return path ? items(resource).load(path) : null;
    },

    async relatedIfOf(links, rel, resource) {
      const href = links[rel];
      const path = href === undefined ? undefined : matchHref(href);
      return path?.kind === resource.name ? items(resource).load(path) : null;
    },

    serves: (resource) => adapter.serves(resource),

    async listUnder(resource, parentId) {
      return listsUnder(resource).load(adapter.list(resource, {}, [parentId]));
    },

    async pageUnder(resource, parentId, window) {
      const request = adapter.list(resource, {}, [parentId]);
      if (request.paged) return pagesUnder(resource).load({ request, window });
      const all = await listsUnder(resource).load(request);
      return { items: all.slice(window.offset, window.offset + window.limit), offset: window.offset, hasNextPage: all.length > window.offset + window.limit, totalCount: all.length };
    },

    jobSession(id, lookahead = {}) {
      for (const itemId of lookahead.logItemIds ?? []) api.logItem(id, itemId).catch(() => undefined);
      for (const window of lookahead.logItemWindows ?? []) api.logItems(id, window).catch(() => undefined);
      return items(jobSessionResource).load(resources.jobSession(id)).then(expectId('job session', id));
    },

    jobSessions(window, filters) {
      const request: CollectionRequest = { resource: resources.jobSessions(), query: adapter.sessionFilters(filters), paged: true };
      return pages(jobSessionResource).load({ request, window });
    },

    async jobSessionsWhile(window, keep) {
      const query = { ...adapter.sessionFilters({}), offset: window.offset, limit: window.limit };
      const page = await client.get(resources.jobSessions(), decodePageWhile(adapter.decoder(jobSessionResource), window, keep), query);
      for (const item of page.items) primeSelf(items(jobSessionResource), item, 'jobSession');
      return page;
    },

    checkSessionFilters(filters) {
      adapter.sessionFilters(filters);
    },

    async sessionChanges(from, filters) {
      const feed = adapter.sessionChanges(filters);
      if (!feed) return undefined;
      const query = { ...feed.request.query, ...(from === undefined ? {} : { from }), limit: CHANGES_PAGE };
      return client.get(feed.request.resource, decodeChanges(adapter.decoder(jobSessionResource)), query);
    },

    async events(from, { limit, timeoutSeconds, deadlineMs }) {
      const decode = adapter.decoder(eventFeedResource);
      const query = { from, limit, timeoutSeconds };
      return client.get(routePath('eventFeed'), decode, query, { timeoutMs: deadlineMs ?? timeoutSeconds * 1000 + EVENT_DEADLINE_MARGIN_MS });
    },

    logItems(session, window) {
      return pages(logItemResource).load({ request: { resource: logOf(session), query: {}, paged: true }, window });
    },

    // Veeam's own example answers a log item URL with an item of another id (and session), so
    // an item's id is not checked against the one asked for; its links are followed as they are.
    logItem(session, id) {
      return items(logItemResource).load(resources.itemOf(logOf(session), id));
    },

    sessionOf: (item) => api.related(item.links, 'jobsessions', jobSessionResource),

    async jobOf(session) {
      const path = follow(session.links, 'job', ['job', 'copyJob']) ?? (session.jobId === null ? undefined : resources.job(session.jobId));
      // A backup-copy session (v6+) links to a copy job, which is not a `Job` of this schema.
      return path && path.kind === 'job' ? items(jobResource).load(path) : null;
    },

    async mainSessionOf(session) {
      return session.mainSessionId === null ? null : api.jobSession(session.mainSessionId);
    },

    job(id, lookahead = {}) {
      for (const window of lookahead.sessionWindows ?? []) api.sessionsOf(id, window).catch(() => undefined);
      return items(jobResource).load(resources.job(id)).then(expectId('job', id));
    },

    jobs: () => api.list(jobResource),

    sessionsOf(job, window) {
      return pages(jobSessionResource).load({ request: sessionsRequest(job), window });
    },

    async organizationOf(job) {
      const path =
        follow(job.links, 'organization', ['organization']) ??
        (job.organizationId === null ? undefined : resources.organization(job.organizationId));
      return path ? items(organizationResource).load(path) : null;
    },

    organization: (id) => api.item(organizationResource, id),

    organizations: () => api.list(organizationResource),

    async jobsOf(organization) {
      return lists(jobResource).load(adapter.jobsOfOrganization(organization.id, () => follow(organization.links, 'jobs', ['jobListOfOrganization'])));
    },

    restoreSessionEvents(session, window) {
      const resource = { ...routePath('restoreSessionEventPage', session.id), finished: isFinishedRestoreSession(session) };
      return pages(restoreSessionEventResource).load({ request: { resource, query: {}, paged: true }, window });
    },

    async restoreSessionStatistics(session) {
      if (!adapter.serves(restoreSessionStatisticsResource)) return null;
      return statistics().load({ ...routePath('restoreSessionStatistics', session.id), finished: isFinishedRestoreSession(session) });
    },

    async productVersion() {
      return adapter.serves(serviceInstanceResource) ? (await api.singleton(serviceInstanceResource)).version : null;
    },

    createToken: (username, password) => client.token({ grant_type: 'password', username, password, ...adapter.signInFields }),

    refreshToken: (refreshToken) => client.token({ grant_type: 'refresh_token', refresh_token: refreshToken, ...adapter.signInFields }),

    canSignOut: adapter.logout !== undefined,

    async signOut() {
      if (!adapter.logout) {
        throw facadeError('NOT_SUPPORTED_BY_SERVER', `The backup server speaks API ${adapter.version}, which cannot revoke a token (v7+ can); it stays valid until it expires.`);
      }
      await client.post(adapter.logout, () => undefined);
      return true;
    },

    async jobAction(jobId, action, full = false) {
      const write = adapter.jobAction(jobId, action, full);
      const answer = await client.post(write, action === 'start' && adapter.startReturnsSession ? adapter.decoder(jobSessionResource) : () => undefined);
      api.clear();
      return answer ?? undefined;
    },

    clear() {
      // Only the loaders this request built; the others hold nothing.
      for (const made of built.values()) made.clearAll();
    },
  };
  return api;
}
