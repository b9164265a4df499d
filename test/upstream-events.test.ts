import { VERSION_RECHECK_MS } from '../src/config.js';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { parse } from 'graphql';
import { Agent, type Dispatcher } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../src/observability/metrics.js';
import { createTracing } from '../src/observability/tracing.js';
import { SEED, startSimulator, type Simulator } from '../src/simulator/index.js';
import { createUpstreamEvents, type RequestScope, type UpstreamEvent } from '../src/upstream/events.js';
import { createApiVersionState } from '../src/upstream/version-state.js';
import { startHarness, type Harness } from './helpers/harness.js';

/** The linked session, read twice in one operation: the second read is a loader hit. */
const TWICE = `{ jobSession(id: "${SEED.linkedJobSessionId}") { id } again: jobSession(id: "${SEED.linkedJobSessionId}") { id } }`;

const attempt = (status: number | undefined, scope?: RequestScope, extra: Partial<UpstreamEvent> = {}): UpstreamEvent => ({
  type: 'request',
  server: 'default',
  scope,
  method: 'GET',
  template: '/jobs',
  status,
  durationMs: 12,
  attempt: 1,
  ...extra,
} as UpstreamEvent);

let h: Harness | undefined;
let simulator: Simulator | undefined;
const pools: Agent[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  await simulator?.close();
  simulator = undefined;
  for (const pool of pools.splice(0)) await pool.close();
});

describe('the upstream event stream', () => {
  it('one subscriber sees the cache lookups, attempts and loader hits of a request, in order, with its request id', async () => {
    h = await startHarness({ config: { cacheTtlMs: 60_000, cacheFinishedTtlMs: 60_000 } });
    // Built with the server: where cached entries live.
    expect(h.events).toEqual([{ type: 'cache-state', state: 'local' }]);
    h.reset();

    expect((await h.query(TWICE, { headers: { 'x-request-id': 'events-1' } })).errors).toBeUndefined();
    expect(h.events).toEqual([
      { type: 'loader-hit', loader: 'jobSession' },
      { type: 'cache', outcome: 'miss' },
      {
        type: 'request',
        server: 'default',
        scope: { requestId: 'events-1' },
        method: 'GET',
        template: '/jobsessions/{id}',
        status: 200,
        durationMs: expect.any(Number),
        attempt: 1,
      },
    ]);
    expect(h.calls()).toHaveLength(1);

    // The same read again: answered by the shared cache, no attempt.
    h.reset();
    expect((await h.query(TWICE, { headers: { 'x-request-id': 'events-2' } })).errors).toBeUndefined();
    expect(h.events).toEqual([
      { type: 'loader-hit', loader: 'jobSession' },
      { type: 'cache', outcome: 'hit' },
    ]);
    expect(h.calls()).toHaveLength(0);
  });

  it('an attempt that opens the breaker is followed by the breaker event', async () => {
    h = await startHarness({ config: { retryAttempts: 1, breakerThreshold: 2, breakerMinCallers: 1 } });
    h.reset();
    h.simulator.injectFault({ path: /\/jobsessions\//, status: 503 });
    await h.query(`{ jobSession(id: "${SEED.jobSessionId}") { id } }`, { headers: { 'x-request-id': 'down-1' } });
    await h.query(`{ jobSession(id: "${SEED.jobSessionId}") { id } }`, { headers: { 'x-request-id': 'down-2' } });
    const seen = h.events.map((e) =>
      e.type === 'request' ? `${e.scope?.requestId} ${e.status}` : e.type === 'breaker' ? `breaker ${e.state}` : e.type === 'cache' ? `cache ${e.outcome}` : e.type,
    );
    // The harness keeps the cache off: each read is a bypass, then its attempt.
    expect(seen).toEqual(['cache bypass', 'down-1 503', 'cache bypass', 'down-2 503', 'breaker open']);
    expect(h.calls()).toHaveLength(2);
  });

  it('metrics count only what the stream reports, until unsubscribed', async () => {
    const metrics = createMetrics();
    const events = createUpstreamEvents();
    const unsubscribe = metrics.subscribeTo(events);
    events.emit(attempt(503));
    events.emit(attempt(200, undefined, { attempt: 2 }));
    events.emit(attempt(undefined, undefined, { error: 'ECONNRESET' }));
    events.emit({ type: 'breaker', server: 'default', state: 'open' });
    events.emit({ type: 'cache', outcome: 'hit' });
    events.emit({ type: 'cache-state', state: 'degraded' });
    events.emit({ type: 'loader-hit', loader: 'job' });
    let text = await metrics.registry.metrics();
    expect(text).toContain('upstream_requests_total{server="default",method="GET",route="/jobs",status="503"} 1');
    expect(text).toContain('upstream_requests_total{server="default",method="GET",route="/jobs",status="200"} 1');
    expect(text).toContain('upstream_requests_total{server="default",method="GET",route="/jobs",status="ECONNRESET"} 1');
    expect(text).toContain('upstream_retries_total{server="default",route="/jobs"} 1');
    expect(text).toContain('upstream_circuit_breaker_state{server="default",state="open"} 1');
    expect(text).toContain('upstream_circuit_breaker_state{server="default",state="closed"} 0');
    expect(text).toContain('upstream_cache_lookups_total{outcome="hit"} 1');
    expect(text).toContain('upstream_cache_state{state="degraded"} 1');
    expect(text).toContain('loader_cache_hits_total{loader="job"} 1');

    unsubscribe();
    events.emit(attempt(503));
    text = await metrics.registry.metrics();
    expect(text).toContain('upstream_requests_total{server="default",method="GET",route="/jobs",status="503"} 1');
  });

  it("tracing makes an attempt a child span of its own request's operation, found by the event's scope", async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = createTracing({ exporter });
    const events = createUpstreamEvents();
    tracing.subscribeTo(events);
    const scope: RequestScope = { requestId: 'traced-1' };
    const context = { requestId: scope.requestId, scope, upstream: { calls: 1 } };
    const onExecute = tracing.plugin.onExecute as (payload: unknown) => { onExecuteDone(payload: unknown): void };
    const execution = onExecute({ args: { contextValue: context, document: parse('query Traced { jobs { id } }'), operationName: 'Traced' } });
    events.emit(attempt(200, scope));
    // Another request's attempt, and one of no request: not in this operation's trace.
    events.emit(attempt(200, { requestId: 'traced-1' }, { template: '/organizations' }));
    events.emit(attempt(200, undefined, { template: '/jobsessions' }));
    execution.onExecuteDone({ result: { data: {} } });
    // After the operation ended, its scope has no span any more.
    events.emit(attempt(200, scope, { template: '/late' }));

    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name).sort()).toEqual(['graphql.operation Traced', 'upstream GET /jobs']);
    const operation = spans.find((s) => s.name === 'graphql.operation Traced')!;
    const child = spans.find((s) => s.name === 'upstream GET /jobs')!;
    expect(child.parentSpanContext?.spanId).toBe(operation.spanContext().spanId);
    await tracing.shutdown();
  });
});

