import { randomUUID } from 'node:crypto';
import type { YogaInitialContext } from 'graphql-yoga';
import type { Logger } from 'pino';
import { createBackupApi, type BackupApi } from './datasource/backup-api.js';
import { createUpstreamClient, type UpstreamClient } from './upstream/client.js';
import { CACHE_LOOKUP, type RequestScope } from './upstream/events.js';
import type { Source, SubscribeOptions } from './live/hub.js';
import { GraphQLError } from 'graphql';
import { badUserInput, facadeError } from './errors.js';
import type { ServerRuntime } from './servers/runtime.js';
import { SESSION_TOKEN_PREFIX, newSessionId, sameContent, type ServerGrant, type SessionContent } from './servers/session-token.js';
import { grantOf, needsRefresh, type RefreshedSession, type Sessions } from './servers/sessions.js';
import type { UpstreamEvents } from './upstream/events.js';
import { tokenHash } from './token-hash.js';
import { cachedClient } from './cache/cached-client.js';
import type { CachePolicy } from './cache/with-cache.js';
import type { UpstreamCache } from './cache/types.js';
import { guardSignIn } from './cluster/sign-in-guard.js';
import type { SignInLimiter } from './cluster/sign-in-limiter.js';
import type { ClientAddressOf } from './client-address.js';
import type { AlertsAccess } from './alerts/access.js';
import { createPartialErrors, type PartialErrors } from './servers/partial-errors.js';

/** What the context factory adds for each GraphQL request; dropped with the request. */
export interface RequestContext {
  /** The caller's `x-request-id` when it is a plain token, else a fresh UUID; sent on upstream. */
  requestId: string;
  /** This request's identity in the upstream events its attempts emit (tracing finds its span by it). */
  scope: RequestScope;
  /** Upstream attempts this request made so far, every server together (retries included). */
  upstream: { readonly calls: number };
  /**
   * The data source of the one server a lookup without `server:` reads (the only server of the
   * session or configuration). Reading it throws UNAUTHENTICATED or BAD_USER_INPUT, before any
   * upstream call, when there is no such server (see `servers.pick`).
   */
  readonly api: BackupApi;
  /** The caller's backup servers: names, a data source per server, and the checks of `server:`/`servers:`. */
  servers: RequestServers;
  /** The sealed sessions (sign-in to several servers, refresh, sign-out). */
  sessions: SessionActions;
  limits: Limits;
  /** The caller's subscriptions, bound to the caller's token on the server of `api`. */
  live: LiveSession;
  /** Where writes (job control) are logged at info; undefined when the server has no logger. */
  audit?: Logger;
  /** The alert history, its stream and the targets; undefined without ALERTS_FILE. */
  alerts?: AlertsAccess;
  /** The errors of the servers that failed in a cross-server answer, reported beside the others' data. */
  partialErrors: PartialErrors;
}

/**
 * The backup servers of one request. `names` are the servers the caller holds a token for (a
 * session's signed-in servers; the one server with a plain token). Every check runs before any
 * upstream call.
 */
export interface RequestServers {
  /** Servers the caller holds a token for, in configuration order. */
  readonly names: readonly string[];
  /** Every configured server, in configuration order. */
  readonly configured: readonly string[];
  /** The data source of a server of `names` (built on first use, bound to that server's token); BAD_USER_INPUT for any other. */
  api(name: string): BackupApi;
  /**
   * The server a lookup reads: `server` when the caller holds it; without it, the only server
   * held. BAD_USER_INPUT when it is missing with several held or names one not held;
   * UNAUTHENTICATED when the credential is not valid (or is a plain token with several servers).
   */
  pick(server?: string | null): string;
  /** The servers a list reads: `servers` (each held), or every held server when null; same errors as `pick`. */
  select(servers?: readonly string[] | null): string[];
  /** What is known of a configured server without a call: its version, whether the caller is signed in, reachability. */
  status(name: string): { apiVersion: string; signedIn: boolean; reachable(): Promise<boolean> } | undefined;
  /** Throws UNAUTHENTICATED unless the caller holds a valid credential (a session token, or a plain token with one server). */
  requireCredential(): void;
}

