import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createYoga } from 'graphql-yoga';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createEstimateCache, useQueryBudget } from '../../src/plugins/query-budget.js';
import { buildSchema } from '../../src/schema.js';
import { startHarness, type Harness } from '../helpers/harness.js';

// What every caller shares stays bounded and cannot be flooded: the budget estimate cache,
// /ready and the operation-name metric labels.

const KiB = 1024;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('the query budget estimate cache (defect 2)', () => {
  function budgetYoga(maxBytes: number) {
    const cache = createEstimateCache(maxBytes);
    const yoga = createYoga({ schema: buildSchema(), plugins: [useQueryBudget(200, cache)], logging: false });
    const post = (variables: Record<string, unknown>, token?: string) =>
      yoga.fetch('http://facade.invalid/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query: 'query Q($pad: ID!) { __typename jobSession(id: $pad) @skip(if: true) { id } }', variables }),
      });
    return { cache, post };
  }

  it('anonymous callers cannot fill it', async () => {
    const { cache, post } = budgetYoga(64 * KiB);
    for (let i = 0; i < 200; i++) expect(await (await post({ pad: `${i}` })).json()).toEqual({ data: { __typename: 'Query' } });
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it('is bounded in bytes: many unique variables, and large ones are never kept', async () => {
    const { cache, post } = budgetYoga(16 * KiB);
    for (let i = 0; i < 400; i++) expect(await (await post({ pad: `value-${i}` }, 'some-token')).json()).toEqual({ data: { __typename: 'Query' } });
    expect(cache.size).toBeGreaterThan(0);
    expect(cache.size).toBeLessThan(400);
    expect(cache.bytes).toBeLessThanOrEqual(16 * KiB);
    const before = cache.size;
    for (let i = 0; i < 50; i++) await post({ pad: `${i}`.padEnd(10 * KiB, 'x') }, 'some-token');
    expect(cache.size).toBe(before);
    expect(cache.bytes).toBeLessThanOrEqual(16 * KiB);
  });
});

describe('/ready (defect 6)', () => {
  it('100 concurrent callers share one upstream probe', async () => {
    h = await startHarness();
    const responses = await Promise.all(Array.from({ length: 100 }, () => h!.yoga.fetch('http://facade.invalid/ready')));
    expect(responses.map((r) => r.status)).toEqual(Array(100).fill(200));
    expect(h.calls()).toHaveLength(1);
    expect(h.calls()[0]!.authorization).toBeUndefined();
    // Later callers within READY_CACHE_MS reuse the result.
    for (let i = 0; i < 20; i++) expect((await h.yoga.fetch('http://facade.invalid/ready')).status).toBe(200);
    expect(h.calls()).toHaveLength(1);
  });

  it('probes again once the cached result is older than READY_CACHE_MS', async () => {
    const clock = { ms: 0, now: () => clock.ms, sleep: async () => undefined };
    h = await startHarness({ config: { readyCacheMs: 100 }, upstreamClock: clock, now: clock.now });
    expect((await h.yoga.fetch('http://facade.invalid/ready')).status).toBe(200);
    h.simulator.injectFault({ status: 503 });
    clock.ms += 99;
    expect((await h.yoga.fetch('http://facade.invalid/ready')).status).toBe(200);
    expect(h.calls()).toHaveLength(1);
    clock.ms += 1;
    expect((await h.yoga.fetch('http://facade.invalid/ready')).status).toBe(503);
    expect(h.calls()).toHaveLength(2);
  });
});

describe('operation-name metric labels (defect 8)', () => {
  async function operationLabels() {
    const text = await (await h!.yoga.fetch('http://facade.invalid/metrics')).text();
    return new Set([...text.matchAll(/^graphql_operations_total\{operation="([^"]+)"/gm)].map((m) => m[1]!));
  }

  it('client-chosen names beyond the cap are counted as `other`', async () => {
    h = await startHarness({ metrics: createMetrics({ maxOperations: 10 }) });
    for (let i = 0; i < 300; i++) await h.query(`query Name${i} { __typename }`);
    const labels = await operationLabels();
    expect(labels.size).toBe(11);
    expect(labels.has('other')).toBe(true);
    expect(labels.has('Name0')).toBe(true);
    expect(labels.has('Name299')).toBe(false);
    expect(h.calls()).toHaveLength(0);
  });

  it('persisted operations keep their own label after the cap is reached', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vbm-labels-'));
    const file = join(dir, 'operations.json');
    writeFileSync(file, JSON.stringify({ a: 'query KnownA { __typename }', b: 'query KnownB { __typename }' }));
    const persistedOperations = loadConfig({ PERSISTED_OPERATIONS_FILE: file }).persistedOperations;
    h = await startHarness({ metrics: createMetrics({ maxOperations: 0 }), config: { persistedOperations } });
    for (const hash of ['a', 'b', 'a']) {
      await h.yoga.fetch('http://facade.invalid/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
      });
    }
    expect(await operationLabels()).toEqual(new Set(['KnownA', 'KnownB']));
  });
});
