import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../src/observability/metrics.js';
import { createTracing, type Tracing } from '../src/observability/tracing.js';
import { SEED } from '../src/simulator/index.js';
import { startHarness, type Harness } from './helpers/harness.js';

const SEED_QUERY = `query Seed { jobSession(id: "${SEED.linkedJobSessionId}") { status logItem(id: "${SEED.servedLogItemId}") { title jobSession { status } } } }`;
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

let h: Harness;
let tracing: Tracing;
const exporter = new InMemorySpanExporter();

beforeAll(async () => {
  tracing = createTracing({ exporter });
  h = await startHarness({ metrics: createMetrics(), tracing, config: { retryAttempts: 2, readyCacheMs: 0 } });
});
afterAll(async () => {
  await h.close();
  await tracing.shutdown();
});
beforeEach(() => {
  h.reset();
  exporter.reset();
});

async function get(path: string) {
  const response = await h.yoga.fetch(`http://facade.invalid${path}`);
  return { status: response.status, text: await response.text() };
}

describe('/metrics', () => {
  it('counts operations, upstream requests by route template, retries, cache hits and the breaker', async () => {
    h.simulator.injectFault({ path: /\/logitems\//, status: 503, times: 1 });
    expect((await h.query(SEED_QUERY)).errors).toBeUndefined();
    const { status, text } = await get('/metrics');
    expect(status).toBe(200);
    expect(text).toContain('graphql_operations_total{operation="Seed",outcome="success"} 1');
    expect(text).toMatch(/graphql_operation_duration_seconds_count\{operation="Seed"\} 1/);
    expect(text).toContain('upstream_requests_total{server="default",method="GET",route="/jobsessions/{id}",status="200"} 1');
    expect(text).toContain('upstream_requests_total{server="default",method="GET",route="/jobsessions/{id}/logitems/{id}",status="503"} 1');
    expect(text).toContain('upstream_retries_total{server="default",route="/jobsessions/{id}/logitems/{id}"} 1');
    expect(text).toMatch(/upstream_request_duration_seconds_bucket\{le="[^"]+",server="default",method="GET",route="\/jobsessions\/\{id\}"\}/);
    // The linked session is the one already loaded: a saved call.
    expect(text).toContain('loader_cache_hits_total{loader="jobSession"} 1');
    expect(text).toContain('upstream_circuit_breaker_state{server="default",state="closed"} 1');
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).not.toMatch(GUID);
  });
});

describe('/health and /ready', () => {
  it('/health answers 200 without touching the upstream', async () => {
    expect((await get('/health')).status).toBe(200);
    expect(h.calls()).toHaveLength(0);
  });

  it('/ready is 200 when the upstream answers an anonymous probe, even with 401', async () => {
    const ready = await get('/ready');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toMatchObject({ ready: true, upstreamStatus: 401 });
    expect(h.calls()).toHaveLength(1);
    expect(h.calls()[0]!.authorization).toBeUndefined();
  });

  it('/ready is 503 when the upstream fails', async () => {
    h.simulator.injectFault({ status: 503 });
    const ready = await get('/ready');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.text)).toMatchObject({ ready: false });
  });
});

describe('tracing', () => {
  it('records a span per operation and, as its children, a span per upstream call with the route template', async () => {
    await h.query(SEED_QUERY, { headers: { 'x-request-id': 'trace-me-1' } });
    const spans = exporter.getFinishedSpans();
    const operation = spans.find((s) => s.name === 'graphql.operation Seed')!;
    expect(operation.attributes['request.id']).toBe('trace-me-1');
    expect(operation.attributes['upstream.calls']).toBe(2);
    const upstream = spans.filter((s) => s.name.startsWith('upstream '));
    expect(upstream.map((s) => s.attributes['http.route']).sort()).toEqual(['/jobsessions/{id}', '/jobsessions/{id}/logitems/{id}']);
    for (const span of upstream) {
      expect(span.parentSpanContext?.spanId).toBe(operation.spanContext().spanId);
      expect(span.spanContext().traceId).toBe(operation.spanContext().traceId);
      expect(span.attributes['http.response.status_code']).toBe(200);
      expect(span.attributes['upstream.retry_count']).toBe(0);
      expect(span.name).not.toMatch(GUID);
    }
  });
});