/** A session's sign-in, refresh and sign-out, for the session mutations. */
export interface SessionActions {
  /** Signs in to each named server in parallel; a refusal by one does not fail the others. */
  create(credentials: readonly { server: string; username: string; password: string }[]): Promise<SessionView>;
  /** Refreshes every server's upstream token of the session `token` (one refresh per server in the process at a time). */
  refresh(token: string): Promise<SessionView>;
  /** Revokes the caller's session's upstream tokens where the server's version can (v7+). */
  signOut(): Promise<boolean>;
}

/** A session as the graph shows it: never an upstream token. */
export interface SessionView {
  token: string;
  expiresAt: string;
  servers: { server: string; ok: boolean; error: string | null; userName: string | null; expiresAt: string | null }[];
}

/** Subscriptions of one caller: the live hub of a server with the caller's token for it bound in. */
export interface LiveSession {
  /** Watches `resource` on `server` (checked like a lookup's `server:`; default the only one held). */
  subscribe<E, S extends Source<E>>(resource: string, source: () => S, options?: SubscribeOptions<E, S>, server?: string | null): AsyncIterableIterator<E>;
  /** A subscription no poller serves (alerts), counted against the caller's limit on its first server; returns its release. */
  hold(): () => void;
}

/** Per-query limits that resolvers enforce before calling the upstream. */
export interface Limits {
  /** Largest `first` a connection accepts (the API itself stops at 10000). */
  maxPageSize: number;
  /** Upstream requests one GraphQL operation may cause, per server. */
  upstreamBudget: number;
}

/** What every resolver sees. */
export type GraphQLContext = YogaInitialContext & RequestContext;

/** What the context factory needs from the server: shared, token-free machinery. */
export interface ContextDeps {
  /** Every configured backup server's machinery, in configuration order (at least one). */
  servers: readonly ServerRuntime[];
  /** The process's event stream: cache lookups and loader hits. */
  events: UpstreamEvents;
  /** Sealed sessions. */
  sessions: Sessions;
  limits: Limits;
  logger?: Logger;
  /** The per-caller cache under the loaders (process-wide LRU or Redis); absent, every read goes upstream. */
  cache?: { store: UpstreamCache; policy: Omit<CachePolicy, 'basePath' | 'onLookup'> };
  /** The sign-in limits in front of `/token`, and who the client is (socket peer or trusted proxy's word). */
  signIn?: { limiter: SignInLimiter; clientAddress: ClientAddressOf };
  /** Alerting, with ALERTS_FILE. */
  alerts?: AlertsAccess;
  /** Called with a request's new session token after a refresh (the `x-session-token` response header). */
  onSessionToken?: (request: Request, token: string) => void;
}

/** What the node:http adapter adds to Yoga's context: the request's socket and response (absent with `yoga.fetch`). */
interface NodeServerContext {
  req?: { socket?: { remoteAddress?: string } };
  res?: { setHeader(name: string, value: string): unknown; headersSent?: boolean };
}

// RFC 6750 b64token: no spaces, no control characters, so it is forwarded verbatim and safely.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const SERVER_NAME = /^[a-z0-9-]{1,32}$/;

/** The caller's bearer token, or undefined when the header is missing or not a bearer credential. */
export function bearerToken(header: string | null): string | undefined {
  return header ? BEARER.exec(header)?.[1] : undefined;
}

/** What the bearer credential is. */
type Credential =
  | { kind: 'none' }
  | { kind: 'plain'; token: string }
  | { kind: 'session'; content: SessionContent }
  | { kind: 'refused'; message: string };

