import type { TokenStore } from './auth.js';
import { canSeeOrganization, type DemoUser, type JobRecord, type SessionRecord } from './data.js';
import { logItemType, type PageWindow, type Renderer } from './dto.js';
import { ApiError, errorBody } from './errors.js';
import type { SimulatorResource } from './resources/define.js';
import { SIMULATOR_RESOURCES } from './resources/index.generated.js';
import { JobConflict, type JobRunner } from './runner.js';
import type { Store } from './store.js';
import { API_VERSIONS, PRODUCT_VERSION, since, type ApiVersion } from './versions.js';
import type { EventsDto, JobSessionChangesDto, JobTypeDto, LogItemTypeDto, ServiceInstanceDto } from './wire.js';

export interface ApiRequest {
  readonly method: string;
  /** Path without the query, as received (any case, still percent-encoded). */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly authorization: string | undefined;
  readonly body: string;
  readonly contentType?: string | undefined;
  /** The `x-xsrf-token` header (v8 antiforgery). */
  readonly antiforgeryToken?: string | undefined;
  /** Answer now: the long poll's wait is over (or the server holds as many as it will). */
  readonly noWait?: boolean;
}

export interface ApiResponse {
  readonly status: number;
  /** JSON text (empty for 204). */
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  /**
   * A long poll with nothing to say yet: the server waits up to `ms` for the next event (or its
   * own close), then asks again with `noWait` and `from` (the position the poll started at, so a
   * `latest` keeps meaning the moment it arrived). `status`, `body` and `headers` are unused then.
   */
  readonly wait?: { readonly ms: number; readonly from: string };
}

/** The REST API without the HTTP server: one request in, one response out. */
export type Api = (request: ApiRequest) => ApiResponse;

export interface ApiDependencies {
  readonly store: Store;
  readonly tokens: TokenStore;
  readonly runner: JobRunner;
  /** One renderer per served version. */
  readonly renderers: ReadonlyMap<ApiVersion, Renderer>;
  /** Random per simulator: change tokens of another instance are refused. */
  readonly instanceId: string;
  readonly installationId: string;
}

const DEFAULT_LIMIT = 30;
const MAX_LIMIT = 10_000;
/** Change tokens more than this many session changes old are outdated (the server keeps a bounded history). */
export const CHANGE_TOKEN_RETENTION = 1000;
/** The longest `timeoutSeconds` a long poll of `/Events` waits (the simulator's own bound). */
export const MAX_EVENT_WAIT_SECONDS = 120;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ID = '{id}';
const DENIED = 'Authorization has been denied for this request.';
const ANTIFORGERY_DENIED =
  'The antiforgery token is missing or invalid: send it in the x-xsrf-token header, or sign in with disable_antiforgery_token=true.';

interface Context {
  readonly version: ApiVersion;
  readonly render: Renderer;
  readonly request: ApiRequest;
  /** GUID path parameters, lowercased, in path order. */
  readonly ids: readonly string[];
  readonly query: URLSearchParams;
}

interface UserContext extends Context {
  readonly user: DemoUser;
}

type Handler = (context: Context) => ApiResponse;

interface Route {
  readonly pattern: readonly string[];
  readonly method: 'GET' | 'POST';
  readonly versions: readonly ApiVersion[];
  readonly handle: Handler;
}

const ALL = API_VERSIONS;
const V5_V6: readonly ApiVersion[] = ['v5', 'v6'];
const V5_V7: readonly ApiVersion[] = ['v5', 'v6', 'v7'];
const V6_UP: readonly ApiVersion[] = ['v6', 'v7', 'v8'];
const V7_UP: readonly ApiVersion[] = ['v7', 'v8'];

