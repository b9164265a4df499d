import type { ErrorDto } from '../upstream/types.js';
import type { TokenStore } from './auth.js';
import {
  canSeeOrganization,
  type DemoUser,
  type LogItemRecord,
  type SessionRecord,
  type SimulatorData,
} from './data.js';
import type { PageWindow, Renderer } from './dto.js';

export interface ApiRequest {
  readonly method: string;
  /** Path without the query, as received (any case, still percent-encoded). */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly authorization: string | undefined;
  readonly body: string;
}

export interface ApiResponse {
  readonly status: number;
  /** JSON text. */
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** The REST API without the HTTP server: one request in, one response out. */
export type Api = (request: ApiRequest) => ApiResponse;

export interface ApiDependencies {
  readonly data: SimulatorData;
  readonly tokens: TokenStore;
  readonly render: Renderer;
}

const DEFAULT_LIMIT = 30;
const MAX_LIMIT = 10_000;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ID = '{id}';

/** An expected failure; the router turns it into `{"message": ...}`. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

interface UserContext {
  /** GUID path parameters, lowercased, in path order. */
  readonly ids: readonly string[];
  readonly query: URLSearchParams;
  readonly user: DemoUser;
}

type Handler = (request: ApiRequest, params: readonly string[]) => ApiResponse;

interface Route {
  readonly pattern: readonly string[];
  readonly method: 'GET' | 'POST';
  readonly handle: Handler;
}

export function createApi({ data, tokens, render }: ApiDependencies): Api {
  const organizations = new Map(data.organizations.map((o) => [o.id, o]));
  const jobs = new Map(data.jobs.map((j) => [j.id, j]));
  const sessions = new Map(data.sessions.map((s) => [s.id, s]));
  const sessionsByJob = groupBy(data.sessions, (s) => s.jobId);
  const logItems = new Map(
    data.sessions.flatMap((s) => s.logItems.map((i): [string, LogItemRecord] => [`${s.id}/${i.id}`, i])),
  );
  const aliases = new Map(data.logItemAliases.map((a) => [`${a.jobSessionId}/${a.logItemId}`, a]));

  const visibleSession = (user: DemoUser, id: string): SessionRecord => {
    const session = sessions.get(id);
    if (session === undefined || !canSeeOrganization(user, session.organizationId)) {
      throw new ApiError(404, `Job session with ID '${id}' was not found.`);
    }
    return session;
  };
  const visibleJob = (user: DemoUser, id: string) => {
    const job = jobs.get(id);
    if (job === undefined || !canSeeOrganization(user, job.organizationId)) {
      throw new ApiError(404, `Job with ID '${id}' was not found.`);
    }
    return job;
  };
  const visibleOrganization = (user: DemoUser, id: string) => {
    const organization = organizations.get(id);
    if (organization === undefined || !canSeeOrganization(user, organization.id)) {
      throw new ApiError(404, `Organization with ID '${id}' was not found.`);
    }
    return organization;
  };

  const authorized =
    (handle: (context: UserContext) => unknown): Handler =>
    (request, params) => {
      const user = tokens.authenticate(request.authorization);
      if (user === undefined) {
        throw new ApiError(401, 'Authorization has been denied for this request.', { 'www-authenticate': 'Bearer' });
      }
      const badId = params.find((param) => !GUID.test(param));
      if (badId !== undefined) throw new ApiError(400, `The value '${badId}' is not a valid ID.`);
      return json(200, handle({ ids: params, query: request.query, user }));
    };

  const routes: readonly Route[] = [
    { pattern: ['v5', 'token'], method: 'POST', handle: (request) => grantToken(tokens, request) },
    {
      pattern: ['v5', 'jobsessions'],
      method: 'GET',
      handle: authorized(({ query, user }) =>
        render.page('jobsessions', readWindow(query), visibleTo(user, data.sessions), render.session),
      ),
    },
    {
      pattern: ['v5', 'jobsessions', ID],
      method: 'GET',
      handle: authorized(({ ids: [id = ''], user }) => render.session(visibleSession(user, id))),
    },
    {
      pattern: ['v5', 'jobsessions', ID, 'logitems'],
      method: 'GET',
      handle: authorized(({ ids: [id = ''], query, user }) => {
        const session = visibleSession(user, id);
        return render.page(`jobsessions/${id}/logitems`, readWindow(query), session.logItems, render.logItem);
      }),
    },
    {
      pattern: ['v5', 'jobsessions', ID, 'logitems', ID],
      method: 'GET',
      handle: authorized(({ ids: [sessionId = '', itemId = ''], user }) => {
        visibleSession(user, sessionId);
        const alias = aliases.get(`${sessionId}/${itemId}`);
        const servedKey = alias ? `${alias.servedJobSessionId}/${alias.servedLogItemId}` : `${sessionId}/${itemId}`;
        const item = logItems.get(servedKey);
        const owner = item && sessions.get(item.jobSessionId);
        if (item === undefined || owner === undefined || !canSeeOrganization(user, owner.organizationId)) {
          throw new ApiError(404, `Log item with ID '${itemId}' was not found.`);
        }
        return render.logItem(item);
      }),
    },
    {
      pattern: ['v5', 'jobs'],
      method: 'GET',
      handle: authorized(({ user }) => visibleTo(user, data.jobs).map(render.job)),
    },
    {
      pattern: ['v5', 'jobs', ID],
      method: 'GET',
      handle: authorized(({ ids: [id = ''], user }) => render.job(visibleJob(user, id))),
    },
    {
      pattern: ['v5', 'jobs', ID, 'jobsessions'],
      method: 'GET',
      handle: authorized(({ ids: [id = ''], query, user }) => {
        const job = visibleJob(user, id);
        return render.page(
          `jobs/${id}/jobsessions`,
          readWindow(query),
          sessionsByJob.get(job.id) ?? [],
          render.session,
        );
      }),
    },
    {
      pattern: ['v5', 'organizations'],
      method: 'GET',
      handle: authorized(({ user }) =>
        data.organizations.filter((o) => canSeeOrganization(user, o.id)).map(render.organization),
      ),
    },
    {
      pattern: ['v5', 'organizations', ID],
      method: 'GET',
      handle: authorized(({ ids: [id = ''], user }) => render.organization(visibleOrganization(user, id))),
    },
    {
      pattern: ['v5', 'organizations', ID, 'jobs'],
      method: 'GET',
      handle: authorized(({ ids: [id = ''], user }) => {
        visibleOrganization(user, id);
        return data.jobs.filter((j) => j.organizationId === id).map(render.job);
      }),
    },
  ];

  return (request) => {
    try {
      return dispatch(routes, request);
    } catch (error) {
      if (error instanceof ApiError)
        return json(error.status, { message: error.message } satisfies ErrorDto, error.headers);
      throw error;
    }
  };
}

