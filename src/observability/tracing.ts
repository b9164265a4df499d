import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Plugin } from 'graphql-yoga';
import type { RequestContext } from '../context.js';
import type { RequestScope, UpstreamEvent, UpstreamEvents, UpstreamRequestEvent } from '../upstream/events.js';
import { operationName } from './operation-name.js';

/** Where spans go: OTLP over HTTP (`OTEL_EXPORTER_OTLP_ENDPOINT`), or an exporter of the caller's (tests). */
export type TracingTarget = { otlpEndpoint: string } | { exporter: SpanExporter };

export interface Tracing {
  plugin: Plugin<RequestContext>;
  /** Turns each upstream attempt on `events` into a child span of its operation's span. Returns the unsubscribe. */
  subscribeTo(events: UpstreamEvents): () => void;
  shutdown(): Promise<void>;
}

/**
 * A span per GraphQL operation and, as its children, a span per upstream attempt with the
 * backup server's configured name, route template (never raw ids), status and attempt number. No query text, variables or
 * headers are recorded.
 */
export function createTracing(target: TracingTarget, serviceName = 'vbm365-graphql'): Tracing {
  const processor =
    'exporter' in target
      ? new SimpleSpanProcessor(target.exporter)
      : new BatchSpanProcessor(new OTLPTraceExporter({ url: `${target.otlpEndpoint.replace(/\/+$/, '')}/v1/traces` }));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [processor],
  });
  const tracer = provider.getTracer('vbm365-graphql');
  // The span of each operation executing now, by its request's scope (which attempts name).
  const spans = new WeakMap<RequestScope, Span>();
  const listener = (event: UpstreamEvent) => {
    if (event.type !== 'request' || event.scope === undefined) return;
    const parent = spans.get(event.scope);
    if (parent) upstreamSpan(tracer, parent, event);
  };

  return {
    shutdown: () => provider.shutdown(),
    subscribeTo: (events) => events.subscribe(listener),
    plugin: {
      onExecute({ args }) {
        const context = args.contextValue;
        const name = operationName(args);
        const span = tracer.startSpan(`graphql.operation ${name}`, {
          kind: SpanKind.SERVER,
          attributes: { 'graphql.operation.name': name, 'request.id': context.requestId },
        });
        spans.set(context.scope, span);
        return {
          onExecuteDone({ result }) {
            const errors = 'errors' in result ? (result.errors ?? []) : [];
            if (errors.length > 0) {
              span.setStatus({ code: SpanStatusCode.ERROR, message: errors.map((e) => e.extensions?.code ?? 'ERROR').join(',') });
            }
            span.setAttribute('upstream.calls', context.upstream.calls);
            span.end();
            if (spans.get(context.scope) === span) spans.delete(context.scope);
          },
        };
      },
    },
  };
}

function upstreamSpan(tracer: Tracer, parent: Span, event: UpstreamRequestEvent) {
  const end = Date.now();
  const span = tracer.startSpan(
    `upstream ${event.method} ${event.template}`,
    {
      kind: SpanKind.CLIENT,
      startTime: end - event.durationMs,
      attributes: {
        'http.request.method': event.method,
        'http.route': event.template,
        'upstream.server': event.server,
        'upstream.attempt': event.attempt,
        'upstream.retry_count': event.attempt - 1,
        ...(event.status !== undefined ? { 'http.response.status_code': event.status } : {}),
        ...(event.error ? { 'error.type': event.error } : {}),
      },
    },
    trace.setSpan(ROOT_CONTEXT, parent),
  );
  if (event.error || (event.status ?? 0) >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end(end);
}
