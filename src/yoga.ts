import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { getOperationAST, type GraphQLError } from 'graphql';
import { createYoga, type GraphiQLOptions, type Plugin, type YogaInitialContext } from 'graphql-yoga';
import type { Logger } from 'pino';
import { liveSettings, READY_PROBE_TIMEOUT_MS, upstreamSettings, VERSION_RECHECK_MS, type Config } from './config.js';
import { createContextFactory, type RequestContext } from './context.js';
import { useDashboard } from './dashboard.js';
import { renderOfflineGraphiQL, useOfflineGraphiQL } from './graphiql.js';
import { useQueryBudget } from './plugins/query-budget.js';
import { useJsonPostsOnly, useMaxBodySize, useNoIntrospection } from './plugins/request-limits.js';
import { useReadiness } from './plugins/readiness.js';
import { useRequestLog } from './plugins/request-log.js';
import type { Metrics } from './observability/metrics.js';
import { manifestOperationNames } from './observability/operation-name.js';
import type { Tracing } from './observability/tracing.js';
import { buildSchema } from './schema.js';
import type { ErrorCode } from './errors.js';
import type { ApiVersion } from './upstream/api-version.js';
import { useGraphQLSSE } from '@graphql-yoga/plugin-graphql-sse';
import { dropChanged } from './cache/feed-invalidation.js';
import { tokenHash } from './token-hash.js';
import { createBoundedLru } from './lru.js';
import type { Dispatcher } from 'undici';
import { createUpstreamEvents, type UpstreamEvents } from './upstream/events.js';
import type { UpstreamClock } from './upstream/resilience.js';
import { createSharedState } from './shared-state.js';
import { randomBytes } from 'node:crypto';
import { createServerRuntime, type ServerRuntime } from './servers/runtime.js';
import { usePartialErrors } from './servers/partial-errors.js';
import { createSessionSealer } from './servers/session-token.js';
import { createSessions } from './servers/sessions.js';
import { DEFAULT_SERVER_NAME, type ServerSetting } from './servers/settings.js';
import { createClientAddress } from './client-address.js';
import { startAlertDelivery, startAlerting, type AlertingOptions } from './alerts/alerting.js';

export interface BuildYogaOptions {
  /** Validated configuration (`loadConfig()`); tests start from `loadConfig({})`. */
  config: Config;
  /** The upstream actually used: `config.upstreamUrl`, or the embedded simulator's URL; with or without a version. */
  upstreamUrl?: URL;
  /** The version discovered at start, when `upstreamUrl` names none (default v5 until rediscovered). */
  apiVersion?: ApiVersion;
  /** False when the server gave no answer to that discovery (v5 is a guess): the next request or `/ready` checks again. Default true. */
  apiVersionAnswered?: boolean;
  /**
   * The process's pool to the upstream (`createUpstreamDispatcher`), already used for the
   * discovery at start; the server closes it on dispose. Default: one built from `config`.
   */
  dispatcher?: Dispatcher;
  logger?: Logger;
  /** Prometheus metrics (served at /metrics); index.ts always passes one. */
  metrics?: Metrics;
  /** OpenTelemetry tracing; off when undefined. */
  tracing?: Tracing;
  /** GraphiQL defaults (demo mode fills in an example query and a token). */
  graphiql?: GraphiQLOptions;
  /**
   * The process's upstream event stream (attempts, breaker, cache lookups and state, loader
   * hits); metrics, tracing and the API version's re-check subscribe to it. Default: a new one.
   */
  events?: UpstreamEvents;
  /** Aborted when the process shuts down: every subscription stream ends cleanly first. */
  shutdown?: AbortSignal;
  /**
   * The clock of the cache (entry lifetimes, token marks), of the in-process sign-in counts, of
   * the sessions and of each server's reachability (the age `/ready` and `reachable` trust); tests pass a fake one.
   */
  now?: () => number;
  /** The breaker's time and the waits between retries (tests pass a manual clock); default the system's. */
  upstreamClock?: UpstreamClock;
  /**
   * With `config.alerts`: the alert store and delivery's test send. The watchers start here, one
   * per server (with WATCH_USERNAME/WATCH_PASSWORD or the server's own account in ALERTS_FILE),
   * each on its server's upstream pool, and on this process's leases.
   */
  alerting?: Pick<AlertingOptions, 'store' | 'sendTest' | 'intervalMs'>;
  /**
   * Several backup servers (SERVERS_FILE, the demo's simulators), each with what its discovery
   * at start found and the pool it used. Absent: the one server of `upstreamUrl`, named `default`.
   */
  servers?: readonly ServerStart[];
}