export function createApi({ store, tokens, runner, renderers, instanceId, installationId }: ApiDependencies): Api {
  /** v5 does not know copy sessions. */
  const knows = (version: ApiVersion, session: SessionRecord): boolean =>
    session.jobType === 'Backup' || since(version, 'v6');

  const visibleSession = ({ user, version }: UserContext, id: string): SessionRecord => {
    const session = store.session(id);
    if (session === undefined || !knows(version, session) || !canSeeOrganization(user, session.organizationId)) {
      throw new ApiError(404, `Job session with ID '${id}' was not found.`);
    }
    return session;
  };
  const visibleJob = (user: DemoUser, id: string): JobRecord => {
    const job = store.job(id);
    if (job === undefined || !canSeeOrganization(user, job.organizationId)) {
      throw new ApiError(404, `Job with ID '${id}' was not found.`);
    }
    return job;
  };
  const visibleOrganization = (user: DemoUser, id: string) => {
    const organization = store.organization(id);
    if (organization === undefined || !canSeeOrganization(user, organization.id)) {
      throw new ApiError(404, `Organization with ID '${id}' was not found.`);
    }
    return organization;
  };
  /** Writes tell a job the caller may not manage (403) from one that does not exist (404). */
  const manageableJob = (user: DemoUser, id: string): JobRecord => {
    const job = store.job(id);
    if (job === undefined) throw new ApiError(404, `Job with ID '${id}' was not found.`);
    if (!canSeeOrganization(user, job.organizationId)) {
      throw new ApiError(403, `Access to job with ID '${id}' is denied.`, 'ResourceAccessDenied');
    }
    return job;
  };

  const sessionsFor = ({ user, version }: UserContext): SessionRecord[] =>
    (since(version, 'v6') ? store.allSessions() : store.data.sessions).filter((s) =>
      canSeeOrganization(user, s.organizationId),
    );

  const authenticated =
    (handle: (context: UserContext) => ApiResponse): Handler =>
    (context) => {
      const auth = tokens.authenticate(context.request.authorization, context.request.antiforgeryToken);
      if (!auth.ok) {
        const message = auth.reason === 'antiforgery' ? ANTIFORGERY_DENIED : DENIED;
        throw new ApiError(401, message, 'HttpError', { 'www-authenticate': 'Bearer' });
      }
      const badId = context.ids.find((param) => !GUID.test(param));
      if (badId !== undefined) throw new ApiError(400, `The value '${badId}' is not a valid ID.`);
      return handle({ ...context, user: auth.user });
    };
  const read = (handle: (context: UserContext) => unknown): Handler =>
    authenticated((context) => json(200, handle(context)));

  /** Refusals: 409 on v8 (its unified codes), 400 before; errorCode OperationConflict from v7. */
  const control = (handle: (context: UserContext, job: JobRecord) => ApiResponse | undefined): Handler =>
    authenticated((context) => {
      const job = manageableJob(context.user, context.ids[0] ?? '');
      try {
        return handle(context, job) ?? noContent();
      } catch (error) {
        if (!(error instanceof JobConflict)) throw error;
        throw new ApiError(since(context.version, 'v8') ? 409 : 400, error.message, 'OperationConflict');
      }
    });

  /** The read-only resources of `resources/`, each one module. */
  const resourceRoutes: readonly Route[] = (SIMULATOR_RESOURCES as readonly SimulatorResource[]).flatMap((resource) =>
    resource.routes.map((route): Route => ({
      pattern: route.pattern,
      method: 'GET',
      versions: route.versions,
      handle: read(({ version, render, user, ids, query }) =>
        route.read({ version, render, user, ids, query, store, window: () => readWindow(query) }),
      ),
    })),
  );

  const routes: readonly Route[] = [
    ...resourceRoutes,
    { pattern: ['token'], method: 'POST', versions: ALL, handle: ({ request, version }) => grantToken(tokens, request, version) },
    {
      pattern: ['token', 'logout'],
      method: 'POST',
      versions: V7_UP,
      handle: ({ request }) => {
        if (!tokens.revoke(request.authorization)) {
          throw new ApiError(401, DENIED, 'HttpError', { 'www-authenticate': 'Bearer' });
        }
        return noContent();
      },
    },
    {
      pattern: ['serviceinstance'],
      method: 'GET',
      versions: V6_UP,
      handle: read((): ServiceInstanceDto => ({ installationId, version: PRODUCT_VERSION })),
    },
    {
      pattern: ['jobsessions'],
      method: 'GET',
      versions: ALL,
      handle: read((context) => {
        const { filters, matches } = sessionFilters(context.version, context.query);
        const sessions = sessionsFor(context).filter(matches);
        return context.render.page('jobsessions', readWindow(context.query), sessions, context.render.session, filters);
      }),
    },
    {
      pattern: ['jobsessions', 'changes'],
      method: 'GET',
      versions: ['v7'],
      handle: read((context) => sessionChanges(context)),
    },
    {
      pattern: ['events'],
      method: 'GET',
      versions: ['v8'],
      handle: authenticated((context) => events(context)),
    },
    {
      pattern: ['jobsessions', ID],
      method: 'GET',
      versions: ALL,
      handle: read((context) => context.render.session(visibleSession(context, context.ids[0] ?? ''))),
    },
    {
      pattern: ['jobsessions', ID, 'logitems'],
      method: 'GET',
      versions: ALL,
      handle: read((context) => {
        const id = context.ids[0] ?? '';
        const session = visibleSession(context, id);
        const { filters, select } = logItemFilters(context.version, context.query);
        return context.render.page(
          `jobsessions/${id}/logitems`,
          readWindow(context.query),
          select(session.logItems),
          context.render.logItem,
          filters,
        );
      }),
    },
    {
      pattern: ['jobsessions', ID, 'logitems', ID],
      method: 'GET',
      versions: ALL,
      handle: read((context) => {
        const [sessionId = '', itemId = ''] = context.ids;
        visibleSession(context, sessionId);
        const item = store.logItem(sessionId, itemId);
        const owner = item && store.session(item.jobSessionId);
        if (item === undefined || owner === undefined || !canSeeOrganization(context.user, owner.organizationId)) {
          throw new ApiError(404, `Log item with ID '${itemId}' was not found.`);
        }
        return context.render.logItem(item);
      }),
    },
    {
      pattern: ['jobs'],
      method: 'GET',
      versions: ALL,
      handle: read(({ user, version, query, render }) => {
        const jobs = store.data.jobs.filter((j) => canSeeOrganization(user, j.organizationId));
        if (!since(version, 'v8')) return jobs.map(render.job);
        const filters = new URLSearchParams();
        const organizationId = guidParameter(query, 'organizationId', filters);
        const repositoryId = guidParameter(query, 'repositoryId', filters);
        const selected = jobs.filter(
          (j) =>
            (organizationId === undefined || j.organizationId === organizationId) &&
            (repositoryId === undefined || j.backupRepositoryId === repositoryId),
        );
        return render.page('jobs', readWindow(query), selected, render.job, filters);
      }),
    },
    {
      pattern: ['jobs', ID],
      method: 'GET',
      versions: ALL,
      handle: read(({ ids: [id = ''], user, render }) => render.job(visibleJob(user, id))),
    },
    {
      pattern: ['jobs', ID, 'jobsessions'],
      method: 'GET',
      versions: V5_V6,
      handle: read(({ ids: [id = ''], query, user, render }) => {
        const job = visibleJob(user, id);
        return render.page(`jobs/${id}/jobsessions`, readWindow(query), store.sessionsOf(job.id), render.session);
      }),
    },
    {
      pattern: ['jobs', ID, 'action'],
      method: 'POST',
      versions: ['v5'],
      handle: control(({ request }, job) => {
        const action = v5Action(request.body);
        if (action === 'start') runner.start(job, { full: false });
        else if (action === 'stop') runner.stop(job);
        else runner.setEnabled(job, action === 'enable');
        return undefined;
      }),
    },
    {
      pattern: ['jobs', ID, 'start'],
      method: 'POST',
      versions: V6_UP,
      handle: control(({ request, version, render }, job) => {
        const session = runner.start(job, { full: startOptions(request.body) });
        return since(version, 'v8') ? json(200, render.session(session)) : undefined;
      }),
    },
    {
      pattern: ['jobs', ID, 'stop'],
      method: 'POST',
      versions: V6_UP,
      handle: control((_, job) => void runner.stop(job)),
    },
    {
      pattern: ['jobs', ID, 'enable'],
      method: 'POST',
      versions: V6_UP,
      handle: control((_, job) => void runner.setEnabled(job, true)),
    },
    {
      pattern: ['jobs', ID, 'disable'],
      method: 'POST',
      versions: V6_UP,
      handle: control((_, job) => void runner.setEnabled(job, false)),
    },
    {
      pattern: ['copyjobs', ID],
      method: 'GET',
      versions: V6_UP,
      handle: read(({ ids: [id = ''], user, render }) => {
        const copyJob = store.copyJob(id);
        if (copyJob === undefined || !canSeeOrganization(user, copyJob.organizationId)) {
          throw new ApiError(404, `Copy job with ID '${id}' was not found.`);
        }
        return render.copyJob(copyJob);
      }),
    },
    {
      pattern: ['organizations'],
      method: 'GET',
      versions: ALL,
      handle: read(({ user, version, query, render }) => {
        const organizations = store.data.organizations.filter((o) => canSeeOrganization(user, o.id));
        if (!since(version, 'v8')) return organizations.map(render.organization);
        return render.page('organizations', readWindow(query), organizations, render.organization);
      }),
    },
    {
      pattern: ['organizations', ID],
      method: 'GET',
      versions: ALL,
      handle: read(({ ids: [id = ''], user, render }) => render.organization(visibleOrganization(user, id))),
    },
    {
      pattern: ['organizations', ID, 'jobs'],
      method: 'GET',
      versions: V5_V7,
      handle: read(({ ids: [id = ''], user, render }) => {
        visibleOrganization(user, id);
        return store.data.jobs.filter((j) => j.organizationId === id).map(render.job);
      }),
    },
  ];

  function sessionChanges(context: UserContext): JobSessionChangesDto {
    const { query, render, user } = context;
    const limit = readWindow(query).limit;
    const from = parameter(query, 'from');
    const since = from === undefined ? 0 : readChangeToken(from);
    const jobType = enumParameter(query, 'jobType', JOB_TYPES);
    const changes = store
      .changesSince(since)
      .filter(
        ({ session }) =>
          canSeeOrganization(user, session.organizationId) && (jobType === undefined || session.jobType === jobType),
      );
    const taken = changes.slice(0, limit);
    const more = changes.length > limit;
    const next = more ? (taken.at(-1)?.sequence ?? since) : store.sequence;
    const nextChangeToken = changeToken(next);
    const typeQuery = jobType === undefined ? '' : `&jobType=${jobType}`;
    return {
      nextChangeToken,
      limit,
      setId: render.setId(`jobsessions/changes?from=${from ?? ''}${typeQuery}`),
      totalCount: changes.length,
      results: taken.map(({ session }) => render.session(session)),
      _links: {
        self: render.link(`jobsessions/changes?${from === undefined ? '' : `from=${from}&`}limit=${limit}${typeQuery}`),
        ...(more ? { next: render.link(`jobsessions/changes?from=${nextChangeToken}&limit=${limit}${typeQuery}`) } : {}),
      },
    };
  }

  /**
   * `GET /v8/Events?from=latest|<token>&limit&timeoutSeconds`: the events after the token the
   * caller may see (their organization is one of the caller's). With none yet and
   * `timeoutSeconds` > 0 the answer waits for the next event, up to that long
   * (MAX_EVENT_WAIT_SECONDS at most), then answers with what there is (maybe nothing) and the
   * token to go on from. What the OpenAPI document leaves open is decided so:
   * - `from=latest` starts at the present and waits like any other token; without
   *   `timeoutSeconds` (or with 0) every answer is immediate.
   * - A token of another instance, from the future, or older than the retained events
   *   (EVENT_RETENTION) is refused with 400 `OutdatedChangeToken`, as `/JobSessions/Changes` refuses one
   *   on v7; the caller starts over from `latest`.
   * - Events the caller may not see still move its token on, so its next poll does not find them again.
   */
  function events(context: UserContext): ApiResponse {
    const { query, user, request } = context;
    const limit = readWindow(query).limit;
    const from = parameter(query, 'from');
    if (from === undefined || from === '') throw new ApiError(400, "The 'from' parameter is required: a change token, or 'latest'.");
    const timeoutSeconds = integerParameter(query, 'timeoutSeconds', 0);
    const since = from.toLowerCase() === 'latest' ? store.eventSequence : readEventToken(from);
    const after = store.eventsSince(since);
    const visible = after.filter((event) => canSeeOrganization(user, event.organizationId));
    const taken = visible.slice(0, limit);
    if (taken.length === 0 && timeoutSeconds > 0 && request.noWait !== true) {
      // Nothing yet: the server waits and asks again from the same position.
      return { status: 200, body: '', headers: {}, wait: { ms: Math.min(timeoutSeconds, MAX_EVENT_WAIT_SECONDS) * 1000, from: eventToken(since) } };
    }
    const next = visible.length > limit ? (taken.at(-1)?.sequence ?? since) : (after.at(-1)?.sequence ?? since);
    const body: EventsDto = {
      nextChangeToken: eventToken(next),
      limit,
      setId: context.render.setId(`events?from=${from}`),
      results: taken.map(({ sequence: _sequence, organizationId, ...event }) => ({ ...event, organizationId })),
    };
    return json(200, body);
  }

  function eventToken(sequence: number): string {
    return Buffer.from(`${instanceId}.e${sequence}`).toString('base64url');
  }

  function readEventToken(token: string): number {
    const [tag, raw = ''] = Buffer.from(token, 'base64url').toString('utf8').split('.');
    const sequence = /^e\d+$/.test(raw) ? Number(raw.slice(1)) : Number.NaN;
    if (tag !== instanceId || !Number.isSafeInteger(sequence) || sequence > store.eventSequence || sequence < store.eventFloor) {
      throw new ApiError(400, 'The change token is outdated or unknown. Request the events from latest to start over.', 'OutdatedChangeToken');
    }
    return sequence;
  }

  function changeToken(sequence: number): string {
    return Buffer.from(`${instanceId}.${sequence}`).toString('base64url');
  }

  /** A token of this instance, not from the future, and not older than the retained history. */
  function readChangeToken(token: string): number {
    const [tag, raw = ''] = Buffer.from(token, 'base64url').toString('utf8').split('.');
    const sequence = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    const current = store.sequence;
    if (tag !== instanceId || !Number.isSafeInteger(sequence) || sequence > current || current - sequence > CHANGE_TOKEN_RETENTION) {
      throw new ApiError(400, 'The change token is outdated or unknown. Request the changes without a token to start over.', 'OutdatedChangeToken');
    }
    return sequence;
  }

  return (request) => {
    const segments = splitPath(request.path);
    const version = segments?.[0];
    const renderer = version === undefined ? undefined : renderers.get(version as ApiVersion);
    try {
      if (segments === undefined || renderer === undefined) throw notFound(request.path);
      return dispatch(routes, request, renderer, segments.slice(1));
    } catch (error) {
      if (error instanceof ApiError) {
        return json(error.status, errorBody(renderer?.version, error), error.headers);
      }
      throw error;
    }
  };
}

