import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVERS, startServersHarness, type Replica, type ServerName, type ServersHarness } from './servers-harness.js';

// /ready over several servers: each checked through its own machinery, in parallel; ready while
// one answers (one customer's server down must not pull every replica out of the balancer).

let harness: ServersHarness;
let facade: Replica;

beforeAll(async () => {
  harness = await startServersHarness();
  // READY_CACHE_MS 0: every /ready checks each server again, so each step's probes are countable.
  facade = await harness.replica({ config: { readyCacheMs: 0 } });
});
afterAll(() => harness.close());

interface ReadyBody {
  ready: boolean;
  apiVersion?: string;
  servers: { name: string; apiVersion: string; reachable: boolean; upstreamStatus: number | null; breaker: string }[];
  cache: string;
}

async function ready(): Promise<{ status: number; body: ReadyBody }> {
  const response = await facade.yoga.fetch('http://facade.invalid/ready');
  return { status: response.status, body: (await response.json()) as ReadyBody };
}

/** The requests a simulator served since the last reset, as `method path authorization`. */
const served = (name: ServerName) => harness.calls(name).map((call) => [call.method, call.path, call.authorization]);
const probeOf = (name: ServerName) => ['GET', `/${harness.versions[name]}/jobsessions?limit=1`, undefined];

describe('/ready over three servers', () => {
  it('probes each server once, without a token; 200 while one answers, 503 when none does', async () => {
    harness.reset();
    const all = await ready();
    expect(all.status).toBe(200);
    expect(all.body).toEqual({
      ready: true,
      servers: [
        { name: 'eu1', apiVersion: 'v8', reachable: true, upstreamStatus: 401, breaker: 'closed' },
        { name: 'us1', apiVersion: 'v7', reachable: true, upstreamStatus: 401, breaker: 'closed' },
        { name: 'apac1', apiVersion: 'v6', reachable: true, upstreamStatus: 401, breaker: 'closed' },
      ],
      cache: 'local',
    });
    // One anonymous probe to each server, through its own pool, at its own version.
    for (const { name } of SERVERS) expect(served(name)).toEqual([probeOf(name)]);

    // A server that never answers costs /ready its bounded wait, not its answer.
    harness.simulators.us1.injectFault({ hang: true });
    harness.reset();
    const hung = await ready();
    expect(hung.status).toBe(200);
    expect(hung.body.servers.map(({ name, reachable }) => ({ name, reachable }))).toEqual([
      { name: 'eu1', reachable: true },
      { name: 'us1', reachable: false },
      { name: 'apac1', reachable: true },
    ]);
    expect(served('us1')).toEqual([probeOf('us1')]);
    // Answering again: once the hung probe has given up, the next one finds us1.
    harness.simulators.us1.clearFaults();
    await expect.poll(async () => (await ready()).body.servers[1]!.reachable, { timeout: 20_000 }).toBe(true);

    // One customer's server stops: still ready, that server named unreachable.
    await harness.simulators.apac1.close();
    harness.reset();
    const one = await ready();
    expect(one.status).toBe(200);
    expect(one.body.ready).toBe(true);
    expect(one.body.servers.map(({ name, reachable, upstreamStatus }) => ({ name, reachable, upstreamStatus }))).toEqual([
      { name: 'eu1', reachable: true, upstreamStatus: 401 },
      { name: 'us1', reachable: true, upstreamStatus: 401 },
      { name: 'apac1', reachable: false, upstreamStatus: null },
    ]);
    expect(served('eu1')).toEqual([probeOf('eu1')]);
    expect(served('us1')).toEqual([probeOf('us1')]);

    // The others stop too: nothing to serve from, out of the balancer.
    await Promise.all([harness.simulators.eu1.close(), harness.simulators.us1.close()]);
    const none = await ready();
    expect(none.status).toBe(503);
    expect(none.body.ready).toBe(false);
    expect(none.body.servers.map((server) => server.reachable)).toEqual([false, false, false]);
  });
});