/** Reads the caller's credential, then builds per server, on first use, a client bound to that server's token and a data source over it. */
export function createContextFactory(deps: ContextDeps) {
  const { events, sessions } = deps;
  const cache = deps.cache;
  const caching = cache !== undefined && (cache.policy.defaultTtlMs > 0 || cache.policy.finishedMaxTtlMs > 0);
  // Built once: each lookup emits one of the prebuilt events.
  const onLookup = (outcome: keyof typeof CACHE_LOOKUP) => events.emit(CACHE_LOOKUP[outcome]);
  const runtimes = new Map(deps.servers.map((runtime) => [runtime.name, runtime]));
  const configured = deps.servers.map((runtime) => runtime.name);
  const single = deps.servers.length === 1 ? deps.servers[0] : undefined;
  // With several servers, sign-in counts are kept per server (the same user name is another account on each).
  const limiterFor = (name: string): SignInLimiter | undefined => {
    const limiter = deps.signIn?.limiter;
    if (!limiter || single) return limiter;
    return { ...limiter, take: (attempt) => limiter.take({ ...attempt, caller: `${name}/${attempt.caller}` }) };
  };

  return ({ request, req, res }: YogaInitialContext & NodeServerContext): RequestContext => {
    const requestId = requestIdOf(request) ?? randomUUID();
    const scope: RequestScope = { requestId };
    const bearer = bearerToken(request.headers.get('authorization'));
    const credential = credentialOf(bearer);
    const clientAddress = () => deps.signIn?.clientAddress(req?.socket?.remoteAddress, request.headers.get('x-forwarded-for')) ?? '';

    const clients: UpstreamClient[] = [];
    /** One server's client stack (client, cache, sign-in guard) bound to `token`, and the data source over it. */
    const buildClient = (runtime: ServerRuntime, token: string | undefined): UpstreamClient => {
      const baseUrl = runtime.versions.baseUrl();
      // One hash of the token per request and server, shared by the cache keys and the client's fair-queue lane.
      const caller = token !== undefined && cache ? tokenHash(token, cache.policy.secret) : undefined;
      const client = createUpstreamClient({
        upstream: runtime.upstream,
        token,
        signal: request.signal,
        scope,
        budget: deps.limits.upstreamBudget,
        baseUrl,
        callerKey: caller,
      });
      clients.push(client);
      // The cache sits under the loaders; keys carry the server's name and the versioned base
      // path, so entries never cross servers. With caching off (both TTLs 0) every read goes
      // upstream and is counted as a bypass.
      const cached: UpstreamClient = caching
        ? cachedClient(client, cache.store, token, { ...cache.policy, onLookup, callerId: caller, basePath: `/${runtime.name}${baseUrl.pathname.replace(/\/+$/, '')}` })
        : cache
          ? {
              get: (resource, decode, query) => (onLookup('bypass'), client.get(resource, decode, query)),
              post: client.post,
              token: client.token,
              get calls() {
                return client.calls;
              },
            }
          : client;
      // The sign-in limits guard `token()`; who the client is gets worked out only for a sign-in.
      const limiter = limiterFor(runtime.name);
      const upstream: UpstreamClient = limiter
        ? {
            get: cached.get,
            post: cached.post,
            token: (form) => guardSignIn(cached, limiter, clientAddress()).token(form),
            get calls() {
              return client.calls;
            },
          }
        : cached;
      return upstream;
    };
    const apiOver = (runtime: ServerRuntime, client: UpstreamClient): BackupApi =>
      createBackupApi({ client, adapter: runtime.versions.adapter(), events, server: runtime.name });
    const buildApi = (runtime: ServerRuntime, token: string | undefined): BackupApi => apiOver(runtime, buildClient(runtime, token));

    const session = credential.kind === 'session' ? credential.content : undefined;
    const held: string[] =
      credential.kind === 'session'
        ? configured.filter((name) => Object.hasOwn(credential.content.grants, name))
        : credential.kind === 'plain' && single
          ? [single.name]
          : [];

    // A refreshed grant changes the session: the caller gets the new sealed token in a header
    // (`sealed` when that is this session as it stands, else sealed anew).
    const announce = (sealed?: string) => {
      if (!session) return;
      const token = sealed ?? sessions.sealer.seal(session);
      if (res && !res.headersSent) res.setHeader('x-session-token', token);
      deps.onSessionToken?.(request, token);
    };

    /** The token of a session's server, refreshed first when it has expired (once per session and server in the process, or the cluster with REDIS_URL). */
    const sessionToken = async (name: string): Promise<string> => {
      const grant = session!.grants[name]!;
      if (!needsRefresh(grant, sessions.now())) return grant.accessToken;
      const runtime = runtimes.get(name)!;
      let refreshed: RefreshedSession;
      try {
        refreshed = await sessions.refresh(session!, name, (refreshToken) => buildApi(runtime, undefined).refreshToken(refreshToken));
      } catch (error) {
        if (error instanceof GraphQLError && error.extensions.code !== 'UNAUTHENTICATED') throw error;
        throw unauthenticated(`The session's sign-in to server "${name}" has expired and could not be renewed; sign in again (createSession).`);
      }
      if (session!.grants[name] !== refreshed.grant) {
        session!.grants[name] = refreshed.grant;
        // Every request that held the same session gets the same new token, on every replica.
        announce(sameContent(session!, refreshed.content) ? refreshed.token : undefined);
      }
      return refreshed.grant.accessToken;
    };

    const apis = new Map<string, BackupApi>();
    const apiOf = (name: string): BackupApi => {
      let made = apis.get(name);
      if (made) return made;
      const runtime = runtimes.get(name);
      if (!runtime || !(held.includes(name) || (held.length === 0 && single?.name === name && !session))) {
        throw badUserInput(`The session holds no sign-in to server "${name}".`);
      }
      if (session) {
        made = apiOver(runtime, deferredClient(async () => buildClient(runtime, await sessionToken(name))));
      } else {
        made = buildApi(runtime, credential.kind === 'plain' ? credential.token : undefined);
      }
      apis.set(name, made);
      return made;
    };

    const checkCredential = () => {
      if (credential.kind === 'refused') throw unauthenticated(credential.message);
      if (credential.kind === 'plain' && !single) {
        throw unauthenticated('Several backup servers are configured: send a session token from createSession, not a backup server token.');
      }
    };

    const holds = (name: string) => {
      if (!SERVER_NAME.test(name)) throw badUserInput('Argument "server" must be a server name of a-z, 0-9 and "-" (1 to 32).');
      if (held.includes(name)) return name;
      // Without a credential, the only configured server is the one read (its reads answer UNAUTHENTICATED).
      if (held.length === 0 && single?.name === name && credential.kind === 'none') return name;
      throw badUserInput(runtimes.has(name) ? `The session holds no sign-in to server "${name}".` : `There is no server "${name}".`);
    };

    const servers: RequestServers = {
      names: held,
      configured,
      api: (name) => {
        checkCredential();
        return apiOf(name);
      },
      pick(server) {
        checkCredential();
        if (server != null) return holds(server);
        if (held.length === 1) return held[0]!;
        if (held.length > 1) throw badUserInput(`The session holds several servers (${held.join(', ')}): name one with the argument "server".`);
        if (session) throw unauthenticated('The session holds no sign-in to any server; sign in again (createSession).');
        if (single) return single.name;
        throw unauthenticated('Several backup servers are configured: sign in with createSession and send its session token.');
      },
      select(names) {
        if (names == null) {
          checkCredential();
          if (held.length > 0) return [...held];
          return [servers.pick(null)];
        }
        return [...new Set(names.map((name) => servers.pick(name)))];
      },
      status(name) {
        const runtime = runtimes.get(name);
        if (!runtime) return undefined;
        return { apiVersion: runtime.apiVersion(), signedIn: held.includes(name), reachable: () => runtime.reachable() };
      },
      requireCredential() {
        checkCredential();
        if (held.length === 0 && !session) throw unauthenticated('Send "Authorization: Bearer <session token>" (from createSession).');
      },
    };

    const sessionActions = createSessionActions({ deps, runtimes, configured, session, apiOf, buildApi, credential });

    const context: RequestContext = {
      requestId,
      scope,
      upstream: {
        get calls() {
          return clients.reduce((sum, client) => sum + client.calls, 0);
        },
      },
      // Yoga copies the context's properties, so this is a value: for a caller without one
      // server to read, a data source whose every use throws the reason, before any upstream call.
      api: defaultApi(() => servers.api(servers.pick(null))),
      servers,
      sessions: sessionActions,
      live: {
        subscribe: (resource, source, options, server) => {
          const name = servers.pick(server);
          const runtime = runtimes.get(name)!;
          if (!session) return runtime.live.subscribe(credential.kind === 'plain' ? credential.token : undefined, resource, source, options);
          const grant = session.grants[name]!;
          if (!needsRefresh(grant, sessions.now())) return runtime.live.subscribe(grant.accessToken, resource, source, options);
          // The server's token has expired: the stream starts once it is renewed.
          return afterToken(sessionToken(name), (token) => runtime.live.subscribe(token, resource, source, options));
        },
        hold: () => {
          const name = held[0] ?? configured[0]!;
          const token = session ? session.grants[name]?.accessToken : credential.kind === 'plain' ? credential.token : undefined;
          return runtimes.get(name)!.live.hold(token);
        },
      },
      limits: deps.limits,
      audit: deps.logger,
      alerts: deps.alerts,
      partialErrors: createPartialErrors(),
    };
    return context;
  };

  function credentialOf(bearer: string | undefined): Credential {
    if (bearer === undefined) return { kind: 'none' };
    if (!bearer.startsWith(SESSION_TOKEN_PREFIX)) return { kind: 'plain', token: bearer };
    const content = sessions.sealer.open(bearer, sessions.now());
    return content ? { kind: 'session', content } : { kind: 'refused', message: 'The session token is not valid or has expired; sign in again (createSession).' };
  }
}