function notFound(path: string): ApiError {
  return new ApiError(404, `No HTTP resource was found that matches the request URI '${path}'.`);
}

/**
 * The most specific pattern wins (a literal beats `{id}`), as ASP.NET routing does; a route this
 * version does not have answers 404 even when another version has it.
 */
function dispatch(routes: readonly Route[], request: ApiRequest, render: Renderer, segments: readonly string[]): ApiResponse {
  const matches = routes.flatMap((route) => {
    const ids = matchPattern(route.pattern, segments);
    return ids ? [{ route, ids }] : [];
  });
  const specificity = (route: Route): number => route.pattern.filter((part) => part !== ID).length;
  const best = Math.max(-1, ...matches.map(({ route }) => specificity(route)));
  const candidates = matches.filter(
    ({ route }) => specificity(route) === best && route.versions.includes(render.version),
  );
  if (candidates.length === 0) throw notFound(request.path);
  const match = candidates.find(({ route }) => route.method === request.method.toUpperCase());
  if (match === undefined) {
    const allow = candidates.map(({ route }) => route.method).join(', ');
    throw new ApiError(405, `The requested resource does not support http method '${request.method}'.`, 'HttpError', {
      allow,
    });
  }
  return match.route.handle({ version: render.version, render, request, ids: match.ids, query: request.query });
}

