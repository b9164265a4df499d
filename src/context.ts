import { randomUUID } from 'node:crypto';
import type { YogaInitialContext } from 'graphql-yoga';
import type { Logger } from 'pino';
import { createBackupApi, type BackupApi } from './datasource/backup-api.js';
import { createUpstreamClient, type UpstreamClient } from './upstream/client.js';
import { CACHE_LOOKUP, type RequestScope } from './upstream/events.js';
import type { Upstream } from './upstream/pool.js';
import type { LiveHub, Source, SubscribeOptions } from './live/hub.js';
import type { ApiVersionState } from './upstream/version-state.js';
import { tokenHash } from './token-hash.js';
import { cachedClient } from './cache/cached-client.js';
import type { CachePolicy } from './cache/with-cache.js';
import type { UpstreamCache } from './cache/types.js';
import { guardSignIn } from './cluster/sign-in-guard.js';
import type { SignInLimiter } from './cluster/sign-in-limiter.js';
import type { ClientAddressOf } from './client-address.js';
import type { AlertsAccess } from './alerts/access.js';

/** What the context factory adds for each GraphQL request; dropped with the request. */
export interface RequestContext {
  /** The caller's `x-request-id` when it is a plain token, else a fresh UUID; sent on upstream. */
  requestId: string;
  /** This request's identity in the upstream events its attempts emit (tracing finds its span by it). */
  scope: RequestScope;
  upstream: UpstreamClient;
  /** The data source resolvers read through (routes, loaders, links, version differences). */
  api: BackupApi;
  limits: Limits;
  /** The caller's subscriptions, bound to the caller's token. */
  live: LiveSession;
  /** Where writes (job control) are logged at info; undefined when the server has no logger. */
  audit?: Logger;
  /** The alert history, its stream and the targets; undefined without ALERTS_FILE. */
  alerts?: AlertsAccess;
}

/** Subscriptions of one caller: the shared live hub with the caller's token bound in. */
export interface LiveSession {
  subscribe<E, S extends Source<E>>(resource: string, source: () => S, options?: SubscribeOptions<E, S>): AsyncIterableIterator<E>;
  /** A subscription no poller serves, counted against the caller's limit; returns its release. */
  hold(): () => void;
}

/** Per-query limits that resolvers enforce before calling the upstream. */
export interface Limits {
  /** Largest `first` a connection accepts (the API itself stops at 10000). */
  maxPageSize: number;
  /** Upstream requests one GraphQL operation may cause. */
  upstreamBudget: number;
}

/** What every resolver sees. */
export type GraphQLContext = YogaInitialContext & RequestContext;

/** What the context factory needs from the server: shared, token-free machinery. */
export interface ContextDeps {
  /** The process's upstream machinery; its event stream also gets the cache lookups and loader hits. */
  upstream: Upstream;
  /** The API version in use (discovered or configured); requests read it when they start. */
  versions: ApiVersionState;
  limits: Limits;
  logger?: Logger;
  live: LiveHub;
  /** The per-caller cache under the loaders (process-wide LRU or Redis); absent, every read goes upstream. */
  cache?: { store: UpstreamCache; policy: Omit<CachePolicy, 'basePath' | 'onLookup'> };
  /** The sign-in limits in front of `/token`, and who the client is (socket peer or trusted proxy's word). */
  signIn?: { limiter: SignInLimiter; clientAddress: ClientAddressOf };
  /** Alerting, with ALERTS_FILE. */
  alerts?: AlertsAccess;
}

/** What the node:http adapter adds to Yoga's context: the request's socket (absent with `yoga.fetch`). */
interface NodeServerContext {
  req?: { socket?: { remoteAddress?: string } };
}

// RFC 6750 b64token: no spaces, no control characters, so it is forwarded verbatim and safely.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** The caller's bearer token, or undefined when the header is missing or not a bearer credential. */
export function bearerToken(header: string | null): string | undefined {
  return header ? BEARER.exec(header)?.[1] : undefined;
}

/** Reads the caller's token, then builds the client with it, then the data source over the client. */
export function createContextFactory(deps: ContextDeps) {
  const { events } = deps.upstream;
  const cache = deps.cache;
  const caching = cache !== undefined && (cache.policy.defaultTtlMs > 0 || cache.policy.finishedMaxTtlMs > 0);
  // Built once: each lookup emits one of the prebuilt events.
  const onLookup = (outcome: keyof typeof CACHE_LOOKUP) => events.emit(CACHE_LOOKUP[outcome]);
  return ({ request, req }: YogaInitialContext & NodeServerContext): RequestContext => {
    const requestId = requestIdOf(request) ?? randomUUID();
    const scope: RequestScope = { requestId };
    const token = bearerToken(request.headers.get('authorization'));
    const baseUrl = deps.versions.baseUrl();
    // One hash of the token per request, shared by the cache keys and the client's fair-queue lane.
    const caller = token !== undefined && cache ? tokenHash(token, cache.policy.secret) : undefined;
    const client = createUpstreamClient({
      upstream: deps.upstream,
      token,
      signal: request.signal,
      scope,
      budget: deps.limits.upstreamBudget,
      baseUrl,
      callerKey: caller,
    });
    // The cache sits under the loaders; keys carry the versioned base path, since paths do not.
    // With caching off (both TTLs 0) every read goes upstream and is counted as a bypass.
    const cached: UpstreamClient = caching
      ? cachedClient(client, cache.store, token, { ...cache.policy, onLookup, callerId: caller, basePath: baseUrl.pathname.replace(/\/+$/, '') })
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
    const signIn = deps.signIn;
    const upstream: UpstreamClient = signIn
      ? {
          get: cached.get,
          post: cached.post,
          token: (form) =>
            guardSignIn(cached, signIn.limiter, signIn.clientAddress(req?.socket?.remoteAddress, request.headers.get('x-forwarded-for'))).token(form),
          get calls() {
            return client.calls;
          },
        }
      : cached;
    const api = createBackupApi({ client: upstream, adapter: deps.versions.adapter(), events });
    const live: LiveSession = { subscribe: (resource, source, options) => deps.live.subscribe(token, resource, source, options), hold: () => deps.live.hold(token) };
    return { requestId, scope, upstream, api, live, limits: deps.limits, audit: deps.logger, alerts: deps.alerts };
  };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `x-request-id`, passed on to the upstream only when it is a plain token. */
function requestIdOf(request: Request): string | undefined {
  const id = request.headers.get('x-request-id');
  return id !== null && REQUEST_ID.test(id) ? id : undefined;
}