/** The upstream pool, counting what it dispatches. */
class CountingAgent extends Agent {
  readonly dispatched: string[] = [];
  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    this.dispatched.push(`${options.method} ${options.path}`);
    return super.dispatch(options, handler);
  }
}

describe('the API version re-check', () => {
  it('starts on a 404 attempt on the event stream, and on nothing else', async () => {
    simulator = await startSimulator({ versions: ['v6', 'v7'] });
    const pool = new CountingAgent();
    pools.push(pool);
    const events = createUpstreamEvents();
    const versions = createApiVersionState({ url: new URL(simulator.origin), initial: 'v8', dispatcher: pool, timeoutMs: 5_000, recheckMs: VERSION_RECHECK_MS, events });

    for (const status of [200, 401, 403, 500, 503, undefined]) events.emit(attempt(status));
    events.emit({ type: 'breaker', server: 'default', state: 'open' });
    events.emit({ type: 'cache', outcome: 'miss' });
    events.emit({ type: 'loader-hit', loader: 'job' });
    expect(pool.dispatched).toEqual([]);

    events.emit(attempt(404));
    // The probes leave at once: the 404 started the check.
    expect([...pool.dispatched].sort()).toEqual(['GET /v6/ServiceInstance', 'GET /v7/ServiceInstance', 'GET /v8/ServiceInstance']);
    // Joins the check in flight rather than starting another.
    expect(await versions.discover()).toBe('v7');
    expect(pool.dispatched).toHaveLength(3);
    expect(versions.current()).toBe('v7');
  });

  it('a version named in the URL does not listen', async () => {
    simulator = await startSimulator({ versions: ['v6', 'v7'] });
    const pool = new CountingAgent();
    pools.push(pool);
    const events = createUpstreamEvents();
    const versions = createApiVersionState({ url: new URL(`${simulator.origin}/v8`), dispatcher: pool, timeoutMs: 5_000, recheckMs: VERSION_RECHECK_MS, events });
    events.emit(attempt(404));
    expect(pool.dispatched).toEqual([]);
    expect(versions.current()).toBe('v8');
  });
});