/** Lowercased, percent-decoded segments; one trailing slash is tolerated. */
function splitPath(path: string): string[] | undefined {
  const segments = path.replace(/^\//, '').replace(/\/$/, '').split('/');
  try {
    return segments.map((segment) => decodeURIComponent(segment).toLowerCase());
  } catch {
    return undefined;
  }
}

function matchPattern(pattern: readonly string[], segments: readonly string[]): string[] | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: string[] = [];
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] ?? '';
    if (part === ID && segment !== '') params.push(segment);
    else if (part !== segment) return undefined;
  }
  return params;
}

/** Form-encoded on every version, JSON too from v6; v8 issues antiforgery-bound tokens unless told not to. */
function grantToken(tokens: TokenStore, request: ApiRequest, version: ApiVersion): ApiResponse {
  const isJson = /^application\/json\b/i.test(request.contentType ?? '') && since(version, 'v6');
  const form = isJson ? jsonForm(request.body) : new URLSearchParams(request.body);
  const antiforgery = since(version, 'v8') && form.get('disable_antiforgery_token')?.toLowerCase() !== 'true';
  const result = tokens.grant(form, { antiforgery });
  if (!result.ok) return json(400, result.error);
  const headers: Record<string, string> = { 'cache-control': 'no-cache', pragma: 'no-cache', expires: '-1' };
  if (result.antiforgeryToken !== undefined) {
    headers['set-cookie'] = `XSRF-TOKEN=${result.antiforgeryToken}; path=/; samesite=strict`;
  }
  return json(200, result.token, headers);
}

