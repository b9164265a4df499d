import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { ApiVersion } from '../../src/upstream/api-version.js';
import { createApiVersionState, discoverApiVersion } from '../../src/upstream/version-state.js';
import { buildYoga } from '../../src/yoga.js';
import { paths } from '../helpers/harness.js';

let simulator: Simulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

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
    const found = await discoverApiVersion(new URL(sim.origin), { timeoutMs: 5_000 });
    expect(found).toEqual({ version: expected, answered: true });
    // Three anonymous probes of ServiceInstance, newest versions only; no token anywhere.
    expect(sim.requests.map((r) => r.path).sort()).toEqual(['/v6/ServiceInstance', '/v7/ServiceInstance', '/v8/ServiceInstance']);
    expect(sim.requests.every((r) => r.authorization === undefined && r.method === 'GET')).toBe(true);
  });

  it('a base URL that names a version is used as given, with no probe', async () => {
    const sim = await serving(['v5', 'v6', 'v7', 'v8']);
    const state = createApiVersionState({ url: new URL(`${sim.origin}/v6`) });
    expect(await state.discover()).toBe('v6');
    state.suspect();
    expect(state.pinned).toBe(true);
    expect(state.baseUrl().href).toBe(`${sim.origin}/v6`);
    expect(sim.requests).toHaveLength(0);
  });

  it('a server that gives no answer leaves v5 in place and says so', async () => {
    const found = await discoverApiVersion(new URL('http://127.0.0.1:9'), { timeoutMs: 2_000 });
    expect(found).toEqual({ version: 'v5', answered: false });
  });

  it('discovers again when the server stops routing the version in use, once however many callers hit it', async () => {
    const sim = await serving(['v6', 'v7', 'v8']);
    const yoga = buildYoga({ config: { ...loadConfig({}), timeoutMs: 5_000 }, upstreamUrl: new URL(sim.origin), apiVersion: 'v8' });
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
});
