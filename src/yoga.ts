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
import { createBackupApi } from './datasource/backup-api.js';
import { createLiveHub } from './live/hub.js';
import { dropChanged } from './cache/feed-invalidation.js';
import { tokenHash } from './token-hash.js';
import { createBoundedLru } from './lru.js';
import type { Dispatcher } from 'undici';
import { createUpstreamClient } from './upstream/client.js';
import { createUpstreamDispatcher } from './upstream/dispatcher.js';
import { createUpstreamEvents, type UpstreamEvents } from './upstream/events.js';
import { createUpstream } from './upstream/pool.js';
import type { UpstreamClock } from './upstream/resilience.js';
import { createApiVersionState, type ApiVersionState } from './upstream/version-state.js';
import { createSharedState } from './shared-state.js';
import { createClientAddress } from './client-address.js';
import { startAlertDelivery, startAlerting, type AlertingOptions } from './alerts/alerting.js';

export interface BuildYogaOptions {
  /** Validated configuration (`loadConfig()`); tests start from `loadConfig({})`. */
  config: Config;
  /** The upstream actually used: `config.upstreamUrl`, or the embedded simulator's URL; with or without a version. */
  upstreamUrl: URL;
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
  /** The clock of the cache (entry lifetimes, token marks) and of the in-process sign-in counts; tests pass a fake one. */
  now?: () => number;
  /** The breaker's time, the waits between retries and the `/ready` cache's age (tests pass a manual clock); default the system's. */
  upstreamClock?: UpstreamClock;
  /**
   * With `config.alerts`: the alert store and delivery's test send. The watcher starts here (with
   * WATCH_USERNAME/WATCH_PASSWORD), on this server's upstream pool and leases.
   */
  alerting?: Pick<AlertingOptions, 'store' | 'sendTest' | 'intervalMs'>;
}

/** Bytes of query text (and its parsed documents) Yoga's parse caches keep. */
const PARSE_CACHE_BYTES = 16 * 1024 * 1024;

/** Armor rejects with bare GraphQLErrors; give each limit its stable code. */
function withCode(code: ErrorCode) {
  return (_context: unknown, error: GraphQLError) => {
    (error.extensions as Record<string, unknown>).code = code;
  };
}

/** While the API version is a guess (no answer at start), a request waits for the check it starts or joins. */
function afterVersionCheck<T>(versions: ApiVersionState, factory: (initial: YogaInitialContext) => T) {
  return (initial: YogaInitialContext): T | Promise<T> => versions.confirm()?.then(() => factory(initial)) ?? factory(initial);
}

/** Builds the GraphQL server; `index.ts` listens, tests call `yoga.fetch`. */
export function buildYoga({ config, upstreamUrl, apiVersion, apiVersionAnswered, dispatcher, logger, metrics, tracing, graphiql, events = createUpstreamEvents(), shutdown, now, upstreamClock, alerting: alertDeps }: BuildYogaOptions) {
  // Subscribed before anything emits: the cache's first state and the breaker's are seen.
  metrics?.subscribeTo(events);
  tracing?.subscribeTo(events);
  // One pool for every upstream request: GraphQL reads, pollers, /ready and the version discovery.
  const pool = dispatcher ?? createUpstreamDispatcher({ ca: config.upstreamCa, tlsInsecure: config.tlsInsecure, maxConnections: config.maxUpstreamConnections });
  // A 404 on `events` may mean the server stopped routing this API version (an update): it checks.
  const versions = createApiVersionState({ url: upstreamUrl, initial: apiVersion, answered: apiVersionAnswered, dispatcher: pool, timeoutMs: config.timeoutMs, recheckMs: VERSION_RECHECK_MS, logger, events });
  // The cache, the cluster caps and the poller coordination: in process, or on REDIS_URL.
  const shared = createSharedState(config, { logger, onCacheState: (state) => events.emit({ type: 'cache-state', state }), now });
  const upstream = createUpstream(upstreamSettings(config, versions.baseUrl()), { logger, events, cluster: shared.semaphore, dispatcher: pool, clock: upstreamClock });
  // Pollers read with a client of their own per poll, bound to the watcher's token.
  const live = createLiveHub(
    liveSettings(config),
    (token, signal, pollerId) =>
      createBackupApi({
        client: createUpstreamClient({ upstream, token, signal, scope: { requestId: pollerId }, budget: config.upstreamBudget, baseUrl: versions.baseUrl() }),
        adapter: versions.adapter(),
      }),
    shared.live,
    {
      // What the feed reports changed is dropped from the caller's cache, so the next query reads it anew.
      onChanges: (token, changes) =>
        void dropChanged(shared.cache, tokenHash(token, config.cacheKeySecret), versions.baseUrl().pathname.replace(/\/+$/, ''), changes).catch(() => undefined),
      onMissing: () => logger?.warn('The backup server answers 404 on /Events: subscriptions poll instead of following its event feed'),
    },
  );
  shutdown?.addEventListener('abort', () => live.close(), { once: true });
  // Alerts (ALERTS_FILE): the durable store and its delivery, unless a test passes its own store.
  const alertParts = config.alerts && !alertDeps ? startAlertDelivery({
          config: config.alerts,
          stateDir: config.stateDir,
          retryBaseMs: config.alertRetryBaseMs,
          link: shared.redis,
          leases: shared.live?.leases,
          logger,
          onRaised: (alert) => metrics?.alertRaised(alert.kind),
          onDelivery: (event) => metrics?.alertDelivery(event),
        }) : undefined;
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
          upstream,
          versions,
          election: shared.live?.leases,
          maxSubscribers: config.maxSubscriptions,
          maxQueued: liveSettings(config).maxQueued,
          shutdown,
          logger,
        })
      : undefined;
  const closeUpstream: Plugin = {
    onDispose: async () => {
      live.close();
      await alerting?.stop();
      await alertParts?.stop();
      await Promise.all([upstream.dispatcher.close(), shared.close()]);
    },
  };

  const plugins: Plugin[] = [
    useJsonPostsOnly('/graphql'),
    useMaxBodySize(config.maxBodyBytes),
    useReadiness(upstream, { timeoutMs: READY_PROBE_TIMEOUT_MS, cacheMs: config.readyCacheMs, versions, cacheState: () => shared.cache.state() }),
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
    closeUpstream,
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
        ? { origin: config.corsOrigins, methods: ['GET', 'POST'], allowedHeaders: ['content-type', 'authorization', 'x-request-id'] }
        : false,
    graphiql: graphiql ?? true,
    renderGraphiQL: renderOfflineGraphiQL,
    context: afterVersionCheck(versions, createContextFactory({
      upstream,
      versions,
      limits: { maxPageSize: config.maxPageSize, upstreamBudget: config.upstreamBudget },
      logger,
      live,
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