/** A backup server as the process starts it. */
export interface ServerStart {
  setting: ServerSetting;
  apiVersion?: ApiVersion;
  apiVersionAnswered?: boolean;
  /** The server's pool (its CA file and TLS), already used for its discovery; closed on dispose. */
  dispatcher?: Dispatcher;
}

/** Bytes of query text (and its parsed documents) Yoga's parse caches keep. */
const PARSE_CACHE_BYTES = 16 * 1024 * 1024;

/** Armor rejects with bare GraphQLErrors; give each limit its stable code. */
function withCode(code: ErrorCode) {
  return (_context: unknown, error: GraphQLError) => {
    (error.extensions as Record<string, unknown>).code = code;
  };
}

/** While a server's API version is a guess (no answer at start), a request waits for the check it starts or joins. */
function afterVersionChecks<T>(runtimes: readonly ServerRuntime[], factory: (initial: YogaInitialContext) => T) {
  return (initial: YogaInitialContext): T | Promise<T> => {
    const checks = runtimes.map((runtime) => runtime.versions.confirm()).filter((check) => check !== undefined);
    // With several servers a request does not wait for one server's check: its reads use the guess meanwhile.
    if (runtimes.length > 1) return factory(initial);
    return checks.length === 0 ? factory(initial) : Promise.all(checks).then(() => factory(initial));
  };
}