function jsonForm(body: string): URLSearchParams {
  const form = new URLSearchParams();
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      for (const [key, value] of Object.entries(parsed)) {
        if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') {
          form.set(key, String(value));
        }
      }
    }
  } catch {
    // An unparsable body grants nothing: grant_type is missing.
  }
  return form;
}

type V5Action = 'start' | 'stop' | 'enable' | 'disable';
const V5_ACTIONS: readonly V5Action[] = ['start', 'stop', 'enable', 'disable'];

/** `{"start": null}`: exactly one known action name. */
function v5Action(body: string): V5Action {
  const keys = jsonObjectKeys(body)?.map((key) => key.toLowerCase());
  const action = keys?.length === 1 ? V5_ACTIONS.find((a) => a === keys[0]) : undefined;
  if (action === undefined) {
    throw new ApiError(400, 'The request body must name one action: start, stop, enable or disable.');
  }
  return action;
}

/** `{"full": boolean}`, optional. */
function startOptions(body: string): boolean {
  if (body.trim() === '') return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ApiError(400, 'The request body is not valid JSON.');
  }
  if (parsed === null) return false;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new ApiError(400, 'The request body must be a JSON object.');
  const full: unknown = (parsed as Record<string, unknown>)['full'];
  if (full !== undefined && full !== null && typeof full !== 'boolean') {
    throw new ApiError(400, "The value of 'full' must be true or false.");
  }
  return full === true;
}