function dispatch(routes: readonly Route[], request: ApiRequest): ApiResponse {
  const segments = splitPath(request.path);
  const matches = routes.flatMap((route) => {
    const params = segments && matchPattern(route.pattern, segments);
    return params ? [{ route, params }] : [];
  });
  if (matches.length === 0) {
    throw new ApiError(404, `No HTTP resource was found that matches the request URI '${request.path}'.`);
  }
  const match = matches.find(({ route }) => route.method === request.method.toUpperCase());
  if (match === undefined) {
    const allow = matches.map(({ route }) => route.method).join(', ');
    throw new ApiError(405, `The requested resource does not support http method '${request.method}'.`, { allow });
  }
  return match.route.handle(request, match.params);
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

function grantToken(tokens: TokenStore, request: ApiRequest): ApiResponse {
  const result = tokens.grant(new URLSearchParams(request.body));
  if (!result.ok) return json(400, result.error);
  return json(200, result.token, { 'cache-control': 'no-cache', pragma: 'no-cache', expires: '-1' });
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
function integerParameter(query: URLSearchParams, name: string, fallback: number): number {
  const raw = [...query].find(([key]) => key.toLowerCase() === name)?.[1];
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value)) throw new ApiError(400, `The value '${raw}' is not valid for ${name}.`);
  return value;
}

function visibleTo<T extends { readonly organizationId: string }>(user: DemoUser, records: readonly T[]): T[] {
  return records.filter((record) => canSeeOrganization(user, record.organizationId));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

function json(status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): ApiResponse {
  return { status, body: JSON.stringify(value), headers };
}