/** Builds the GraphQL server; `index.ts` listens, tests call `yoga.fetch`. */
export function buildYoga({ config, upstreamUrl, apiVersion, apiVersionAnswered, dispatcher, logger, metrics, tracing, graphiql, events = createUpstreamEvents(), shutdown, now, upstreamClock, alerting: alertDeps, servers: starts }: BuildYogaOptions) {
  // Subscribed before anything emits: the cache's first state and the breaker's are seen.
  metrics?.subscribeTo(events);
  tracing?.subscribeTo(events);
  // The cache, the cluster caps and the poller coordination: in process, or on REDIS_URL.
  const shared = createSharedState(config, { logger, onCacheState: (state) => events.emit({ type: 'cache-state', state }), now });
  if (!starts && !upstreamUrl) throw new TypeError('buildYoga needs upstreamUrl or servers');
  const serverStarts: readonly ServerStart[] = starts ?? [
    {
      setting: { name: DEFAULT_SERVER_NAME, url: upstreamUrl!, ...(config.upstreamCa === undefined ? {} : { ca: config.upstreamCa }), insecure: config.tlsInsecure },
      apiVersion,
      apiVersionAnswered,
      dispatcher,
    },
  ];
  const several = serverStarts.length > 1;
  // Each server its own pool (its CA, TLS), queue, breaker, retry budget, version and live hub.
  const { baseUrl: _base, ca: _ca, tlsInsecure: _insecure, ...settings } = upstreamSettings(config, serverStarts[0]!.setting.url);
  const runtimes = serverStarts.map((start) =>
    createServerRuntime({
      setting: start.setting,
      apiVersion: start.apiVersion,
      apiVersionAnswered: start.apiVersionAnswered,
      dispatcher: start.dispatcher,
      upstream: settings,
      live: liveSettings(config),
      processEvents: events,
      recheckMs: VERSION_RECHECK_MS,
      budget: config.upstreamBudget,
      logger,
      cluster: shared.semaphore,
      // With several servers, poller topics and leases carry the server's name.
      liveCluster: shared.live && several ? { ...shared.live, callerKey: (token) => `${start.setting.name}:${shared.live!.callerKey(token)}` } : shared.live,
      clock: upstreamClock,
      now,
      probeTimeoutMs: READY_PROBE_TIMEOUT_MS,
      liveHooks: {
        // What the feed reports changed is dropped from the caller's cache, so the next query reads it anew.
        onChanges: (token, changes, basePath) => void dropChanged(shared.cache, tokenHash(token, config.cacheKeySecret), basePath, changes).catch(() => undefined),
        onMissing: () => logger?.warn({ server: start.setting.name }, 'The backup server answers 404 on /Events: subscriptions poll instead of following its event feed'),
      },
    }),
  );
  // Each server's breaker series from the start (closed), labelled with its configured name.
  metrics?.knowServers(runtimes.map((runtime) => runtime.name));
  const first = runtimes[0]!;
  const sessionTokens = new WeakMap<Request, string>();
  const sessions = createSessions({
    // Without SESSION_KEY (one server, or the demo) sessions are sealed under a key of this process alone.
    sealer: createSessionSealer(config.sessionKey ?? randomBytes(32), config.sessionKeyPrevious),
    ttlMs: config.sessionTtlMs,
    now,
    // With REDIS_URL, one refresh per session and server in the cluster.
    cluster: shared.flights,
    secret: config.cacheKeySecret,
  });
  const closing = () => {
    for (const runtime of runtimes) runtime.live.close();
  };
  shutdown?.addEventListener('abort', closing, { once: true });
  // Alerts (ALERTS_FILE): the durable store and its delivery, unless a test passes its own store.
  // One watcher per configured server, each on that server's machinery.
  const alertParts =
    config.alerts && !alertDeps
      ? startAlertDelivery({
          config: config.alerts,
          stateDir: config.stateDir,
          retryBaseMs: config.alertRetryBaseMs,
          link: shared.redis,
          leases: shared.live?.leases,
          defaultServer: first.name,
          logger,
          onRaised: (alert) => metrics?.alertRaised(alert),
          onDelivery: (event) => metrics?.alertDelivery(event),
        })
      : undefined;
  const alertStore = alertDeps?.store ?? alertParts?.store;
  if (alertParts) metrics?.observeOutbox(alertParts.store);
  const alerting =
    alertStore && config.alerts
      ? startAlerting({
          store: alertStore,
          sendTest: alertDeps?.sendTest ?? alertParts!.sendTest,
          intervalMs: alertDeps?.intervalMs ?? config.alertsIntervalMs,
          feedTimeoutSeconds: config.liveFeedTimeoutSeconds,
          config: config.alerts,
          credentials: config.watchUsername && config.watchPassword ? { username: config.watchUsername, password: config.watchPassword } : undefined,
          publicUrl: config.publicUrl ?? undefined,
          servers: runtimes,
          election: shared.live?.leases,
          maxSubscribers: config.maxSubscriptions,
          maxQueued: liveSettings(config).maxQueued,
          shutdown,
          logger,
        })
      : undefined;
  const closeUpstream: Plugin = {
    onDispose: async () => {
      closing();
      await alerting?.stop();
      await alertParts?.stop();
      await Promise.all([...runtimes.map((runtime) => runtime.close()), shared.close()]);
    },
  };
  // The refreshed session token, on answers Yoga writes (the node server sets it on the response itself).
  const sessionHeader: Plugin = {
    onResponse({ request, response }) {
      const token = sessionTokens.get(request);
      if (token !== undefined) response.headers.set('x-session-token', token);
    },
  };
  const plugins: Plugin[] = [
    useJsonPostsOnly('/graphql'),
    useMaxBodySize(config.maxBodyBytes),
    useReadiness(runtimes, { timeoutMs: READY_PROBE_TIMEOUT_MS, cacheMs: config.readyCacheMs, cacheState: () => shared.cache.state() }),
    useOfflineGraphiQL(),
    // GraphQL over SSE, single-connection mode; distinct connections are Yoga's own (/graphql).
    useGraphQLSSE({ endpoint: '/graphql/stream' }),
    EnvelopArmorPlugin({
      maxDepth: { n: config.maxDepth, ignoreIntrospection: true, onReject: [withCode('QUERY_TOO_DEEP')] },
      maxAliases: { n: config.maxAliases, onReject: [withCode('TOO_MANY_ALIASES')] },
      maxTokens: { n: config.maxTokens, onReject: [withCode('QUERY_TOO_LARGE')] },
      maxDirectives: { n: 20, onReject: [withCode('TOO_MANY_DIRECTIVES')] },
      costLimit: { enabled: false },
      blockFieldSuggestion: { enabled: !config.introspection },
    }),
    useQueryBudget(config.upstreamBudget),
    // A cross-server answer's errors of the servers that failed, after the data of the others.
    usePartialErrors<Partial<RequestContext>>((context) => context.partialErrors) as Plugin,
    closeUpstream,
    sessionHeader,
  ];
  if (config.dashboard) plugins.push(useDashboard());
  // graphql-jit 11 drops a subscription's arguments when their variables are named differently
  // (`logItemAdded(jobSessionId: $id)` resolves with no arguments): subscriptions run on graphql-js.
  if (config.graphqlJit) {
    plugins.push(useGraphQlJit({}, { enableIf: (args) => getOperationAST(args.document, args.operationName)?.operation !== 'subscription' }) as Plugin);
  }
  if (!config.introspection) plugins.push(useNoIntrospection());
  if (logger) plugins.push(useRequestLog(logger) as Plugin);
  if (metrics) plugins.push(metrics.plugin);
  if (tracing) plugins.push(tracing.plugin as Plugin);
  const manifest = config.persistedOperations;
  if (manifest) {
    metrics?.knowOperations(manifestOperationNames(manifest));
    plugins.push(
      usePersistedOperations({
        getPersistedOperation: (key) => (Object.hasOwn(manifest, key) ? (manifest[key] ?? null) : null),
        allowArbitraryOperations: false,
      }),
    );
  }

  return createYoga<object, RequestContext>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    maskedErrors: { isDev: false },
    logging: logger ?? false,
    batching: { limit: config.maxBatch },
    // Yoga's own caches hold up to 1,024 documents each, keyed by query text of up to
    // MAX_BODY_BYTES: bounded in bytes instead (a parsed document weighs about ten times its
    // text), so unique documents, valid or not, only churn them.
    parserAndValidationCache: {
      documentCache: createBoundedLru({ maxBytes: PARSE_CACHE_BYTES, maxKeyBytes: PARSE_CACHE_BYTES / 16, weightOf: (key) => key.length * 20 }),
      errorCache: createBoundedLru({ maxBytes: PARSE_CACHE_BYTES / 4, maxKeyBytes: PARSE_CACHE_BYTES / 16 }),
    },
    // useMaxBodySize enforces MAX_BODY_BYTES from content-length without re-streaming the body;
    // Yoga's own limit pipes every body through a transform (about a quarter of the throughput).
    maxRequestBodySize: false,
    cors:
      config.corsOrigins.length > 0
        ? { origin: config.corsOrigins, methods: ['GET', 'POST'], allowedHeaders: ['content-type', 'authorization', 'x-request-id'], exposedHeaders: ['x-session-token'] }
        : false,
    graphiql: graphiql ?? true,
    renderGraphiQL: renderOfflineGraphiQL,
    context: afterVersionChecks(runtimes, createContextFactory({
      servers: runtimes,
      events,
      sessions,
      onSessionToken: (request, token) => sessionTokens.set(request, token),
      limits: { maxPageSize: config.maxPageSize, upstreamBudget: config.upstreamBudget },
      logger,
      cache: {
        store: shared.cache,
        policy: {
          defaultTtlMs: config.cacheTtlMs,
          finishedMaxTtlMs: config.cacheFinishedTtlMs,
          revalidateMs: config.cacheRevalidateMs,
          now,
          secret: config.cacheKeySecret,
          inflight: shared.inflight,
        },
      },
      signIn: shared.signIn && { limiter: shared.signIn, clientAddress: createClientAddress(config.trustedProxies) },
      alerts: alerting?.access,
    })),
    plugins,
  });
}