function jsonObjectKeys(body: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? Object.keys(parsed) : undefined;
  } catch {
    return undefined;
  }
}

const JOB_TYPES: readonly JobTypeDto[] = ['Backup', 'Copy'];
const STATUS_FILTERS = ['Stopped', 'Running', 'Succeeded', 'Failed', 'Warning'] as const;
const LOG_ITEM_TYPES: readonly LogItemTypeDto[] = ['Running', 'Warning', 'Error', 'Success', 'Stop'];

/**
 * The `/JobSessions` filters this version knows (others are ignored, as ASP.NET ignores unknown
 * parameters). End-time bounds leave out sessions that have not ended.
 */
function sessionFilters(
  version: ApiVersion,
  query: URLSearchParams,
): { filters: URLSearchParams; matches: (session: SessionRecord) => boolean } {
  const filters = new URLSearchParams();
  const tests: ((session: SessionRecord) => boolean)[] = [];
  const endTimeBound = (name: string, test: (end: number, bound: number) => boolean): void => {
    const bound = dateParameter(query, name, filters);
    if (bound === undefined) return;
    tests.push((s) => s.endTime !== null && s.endTime !== undefined && test(Date.parse(s.endTime), bound));
  };
  if (since(version, 'v6')) {
    const jobType = enumParameter(query, 'jobType', JOB_TYPES, filters);
    if (jobType !== undefined) tests.push((s) => s.jobType === jobType);
    endTimeBound('endTimeLowerBound', (end, bound) => end >= bound);
  }
  if (since(version, 'v7')) {
    const jobId = guidParameter(query, 'jobId', filters);
    if (jobId !== undefined) tests.push((s) => s.jobId === jobId);
    endTimeBound('endTimeUpperBound', (end, bound) => end <= bound);
  }
  if (since(version, 'v8')) {
    const status = enumParameter(query, 'status', STATUS_FILTERS, filters);
    if (status !== undefined) {
      const wanted = status === 'Succeeded' ? 'Success' : status;
      tests.push((s) => s.status === wanted);
    }
  }
  return { filters, matches: (session) => tests.every((test) => test(session)) };
}

