import { createYoga, type GraphiQLOptions, type Plugin } from 'graphql-yoga';
import { createContextFactory, type Limits, type RequestContext } from './context.js';
import { renderOfflineGraphiQL, useOfflineGraphiQL } from './graphiql.js';
import { buildSchema } from './schema.js';
import { createUpstreamDispatcher, type UpstreamEvent, type UpstreamSettings } from './upstream/client.js';

export const DEFAULT_LIMITS: Limits = {
  maxPageSize: 1000,
};

export interface BuildYogaOptions {
  /** How to reach the upstream; the dispatcher (connection pool) is created from it. */
  upstream: UpstreamSettings;
  /** Query limits; defaults suit a production backup server. */
  limits?: Partial<Limits>;
  /** GraphiQL defaults (demo mode fills in an example query and a token). */
  graphiql?: GraphiQLOptions;
  /** Observes every upstream exchange (tests, metrics, logs). */
  onUpstreamEvent?: (event: UpstreamEvent) => void;
}

/** Builds the GraphQL server; `index.ts` listens, tests call `yoga.fetch`. */
export function buildYoga(options: BuildYogaOptions) {
  const dispatcher = createUpstreamDispatcher(options.upstream);
  const closeDispatcher: Plugin = {
    onDispose: () => dispatcher.close(),
  };
  return createYoga<object, RequestContext>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    maskedErrors: true,
    graphiql: options.graphiql ?? true,
    renderGraphiQL: renderOfflineGraphiQL,
    context: createContextFactory({
      settings: options.upstream,
      dispatcher,
      limits: { ...DEFAULT_LIMITS, ...options.limits },
      onUpstreamEvent: options.onUpstreamEvent,
    }),
    plugins: [useOfflineGraphiQL(), closeDispatcher],
  });
}
