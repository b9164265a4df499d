import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { RequestContext } from '../context.js';
import { operationName } from '../observability/operation-name.js';

/**
 * One log line per GraphQL operation: request id, operation name, outcome, duration and the
 * upstream calls it caused. Never the query text, variables or headers: they may hold secrets.
 */
export function useRequestLog(logger: Logger): Plugin<RequestContext> {
  return {
    onExecute({ args }) {
      const started = performance.now();
      const context = args.contextValue;
      return {
        onExecuteDone({ result }) {
          const errors = 'errors' in result ? (result.errors ?? []) : [];
          logger.info(
            {
              requestId: context.requestId,
              operation: operationName(args),
              durationMs: Math.round((performance.now() - started) * 10) / 10,
              upstreamCalls: context.upstream.calls,
              errors: errors.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
            },
            'graphql operation',
          );
        },
      };
    },
  };
}
