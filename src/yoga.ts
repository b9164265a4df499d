import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { GraphQLError } from 'graphql';
import { createYoga, type GraphiQLOptions, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createContextFactory, type RequestContext } from './context.js';
import { useDashboard } from './dashboard.js';
import { renderOfflineGraphiQL, useOfflineGraphiQL } from './graphiql.js';
import { useQueryBudget } from './plugins/query-budget.js';
import { useMaxBodySize, useNoIntrospection } from './plugins/request-limits.js';
import { useReadiness } from './plugins/readiness.js';
import { useRequestLog } from './plugins/request-log.js';
import type { Metrics } from './observability/metrics.js';
import type { Tracing } from './observability/tracing.js';
import { buildSchema } from './schema.js';
import { createUpstream, type UpstreamEvent } from './upstream/client.js';

export interface BuildYogaOptions {
  /** Validated configuration (`loadConfig()`); tests start from `loadConfig({})`. */
  config: Config;
  /** The upstream actually used: `config.upstreamUrl`, or the embedded simulator's URL. */
  upstreamUrl: URL;
  logger?: Logger;
  /** Prometheus metrics (served at /metrics); index.ts always passes one. */
  metrics?: Metrics;
  /** OpenTelemetry tracing; off when undefined. */
  tracing?: Tracing;
  /** GraphiQL defaults (demo mode fills in an example query and a token). */
  graphiql?: GraphiQLOptions;
  /** Observes every upstream attempt (tests, metrics). */
  onUpstreamEvent?: (event: UpstreamEvent) => void;
}

/** Armor rejects with bare GraphQLErrors; give each limit its stable code. */
function withCode(code: string) {
  return (_context: unknown, error: GraphQLError) => {
    (error.extensions as Record<string, unknown>).code = code;
  };
}

/** Builds the GraphQL server; `index.ts` listens, tests call `yoga.fetch`. */
export function buildYoga({ config, upstreamUrl, logger, metrics, tracing, graphiql, onUpstreamEvent }: BuildYogaOptions) {
  const upstream = createUpstream(
    {
      baseUrl: upstreamUrl,
      timeoutMs: config.timeoutMs,
      ca: config.upstreamCa,
      tlsInsecure: config.tlsInsecure,
      maxConnections: config.maxUpstreamConnections,
      retry: { attempts: config.retryAttempts },
      breaker: { threshold: config.breakerThreshold, cooldownMs: config.breakerCooldownMs },
    },
    {
      logger,
      onEvent: (event) => {
        metrics?.observeUpstream(event);
        onUpstreamEvent?.(event);
      },
      onBreakerChange: metrics?.breakerChanged,
    },
  );
  const closeUpstream: Plugin = { onDispose: () => upstream.dispatcher.close() };

  const plugins: Plugin[] = [
    useMaxBodySize(config.maxBodyBytes),
    useReadiness(upstream),
    useOfflineGraphiQL(),
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
  if (config.graphqlJit) plugins.push(useGraphQlJit() as Plugin);
  if (!config.introspection) plugins.push(useNoIntrospection());
  if (logger) plugins.push(useRequestLog(logger) as Plugin);
  if (metrics) plugins.push(metrics.plugin);
  if (tracing) plugins.push(tracing.plugin as Plugin);
  const manifest = config.persistedOperations;
  if (manifest) {
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
    // useMaxBodySize enforces MAX_BODY_BYTES from content-length without re-streaming the body;
    // Yoga's own limit pipes every body through a transform (about a quarter of the throughput).
    maxRequestBodySize: false,
    cors:
      config.corsOrigins.length > 0
        ? { origin: config.corsOrigins, methods: ['GET', 'POST'], allowedHeaders: ['content-type', 'authorization', 'x-request-id'] }
        : false,
    graphiql: graphiql ?? true,
    renderGraphiQL: renderOfflineGraphiQL,
    context: createContextFactory({
      upstream,
      limits: { maxPageSize: config.maxPageSize, upstreamBudget: config.upstreamBudget },
      onLoaderCacheHit: metrics?.loaderCacheHit,
    }),
    plugins,
  });
}
