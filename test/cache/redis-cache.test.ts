import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalCache, createRedisCache, withCache, type LocalCache, type UpstreamCache } from '../../src/cache/index.js';
import { tokenHash } from '../../src/token-hash.js';
import { createRedisLink, type RedisLink, type RedisState } from '../../src/cluster/redis.js';
import { DEMO_USERS, SEED, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { createUpstreamClient } from '../../src/upstream/client.js';
import { createUpstream, type Upstream } from '../../src/upstream/pool.js';
import { testUpstreamSettings } from '../helpers/upstream.js';
import { decodeJobSession } from '../../src/upstream/adapters/v5.js';

/** The page as the server sent it: what the cache stores is the raw JSON text. */
const rawPage = (value: unknown) => value as { results: { id: string }[] };
import { matchRoute } from '../../src/upstream/routes.js';
import { ensureServices, startRedisServer, type RedisServer } from '../scale-out/services.js';

let redis: RedisServer;
let simulator: Simulator;
let upstream: Upstream;
let probe: Redis;
const links: RedisLink[] = [];

beforeAll(async () => {
  ensureServices();
  redis = await startRedisServer();
  simulator = await startSimulator();
  upstream = createUpstream(testUpstreamSettings(new URL(simulator.url), { timeoutMs: 5_000, maxUpstreamConnections: 4 }));
  probe = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await probe.connect();
}, 30_000);

afterAll(async () => {
  probe.disconnect();
  await Promise.all(links.map((l) => l.close()));
  await upstream?.dispatcher.close();
  await simulator?.close();
  await redis?.stop();
});

/** One facade replica's cache: its own Redis connection and local LRU, as each process has. */
function replica(states: RedisState[] = []): { cache: UpstreamCache; link: RedisLink; local: LocalCache } {
  const link = createRedisLink({ url: redis.url, onStateChange: (s) => states.push(s), maxReconnectDelayMs: 200 });
  links.push(link);
  const local = createLocalCache();
  return { cache: createRedisCache({ link, local }), link, local };
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const policy = { defaultTtlMs: 60_000, finishedMaxTtlMs: 60_000, revalidateMs: 30_000 };
const page = matchRoute(['jobsessions'])!;
const session = matchRoute(['jobsessions', SEED.jobSessionId])!;
const upstreamGets = (path: string) => simulator.requests.filter((r) => r.method === 'GET' && r.path.toLowerCase().startsWith(`/v5${path}`));

describe('withCache over the shared Redis cache', () => {
  it('two replicas share one caller\'s entries: the second replica makes no upstream call', async () => {
    const [one, two] = [replica(), replica()];
    await until(() => one.link.state === 'up' && two.link.state === 'up', 'both links up');
    const token = simulator.issueToken('admin');
    simulator.resetRequests();

    const first = await withCache(createUpstreamClient({ upstream, token }), one.cache, token, policy).get(session, decodeJobSession);
    const client = createUpstreamClient({ upstream, token });
    const second = await withCache(client, two.cache, token, policy).get(session, decodeJobSession);

    expect(second).toEqual(first);
    expect(client.calls).toBe(0);
    expect(upstreamGets(`/jobsessions/${SEED.jobSessionId}`)).toHaveLength(1);
    expect(await probe.pttl(`vbm:c:${tokenHash(token)}:${session.path}`)).toBeGreaterThan(0);
  });

  it('two tokens of different users never share an entry: data and Redis keys stay apart', async () => {
    const { cache, link } = replica();
    await until(() => link.state === 'up', 'link up');
    const admin = simulator.issueToken(DEMO_USERS[0]!.userName);
    const operator = simulator.issueToken(DEMO_USERS[1]!.userName);
    simulator.resetRequests();
    const query = { offset: 0, limit: 50 };

    const adminPage = await withCache(createUpstreamClient({ upstream, token: admin }), cache, admin, policy).get(page, rawPage, query);
    const operatorPage = await withCache(createUpstreamClient({ upstream, token: operator }), cache, operator, policy).get(page, rawPage, query);

    const calls = upstreamGets('/jobsessions?');
    expect(calls.map((c) => c.authorization)).toEqual([`Bearer ${admin}`, `Bearer ${operator}`]);
    expect(operatorPage.results.map((s) => s.id)).not.toEqual(adminPage.results.map((s) => s.id));
    expect(operatorPage.results.length).toBeGreaterThan(0);
    // What the operator got is what the upstream shows the operator, not the admin's page.
    expect(operatorPage).toEqual(await createUpstreamClient({ upstream, token: operator }).get(page, rawPage, query));

    const keys = await probe.keys('vbm:c:*jobsessions?*');
    const adminKeys = keys.filter((k) => k.startsWith(`vbm:c:${tokenHash(admin)}:`));
    const operatorKeys = keys.filter((k) => k.startsWith(`vbm:c:${tokenHash(operator)}:`));
    expect(adminKeys).toEqual([`vbm:c:${tokenHash(admin)}:/jobsessions?limit=50&offset=0`]);
    expect(operatorKeys).toEqual([`vbm:c:${tokenHash(operator)}:/jobsessions?limit=50&offset=0`]);
    for (const k of keys) expect(k).not.toContain(admin);
    expect(JSON.parse((await probe.get(operatorKeys[0]!))!)).toEqual(operatorPage);
  });

  it('without a token nothing is read or written and the client answers UNAUTHENTICATED', async () => {
    const { cache } = replica();
    const before = (await probe.keys('vbm:c:*')).length;
    await expect(withCache(createUpstreamClient({ upstream, token: undefined }), cache, undefined, policy).get(session, decodeJobSession)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect((await probe.keys('vbm:c:*')).length).toBe(before);
  });

  it('Redis down: degraded state once, served by the upstream and the local LRU; Redis back: shared again', async () => {
    const statesOne: RedisState[] = [];
    const statesTwo: RedisState[] = [];
    const [one, two] = [replica(statesOne), replica(statesTwo)];
    await until(() => one.link.state === 'up' && two.link.state === 'up', 'both links up');
    expect(one.cache.state()).toBe('redis');
    const token = simulator.issueToken('admin');
    const running = simulator.data.sessions.find((s) => s.status === 'Running')!;
    const resource = matchRoute(['jobsessions', running.id])!;
    const read = async (r: { cache: UpstreamCache }) => {
      const client = createUpstreamClient({ upstream, token });
      const value = await withCache(client, r.cache, token, policy).get(resource, decodeJobSession);
      return { value, calls: client.calls };
    };

    await redis.stop();
    await until(() => one.cache.state() === 'degraded' && two.cache.state() === 'degraded', 'degraded');
    simulator.resetRequests();
    const a1 = await read(one);
    const a2 = await read(one);
    const b1 = await read(two);
    expect([a1.calls, a2.calls, b1.calls]).toEqual([1, 0, 1]); // each replica's own LRU, no sharing
    expect(a2.value).toEqual(a1.value);
    expect(upstreamGets(`/jobsessions/${running.id}`)).toHaveLength(2);

    await redis.start();
    await until(() => one.cache.state() === 'redis' && two.cache.state() === 'redis', 'reconnected');
    await probe.ping().catch(() => undefined);
    const other = matchRoute(['jobsessions', SEED.linkedJobSessionId])!;
    simulator.resetRequests();
    const c1 = createUpstreamClient({ upstream, token });
    await withCache(c1, one.cache, token, policy).get(other, decodeJobSession);
    const c2 = createUpstreamClient({ upstream, token });
    await withCache(c2, two.cache, token, policy).get(other, decodeJobSession);
    expect([c1.calls, c2.calls]).toEqual([1, 0]);

    // One warning per change: up, down, up again, never repeated while reconnect attempts fail.
    expect(statesOne).toEqual(['up', 'down', 'up']);
    expect(statesTwo).toEqual(['up', 'down', 'up']);
  }, 40_000);

  it('forget(caller) drops one caller\'s entries in Redis and leaves the others', async () => {
    const { cache, link } = replica();
    await until(() => link.state === 'up', 'link up');
    await cache.set(`vbm:c:${tokenHash('x')}:/jobs`, '{}', 60_000);
    await cache.set(`vbm:c:${tokenHash('y')}:/jobs`, '{}', 60_000);
    await cache.forget(tokenHash('x'));
    expect(await probe.exists(`vbm:c:${tokenHash('x')}:/jobs`)).toBe(0);
    expect(await probe.exists(`vbm:c:${tokenHash('y')}:/jobs`)).toBe(1);
  });

  it('forget(caller) on one replica drops that caller from the other replicas\' local LRUs too (pub/sub)', async () => {
    const [one, two] = [replica(), replica()];
    await until(() => one.link.state === 'up' && two.link.state === 'up', 'both links up');
    // Written while Redis was down, served by `get` from the local LRU while Redis has no such key.
    const [x, y] = [`vbm:c:${tokenHash('x')}:/jobs/local`, `vbm:c:${tokenHash('y')}:/jobs/local`];
    await two.local.set(x, '{"x":1}', 60_000);
    await two.local.set(y, '{"y":1}', 60_000);
    expect(await two.cache.get(x)).toBe('{"x":1}');
    // The subscription is made when the cache is built; wait until Redis counts it.
    await until(async () => ((await probe.pubsub('NUMSUB', 'vbm:cache:forget')) as [string, number])[1] >= 2, 'both replicas subscribed');
    await one.cache.forget(tokenHash('x'));
    await until(async () => (await two.cache.get(x)) === undefined, 'the other replica to drop the caller', 5_000);
    expect(await two.cache.get(y)).toBe('{"y":1}');
  });

  it('delete(key) drops one entry in Redis and in the local LRU', async () => {
    const { cache, link, local } = replica();
    await until(() => link.state === 'up', 'link up');
    const [a, b] = [`vbm:c:${tokenHash('x')}:/jobs/a`, `vbm:c:${tokenHash('x')}:/jobs/b`];
    await cache.set(a, '{}', 60_000);
    await cache.set(b, '{}', 60_000);
    await local.set(a, '{}', 60_000);
    await cache.delete(a);
    expect([await probe.exists(a), await probe.exists(b)]).toEqual([0, 1]);
    expect(await local.get(a)).toBeUndefined();
  });
});
