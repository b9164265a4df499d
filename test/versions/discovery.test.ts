import { Agent, type Dispatcher } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, VERSION_RECHECK_MS } from '../../src/config.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { ApiVersion } from '../../src/upstream/api-version.js';
import { createApiVersionState, discoverApiVersion } from '../../src/upstream/version-state.js';
import { buildYoga } from '../../src/yoga.js';
import { HARNESS_DEFAULTS, paths } from '../helpers/harness.js';

let simulator: Simulator | undefined;
const pools: Agent[] = [];
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
  for (const pool of pools.splice(0)) await pool.close();
});

/** The upstream pool, counting what it dispatches: which requests went through it. */
class CountingAgent extends Agent {
  readonly dispatched: string[] = [];
  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    this.dispatched.push(`${options.method} ${options.path}`);
    return super.dispatch(options, handler);
  }
}

function countingPool(): CountingAgent {
  const pool = new CountingAgent();
  pools.push(pool);
  return pool;
}

async function serving(versions: ApiVersion[]) {
  simulator = await startSimulator({ versions });
  return simulator;
}

describe('discovering the API version the server serves', () => {
  it.each([
    [['v5'], 'v5'],
    [['v5', 'v6'], 'v6'],
    [['v6', 'v7', 'v8'], 'v8'],
    [['v5', 'v6', 'v7', 'v8'], 'v8'],
  ] as const)('a server serving %j is spoken to in %s', async (versions, expected) => {
    const sim = await serving([...versions]);
    const found = await discoverApiVersion(new URL(sim.origin), { dispatcher: countingPool(), timeoutMs: 5_000 });
    expect(found).toEqual({ version: expected, answered: true });
    // Three anonymous probes of ServiceInstance, newest versions only; no token anywhere.
    expect(sim.requests.map((r) => r.path).sort()).toEqual(['/v6/ServiceInstance', '/v7/ServiceInstance', '/v8/ServiceInstance']);
    expect(sim.requests.every((r) => r.authorization === undefined && r.method === 'GET')).toBe(true);
  });

  it('a base URL that names a version is used as given, with no probe', async () => {
    const sim = await serving(['v5', 'v6', 'v7', 'v8']);
    const state = createApiVersionState({ url: new URL(`${sim.origin}/v6`), dispatcher: countingPool(), timeoutMs: 5_000, recheckMs: VERSION_RECHECK_MS });
    expect(await state.discover()).toBe('v6');
    state.suspect();
    expect(state.pinned).toBe(true);
    expect(state.baseUrl().href).toBe(`${sim.origin}/v6`);
    expect(sim.requests).toHaveLength(0);
  });

  it('a server that gives no answer leaves v5 in place and says so', async () => {
    const found = await discoverApiVersion(new URL('http://127.0.0.1:9'), { dispatcher: countingPool(), timeoutMs: 2_000 });
    expect(found).toEqual({ version: 'v5', answered: false });
  });

  it('discovers again when the server stops routing the version in use, once however many callers hit it', async () => {
    const sim = await serving(['v6', 'v7', 'v8']);
    const yoga = buildYoga({ config: { ...loadConfig({}), timeoutMs: 5_000, ...HARNESS_DEFAULTS }, upstreamUrl: new URL(sim.origin), apiVersion: 'v8' });
    const token = sim.issueToken('admin');
    const ask = async () => {
      const response = await yoga.fetch('http://facade.invalid/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ server { apiVersion } jobs { id } }' }),
      });
      return (await response.json()) as { data: { server: { apiVersion: string } } };
    };
    expect((await ask()).data.server.apiVersion).toBe('v8');
    // The server is "updated" and no longer routes v8.
    sim.injectFault({ path: /^\/v8\//, status: 404, body: '{"message":"No HTTP resource was found."}' });
    sim.resetRequests();
    await Promise.all(Array.from({ length: 5 }, ask));
    await expect.poll(() => sim.requests.filter((r) => /serviceinstance$/i.test(r.path)).length).toBe(3);
    await expect.poll(async () => (await ask()).data.server.apiVersion).toBe('v7');
    sim.resetRequests();
    await ask();
    expect(paths(sim.requests)).toEqual(['/jobs']);
    expect(sim.requests[0]?.path).toBe('/v7/jobs');
    await yoga.dispose();
  });

  it('the discovery, /ready and the reads all go through the dispatcher the server was given', async () => {
    const sim = await serving(['v6', 'v7', 'v8']);
    // Handed over: the server closes it on dispose.
    const pool = new CountingAgent();
    // READY_CACHE_MS 0: /ready probes even though the discovery it waited for has just answered.
    const yoga = buildYoga({
      config: { ...loadConfig({}), timeoutMs: 5_000, ...HARNESS_DEFAULTS, readyCacheMs: 0 },
      upstreamUrl: new URL(sim.origin),
      apiVersion: 'v5',
      apiVersionAnswered: false,
      dispatcher: pool,
    });
    const ready = await yoga.fetch('http://facade.invalid/ready');
    expect(await ready.json()).toMatchObject({ ready: true, apiVersion: 'v8' });
    const token = sim.issueToken('admin');
    const response = await yoga.fetch('http://facade.invalid/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ jobs { id } }' }),
    });
    expect((await response.json()) as unknown).toMatchObject({ data: { jobs: expect.any(Array) } });
    // Every request the server received went through the pool, and nothing else did.
    const received = sim.requests.map((r) => `${r.method} ${r.path}`);
    expect(received.sort()).toEqual([...pool.dispatched].sort());
    expect(received).toEqual([
      'GET /v6/ServiceInstance',
      'GET /v7/ServiceInstance',
      'GET /v8/ServiceInstance',
      'GET /v8/jobs?offset=0&limit=1000',
      'GET /v8/jobsessions?limit=1',
    ]);
    await yoga.dispose();
    expect(pool.closed).toBe(true);
  });

  it('after a start the server did not answer, the next requests check again, once between them, and read the version found', async () => {
    const sim = await serving(['v6', 'v7', 'v8']);
    const yoga = buildYoga({
      config: { ...loadConfig({}), timeoutMs: 5_000, ...HARNESS_DEFAULTS },
      upstreamUrl: new URL(sim.origin),
      apiVersion: 'v5',
      apiVersionAnswered: false,
    });
    const token = sim.issueToken('admin');
    const ask = async () => {
      const response = await yoga.fetch('http://facade.invalid/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ server { apiVersion } jobs { id } }' }),
      });
      return (await response.json()) as { data: { server: { apiVersion: string } }; errors?: unknown };
    };
    const answers = await Promise.all(Array.from({ length: 5 }, ask));
    expect(answers.map((a) => [a.data.server.apiVersion, a.errors])).toEqual(Array.from({ length: 5 }, () => ['v8', undefined]));
    const probes = sim.requests.filter((r) => /serviceinstance$/i.test(r.path));
    expect(probes.map((r) => r.path).sort()).toEqual(['/v6/ServiceInstance', '/v7/ServiceInstance', '/v8/ServiceInstance']);
    const reads = sim.requests.filter((r) => !/serviceinstance$/i.test(r.path));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((r) => r.path.startsWith('/v8/'))).toBe(true);
    // Known now: further requests probe no more.
    sim.resetRequests();
    await ask();
    expect(paths(sim.requests)).toEqual(['/jobs?offset=0&limit=1000']);
    await yoga.dispose();
  });

  it('a version check that gets no answer is repeated only after the recheck period', async () => {
    let now = 0;
    const pool = countingPool();
    const state = createApiVersionState({ url: new URL('http://127.0.0.1:9'), answered: false, dispatcher: pool, recheckMs: 30_000, timeoutMs: 2_000, now: () => now });
    const first = state.confirm();
    expect(first).toBeDefined();
    // Callers during the check join it.
    expect(state.confirm()).toBe(first);
    expect(await first).toBe('v5');
    expect(pool.dispatched).toHaveLength(3);
    now = 29_999;
    expect(state.confirm()).toBeUndefined();
    now = 30_000;
    expect(await state.confirm()).toBe('v5');
    expect(pool.dispatched).toHaveLength(6);
  });
});