const MAX_CREDENTIAL_LENGTH = 4096;

interface SessionActionDeps {
  deps: ContextDeps;
  runtimes: ReadonlyMap<string, ServerRuntime>;
  configured: readonly string[];
  session: SessionContent | undefined;
  apiOf(name: string): BackupApi;
  buildApi(runtime: ServerRuntime, token: string | undefined): BackupApi;
  credential: Credential;
}

/** The session mutations of one request. Upstream tokens go into the sealed token only. */
function createSessionActions({ deps, runtimes, configured, session, apiOf, buildApi, credential }: SessionActionDeps): SessionActions {
  const { sessions } = deps;
  const iso = (ms: number) => new Date(ms).toISOString();
  const failure = (error: unknown) => (error instanceof GraphQLError ? error.message : 'The sign-in failed.');
  const view = (content: SessionContent, outcomes: SessionView['servers']): SessionView => ({
    token: sessions.sealer.seal(content),
    expiresAt: iso(content.expiresAt),
    servers: outcomes,
  });
  const grantView = (server: string, grant: ServerGrant) => ({ server, ok: true, error: null, userName: grant.userName, expiresAt: iso(grant.accessExpiresAt) });

  return {
    async create(credentials) {
      if (credentials.length === 0 || credentials.length > configured.length) {
        throw badUserInput(`Argument "credentials" must name 1 to ${configured.length} servers.`);
      }
      const seen = new Set<string>();
      for (const { server, username, password } of credentials) {
        if (!runtimes.has(server)) throw badUserInput(`There is no server "${server.slice(0, 40)}" (configured: ${configured.join(', ')}).`);
        if (seen.has(server)) throw badUserInput(`Server "${server}" is named twice in "credentials".`);
        seen.add(server);
        for (const [value, field] of [[username, 'username'], [password, 'password']] as const) {
          if (value.length === 0 || value.length > MAX_CREDENTIAL_LENGTH) throw badUserInput(`"${field}" must be 1 to ${MAX_CREDENTIAL_LENGTH} characters.`);
        }
      }
      const results = await Promise.all(
        credentials.map(async ({ server, username, password }) => {
          try {
            const token = await buildApi(runtimes.get(server)!, undefined).createToken(username, password);
            return { server, grant: grantOf(token, sessions.now()) };
          } catch (error) {
            return { server, error: failure(error) };
          }
        }),
      );
      const content: SessionContent = { id: newSessionId(), expiresAt: sessions.now() + sessions.ttlMs, grants: {} };
      for (const result of results) if (result.grant) content.grants[result.server] = result.grant;
      // In configuration order, as `servers` lists them.
      const order = (a: { server: string }, b: { server: string }) => configured.indexOf(a.server) - configured.indexOf(b.server);
      return view(
        content,
        results.sort(order).map((result) => (result.grant ? grantView(result.server, result.grant) : { server: result.server, ok: false, error: result.error ?? null, userName: null, expiresAt: null })),
      );
    },

    async refresh(token) {
      const content = sessions.sealer.open(token, sessions.now());
      if (!content) throw unauthenticated('The session token is not valid or has expired; sign in again (createSession).');
      const names = configured.filter((name) => Object.hasOwn(content.grants, name));
      const outcomes = await Promise.all(
        names.map(async (server) => {
          try {
            const { grant } = await sessions.refresh(content, server, (refreshToken) => buildApi(runtimes.get(server)!, undefined).refreshToken(refreshToken));
            content.grants[server] = grant;
            return grantView(server, grant);
          } catch (error) {
            delete content.grants[server];
            return { server, ok: false, error: failure(error), userName: null, expiresAt: null };
          }
        }),
      );
      return view(content, outcomes);
    },

    async signOut() {
      if (credential.kind === 'refused') throw unauthenticated(credential.message);
      if (!session) throw unauthenticated('signOutSession needs a session token (from createSession).');
      const names = configured.filter((name) => Object.hasOwn(session.grants, name));
      await Promise.all(
        names.map(async (name) => {
          const api = apiOf(name);
          // v5 and v6 cannot revoke a token: it lapses when it expires.
          if (!api.canSignOut) return;
          await api.signOut().catch(() => undefined);
        }),
      );
      return true;
    },
  };
}