/** v8: `type` and `orderAsc` (usn ascending unless `orderAsc=false`). */
function logItemFilters(
  version: ApiVersion,
  query: URLSearchParams,
): { filters: URLSearchParams; select: <T extends { title: string; endTime?: string | null }>(items: readonly T[]) => T[] } {
  const filters = new URLSearchParams();
  if (!since(version, 'v8')) return { filters, select: (items) => [...items] };
  const type = enumParameter(query, 'type', LOG_ITEM_TYPES, filters);
  const orderAsc = booleanParameter(query, 'orderAsc', filters) ?? true;
  return {
    filters,
    select: (items) => {
      const selected = items.filter((item) => type === undefined || logItemType(item) === type);
      return orderAsc ? selected : selected.reverse();
    },
  };
}

function readWindow(query: URLSearchParams): PageWindow {
  const offset = integerParameter(query, 'offset', 0);
  const limit = integerParameter(query, 'limit', DEFAULT_LIMIT);
  if (limit < 1 || limit > MAX_LIMIT) {
    throw new ApiError(400, `The limit must be between 1 and ${MAX_LIMIT}, but it is ${limit}.`);
  }
  return { offset, limit };
}

/** ASP.NET binds query parameters case-insensitively; the first occurrence wins. */
function parameter(query: URLSearchParams, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return [...query].find(([key]) => key.toLowerCase() === wanted)?.[1];
}

function integerParameter(query: URLSearchParams, name: string, fallback: number): number {
  const raw = parameter(query, name);
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value)) throw new ApiError(400, `The value '${raw}' is not valid for ${name}.`);
  return value;
}

/** Enum values bind case-insensitively and come back in the API's spelling. */
function enumParameter<T extends string>(
  query: URLSearchParams,
  name: string,
  values: readonly T[],
  filters?: URLSearchParams,
): T | undefined {
  const raw = parameter(query, name);
  if (raw === undefined) return undefined;
  const value = values.find((v) => v.toLowerCase() === raw.toLowerCase());
  if (value === undefined) throw new ApiError(400, `The value '${raw}' is not valid for ${name}.`);
  filters?.set(name, value);
  return value;
}

function guidParameter(query: URLSearchParams, name: string, filters: URLSearchParams): string | undefined {
  const raw = parameter(query, name);
  if (raw === undefined) return undefined;
  const value = raw.toLowerCase();
  if (!GUID.test(value)) throw new ApiError(400, `The value '${raw}' is not valid for ${name}.`);
  filters.set(name, value);
  return value;
}

function dateParameter(query: URLSearchParams, name: string, filters: URLSearchParams): number | undefined {
  const raw = parameter(query, name);
  if (raw === undefined) return undefined;
  const value = /^\d{4}-\d\d-\d\dT/.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(value)) throw new ApiError(400, `The value '${raw}' is not valid for ${name}.`);
  filters.set(name, raw);
  return value;
}

function booleanParameter(query: URLSearchParams, name: string, filters: URLSearchParams): boolean | undefined {
  const raw = parameter(query, name)?.toLowerCase();
  if (raw === undefined) return undefined;
  if (raw !== 'true' && raw !== 'false') throw new ApiError(400, `The value '${raw}' is not valid for ${name}.`);
  filters.set(name, raw);
  return raw === 'true';
}

function json(status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): ApiResponse {
  return { status, body: JSON.stringify(value), headers };
}

function noContent(): ApiResponse {
  return { status: 204, body: '', headers: {} };
}
