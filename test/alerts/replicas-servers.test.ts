/**
 * Two replicas of the app over one Redis (REDIS_URL) and three backup servers (eu1 v8, us1 v7,
 * apac1 v6): each server's watcher holds its own lease (`alerts:watcher:<server>`), so a server
 * whose lease another holds is not read while the others are; the store dedupes, one replica
 * delivers; each failure reaches the target exactly once, naming its server.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertsConfig } from '../../src/alerts/types.js';
import type { Config } from '../../src/config.js';
import type { RecordedRequest, Simulator } from '../../src/simulator/index.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { ensureServices, startRedisServer, type RedisServer } from '../scale-out/services.js';
import { SERVERS, startServersHarness, type ServerName, type ServersHarness } from '../servers/servers-harness.js';

let redis: RedisServer;
let probe: Redis;
let receiver: Receiver;
let h: ServersHarness;

const LEASE = (server: ServerName) => `vbm:lead:alerts:watcher:${server}`;

beforeAll(async () => {
  ensureServices();
  redis = await startRedisServer();
  probe = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  receiver = await startReceiver();
  h = await startServersHarness({ simulator: { clock: 'manual', stepMs: 60_000 } });
  // eu1's watcher lease is held by a third replica: neither replica here may read eu1 until it is free.
  await probe.set(LEASE('eu1'), 'another-replica', 'PX', 600_000);
  const account = (name: ServerName) => {
    const user = SERVERS.find((server) => server.name === name)!.user;
    return { name, username: user.userName, password: user.password };
  };
  const alerts: AlertsConfig = {
    targets: [{ name: 'ops', type: 'webhook', url: new URL(`${receiver.origin}/webhook`) }],
    rules: [{ kind: 'jobSessionFailed', targets: ['ops'] }],
    servers: [account('us1'), account('apac1')],
  };
  const config: Partial<Config> = {
    redisUrl: redis.url,
    alerts,
    watchUsername: SERVERS[0].user.userName,
    watchPassword: SERVERS[0].user.password,
    alertRetryBaseMs: 5,
    alertsIntervalMs: 200,
    // A watcher that lost its lease ends the long poll it is in within a second.
    liveFeedTimeoutSeconds: 1,
  };
  await h.replica({ config });
  await h.replica({ config });
});

afterAll(async () => {
  await h?.close();
  probe?.disconnect();
  await receiver?.close();
  await redis?.stop();
});

const lower = (request: RecordedRequest) => request.path.toLowerCase();

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 800; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never: ${what}`);
}

function failSession(simulator: Simulator): string {
  for (const job of simulator.data.jobs) {
    if (!job.isEnabled) continue;
    try {
      const id = simulator.startFailingSession(job.id).id;
      simulator.advance(10);
      return id;
    } catch {
      // Running already: the next job.
    }
  }
  throw new Error('no idle enabled job');
}

const polls = (name: ServerName, version: string) => h.calls(name).filter((request) => new RegExp(`^/${version}/jobsessions\\?.*endtimelowerbound=`).test(lower(request))).length;

describe('two replicas over Redis and three servers', () => {
  it('each server is watched under its own lease; a server whose lease another holds is not read; each failure is delivered once, naming its server', async () => {
    // Until a replica's Redis link is up it leads every server on its own (as the live pollers do): let that pass.
    await until(() => polls('us1', 'v7') >= 3 && polls('apac1', 'v6') >= 3, 'us1 and apac1 polled three times');
    await until(() => h.calls('eu1').every((request) => request.endedAt !== undefined), "eu1's reads from before the leases settled ending");
    h.reset();
    // us1 and apac1 are watched, several intervals long, while eu1's lease is held elsewhere: eu1 gets no request.
    await until(() => polls('us1', 'v7') >= 5 && polls('apac1', 'v6') >= 5, 'us1 and apac1 polled five times more');
    expect(h.calls('eu1')).toEqual([]);
    expect(await probe.get(LEASE('eu1'))).toBe('another-replica');

    const us = failSession(h.simulators.us1);
    const apac = failSession(h.simulators.apac1);
    await receiver.waitFor('/webhook', 2);

    // The third replica lets eu1 go: one of the two takes its lease on its next tick.
    await probe.del(LEASE('eu1'));
    await until(() => h.calls('eu1').some((request) => /^\/v8\/events\?/.test(lower(request)) && !/from=latest/.test(lower(request))), "eu1's watcher following its feed");
    const eu = failSession(h.simulators.eu1);
    await receiver.waitFor('/webhook', 3);

    const alerts = receiver.at('/webhook').map((request) => request.json as Alert);
    expect(alerts.map((alert) => alert.id).sort()).toEqual([`JOB_SESSION_FAILED:apac1:${apac}`, `JOB_SESSION_FAILED:eu1:${eu}`, `JOB_SESSION_FAILED:us1:${us}`].sort());
    expect(alerts.map((alert) => alert.server).sort()).toEqual(['apac1', 'eu1', 'us1']);
    // One lease per server, each held by one of the two replicas; none for the cluster as a whole.
    const holders = await Promise.all(SERVERS.map(({ name }) => probe.get(LEASE(name))));
    expect(holders.every((holder) => holder !== null && holder !== 'another-replica')).toBe(true);
    expect(new Set(holders).size).toBeLessThanOrEqual(2);
    expect(await probe.exists('vbm:lead:alerts:watcher')).toBe(0);
    // Every watcher request to a server carried a token that server issued (or none, the sign-in), never another's.
    const tokens = SERVERS.map(({ name }) => new Set(h.calls(name).flatMap((request) => (request.authorization ? [request.authorization] : []))));
    for (const [i, own] of tokens.entries()) {
      expect(own.size).toBeGreaterThan(0);
      for (const [j, other] of tokens.entries()) if (i !== j) for (const token of own) expect(other.has(token)).toBe(false);
    }
  });
});
