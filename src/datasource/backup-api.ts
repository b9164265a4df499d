import type DataLoader from 'dataloader';
import { facadeError } from '../errors.js';
import type { JobModel, JobSessionModel, Links, LogItemModel, OrganizationModel, PageModel } from '../model.js';
import type { ApiAdapter, CollectionRequest, JobAction, SessionFilters } from '../upstream/adapters/index.js';
import type { ApiVersion } from '../upstream/api-version.js';
import type { UpstreamClient } from '../upstream/client.js';
import { badShape, decodeArray, Fields, type Decoder } from '../upstream/decode.js';
import { pathFromHref } from '../upstream/links.js';
import { resources, type ResourceKind, type ResourcePath } from '../upstream/routes.js';
import type { TokenDto } from '../upstream/types.js';
import { byPath, lazy, loader, primeSelf, type CacheHit, type Lazy } from './loaders.js';
import { decodePage, type Window } from './pages.js';

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

/**
 * The per-request data source: what resolvers ask for, in the domain's words. It owns the
 * routes (through the version adapter), decoding, the loaders that deduplicate and batch,
 * link following and look-ahead; resolvers never build a path or follow an href themselves.
 */
export interface BackupApi {
  readonly version: ApiVersion;
  jobSession(id: string, lookahead?: SessionLookahead): Promise<JobSessionModel>;
  jobSessions(window: Window, filters: SessionFilters): Promise<PageModel<JobSessionModel>>;
  /** Throws NOT_SUPPORTED_BY_SERVER when the server's version cannot apply one of the filters. */
  checkSessionFilters(filters: SessionFilters): void;
  /**
   * One page of the server's change feed of sessions after `from` (v7), or undefined where the
   * version has no feed for these filters. `more`: the feed has more after `nextChangeToken`.
   */
  sessionChanges(from: string | undefined, filters: SessionFilters): Promise<SessionChanges | undefined>;
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
  /** The product build from `/ServiceInstance`; null where the version has no such resource. */
  productVersion(): Promise<string | null>;
  createToken(username: string, password: string): Promise<TokenDto>;
  refreshToken(refreshToken: string): Promise<TokenDto>;
  signOut(): Promise<boolean>;
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

/** Sessions per change-feed page. */
const CHANGES_PAGE = 1000;

export interface BackupApiOptions {
  client: UpstreamClient;
  adapter: ApiAdapter;
  onCacheHit?: CacheHit;
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
export function createBackupApi({ client, adapter, onCacheHit }: BackupApiOptions): BackupApi {
  const itemLoader = <T extends { links: Links }>(kind: ResourceKind, decode: Decoder<T>) => {
    const self: Lazy<DataLoader<ResourcePath, T, string>> = lazy(() =>
      loader(
        kind,
        async (resource: ResourcePath) => {
          const value = await client.get(resource, decode);
          primeSelf(self(), value, kind);
          return value;
        },
        byPath,
        onCacheHit,
      ),
    );
    return self;
  };
  const sessions = itemLoader('jobSession', adapter.decodeJobSession);
  const logItems = itemLoader('logItem', adapter.decodeLogItem);
  const jobs = itemLoader('job', adapter.decodeJob);
  const organizations = itemLoader('organization', adapter.decodeOrganization);

  /** A loader of pages whose items prime the item loader under their `self` path. */
  const pageLoader = <T extends { links: Links }>(name: string, decodeItem: Decoder<T>, items: () => DataLoader<ResourcePath, T, string>, kind: ResourceKind) =>
    lazy(() =>
      loader(
        name,
        async ({ request, window }: PageKey) => {
          const query = { ...request.query, offset: window.offset, limit: window.limit };
          const page = await client.get(request.resource, decodePage(decodeItem, window), query);
          for (const item of page.items) primeSelf(items(), item, kind);
          return page;
        },
        pageKey,
        onCacheHit,
      ),
    );
  const sessionPages = pageLoader('jobSessionPage', adapter.decodeJobSession, sessions, 'jobSession');
  const logItemPages = pageLoader('logItemPage', adapter.decodeLogItem, logItems, 'logItem');

  /** A whole list: one plain array, or (where the server pages it) page after page. */
  const listLoader = <T extends { links: Links }>(name: string, decodeItem: Decoder<T>, items: () => DataLoader<ResourcePath, T, string>, kind: ResourceKind) =>
    lazy(() =>
      loader(
        name,
        async (request: CollectionRequest) => {
          const all = request.paged ? await readAllPages(request, decodeItem) : await client.get(request.resource, decodeArray(decodeItem), request.query);
          for (const item of all) primeSelf(items(), item, kind);
          return all;
        },
        listKey,
        onCacheHit,
      ),
    );
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
  const jobLists = listLoader('jobList', adapter.decodeJob, jobs, 'job');
  const organizationLists = listLoader('organizationList', adapter.decodeOrganization, organizations, 'organization');

  const serviceInstance = lazy(() =>
    client.get(resources.serviceInstance(), (value) => Fields.of(value, 'service instance').optionalString('version')),
  );

  /** An object read by id must be that object. */
  const expectId = <T extends { id: string }>(what: string, id: string) => (value: T): T => {
    if (value.id !== id) throw facadeError('UPSTREAM_BAD_RESPONSE', `The backup server answered with another ${what} than the one asked for.`);
    return value;
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

    jobSession(id, lookahead = {}) {
      for (const itemId of lookahead.logItemIds ?? []) api.logItem(id, itemId).catch(() => undefined);
      for (const window of lookahead.logItemWindows ?? []) api.logItems(id, window).catch(() => undefined);
      return sessions().load(resources.jobSession(id)).then(expectId('job session', id));
    },

    jobSessions(window, filters) {
      const request: CollectionRequest = { resource: resources.jobSessions(), query: adapter.sessionFilters(filters), paged: true };
      return sessionPages().load({ request, window });
    },

    checkSessionFilters(filters) {
      adapter.sessionFilters(filters);
    },

    async sessionChanges(from, filters) {
      const feed = adapter.sessionChanges(filters);
      if (!feed) return undefined;
      const query = { ...feed.request.query, ...(from === undefined ? {} : { from }), limit: CHANGES_PAGE };
      return client.get(feed.request.resource, decodeChanges(adapter.decodeJobSession), query);
    },

    logItems(session, window) {
      return logItemPages().load({ request: { resource: logOf(session), query: {}, paged: true }, window });
    },

    // Veeam's own example answers a log item URL with an item of another id (and session), so
    // an item's id is not checked against the one asked for; its links are followed as they are.
    logItem(session, id) {
      return logItems().load(resources.itemOf(logOf(session), id));
    },

    async sessionOf(item) {
      const path = follow(item.links, 'jobsessions', ['jobSession']);
      return path ? sessions().load(path) : null;
    },

    async jobOf(session) {
      const path = follow(session.links, 'job', ['job', 'copyJob']) ?? (session.jobId === null ? undefined : resources.job(session.jobId));
      // A backup-copy session (v6+) links to a copy job, which is not a `Job` of this schema.
      return path && path.kind === 'job' ? jobs().load(path) : null;
    },

    async mainSessionOf(session) {
      return session.mainSessionId === null ? null : api.jobSession(session.mainSessionId);
    },

    job(id, lookahead = {}) {
      for (const window of lookahead.sessionWindows ?? []) api.sessionsOf(id, window).catch(() => undefined);
      return jobs().load(resources.job(id)).then(expectId('job', id));
    },

    jobs: () => jobLists().load(adapter.jobs()),

    sessionsOf(job, window) {
      return sessionPages().load({ request: sessionsRequest(job), window });
    },

    async organizationOf(job) {
      const path =
        follow(job.links, 'organization', ['organization']) ??
        (job.organizationId === null ? undefined : resources.organization(job.organizationId));
      return path ? organizations().load(path) : null;
    },

    organization: (id) => organizations().load(resources.organization(id)).then(expectId('organization', id)),

    organizations: () => organizationLists().load(adapter.organizations()),

    jobsOf(organization) {
      return jobLists().load(adapter.jobsOfOrganization(organization.id, () => follow(organization.links, 'jobs', ['jobListOfOrganization'])));
    },

    async productVersion() {
      return adapter.hasServiceInstance ? serviceInstance() : null;
    },

    createToken: (username, password) => client.token({ grant_type: 'password', username, password, ...adapter.signInFields }),

    refreshToken: (refreshToken) => client.token({ grant_type: 'refresh_token', refresh_token: refreshToken, ...adapter.signInFields }),

    async signOut() {
      if (!adapter.logout) {
        throw facadeError('NOT_SUPPORTED_BY_SERVER', `The backup server speaks API ${adapter.version}, which cannot revoke a token (v7+ can); it stays valid until it expires.`);
      }
      await client.post(adapter.logout, () => undefined);
      return true;
    },

    async jobAction(jobId, action, full = false) {
      const write = adapter.jobAction(jobId, action, full);
      const answer = await client.post(write, action === 'start' && adapter.startReturnsSession ? adapter.decodeJobSession : () => undefined);
      api.clear();
      return answer ?? undefined;
    },

    clear() {
      // Only the loaders this request built; the others hold nothing.
      for (const built of [sessions, logItems, jobs, organizations, sessionPages, logItemPages, jobLists, organizationLists]) built.current?.clearAll();
    },
  };
  return api;
}