function unauthenticated(message: string): GraphQLError {
  return facadeError('UNAUTHENTICATED', message);
}

/** The stream `start` opens once `token` is there. */
async function* afterToken<E>(token: Promise<string>, start: (token: string) => AsyncIterableIterator<E>): AsyncIterableIterator<E> {
  const stream = start(await token);
  try {
    yield* stream;
  } finally {
    await stream.return?.();
  }
}

/** The data source `make` builds, or, when it throws, one that throws that error on every use. */
function defaultApi(make: () => BackupApi): BackupApi {
  try {
    return make();
  } catch (error) {
    return new Proxy({} as BackupApi, {
      get(_target, property) {
        // Not a thenable: awaiting it must not throw.
        if (property === 'then' || typeof property === 'symbol') return undefined;
        throw error;
      },
    });
  }
}

/** A client built when its first call starts (after the token is refreshed, when it must be). */
function deferredClient(make: () => Promise<UpstreamClient>): UpstreamClient {
  let made: UpstreamClient | undefined;
  let making: Promise<UpstreamClient> | undefined;
  const real = () => (making ??= make().then((client) => (made = client)));
  return {
    get: async (resource, decode, query) => (await real()).get(resource, decode, query),
    post: async (write, decode) => (await real()).post(write, decode),
    token: async (form) => (await real()).token(form),
    get calls() {
      return made?.calls ?? 0;
    },
  };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `x-request-id`, passed on to the upstream only when it is a plain token. */
function requestIdOf(request: Request): string | undefined {
  const id = request.headers.get('x-request-id');
  return id !== null && REQUEST_ID.test(id) ? id : undefined;
}
