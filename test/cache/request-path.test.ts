/**
 * The cache in the request path: under the per-request loaders, per caller, keyed
 * with the API version; the sign-in limits in front of `/token`. The harness turns both off
 * for the rest of the suite; these tests turn them on.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/index.js';
import { codes, startHarness, type Harness } from '../helpers/harness.js';
import { ensureServices, startRedisServer, type RedisServer } from '../scale-out/services.js';

const SESSION = `query ($id: ID!) { jobSession(id: $id) { id status endTime } }`;
const LIST = `{ jobSessions(first: 5) { edges { node { id status } } } }`;
const JOBS = `{ jobs { id name isEnabled } }`;

const gets = (h: Harness) => h.calls().filter((r) => r.method === 'GET');

async function until(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the in-process cache under the loaders', () => {
  const harnesses: Harness[] = [];
  const start = async (config: Parameters<typeof startHarness>[0]) => {
    const h = await startHarness(config);
    harnesses.push(h);
    return h;
  };
  afterEach(async () => {
    await Promise.all(harnesses.splice(0).map((h) => h.close()));
  });

  it('a finished session is served from the cache on the second query: 0 upstream calls', async () => {
    const h = await start({ config: { cacheTtlMs: 0, cacheFinishedTtlMs: 60_000 } });
    const first = await h.query(SESSION, { variables: { id: SEED.jobSessionId } });
    expect(first.errors).toBeUndefined();
    expect((first.data?.jobSession as { endTime: string | null }).endTime).not.toBeNull();
    expect(gets(h).map((r) => r.path.toLowerCase())).toEqual([`/v5/jobsessions/${SEED.jobSessionId}`]);
    h.reset();
    const second = await h.query(SESSION, { variables: { id: SEED.jobSessionId } });
    expect(second).toEqual(first);
    expect(h.calls()).toHaveLength(0);
  });

  it('a running session is cached for CACHE_TTL_MS only, then read again', async () => {
    const h = await start({ config: { cacheTtlMs: 60_000, cacheFinishedTtlMs: 60_000 } });
    const running = h.simulator.data.sessions.find((s) => s.status === 'Running')!;
    await h.query(SESSION, { variables: { id: running.id } });
    h.reset();
    const again = await h.query(SESSION, { variables: { id: running.id } });
    expect((again.data?.jobSession as { endTime: string | null }).endTime).toBeNull();
    expect(h.calls()).toHaveLength(0);

    let now = 1_000_000;
    const short = await start({ config: { cacheTtlMs: 50, cacheFinishedTtlMs: 60_000 }, now: () => now });
    await short.query(SESSION, { variables: { id: running.id } });
    now += 49;
    short.reset();
    await short.query(SESSION, { variables: { id: running.id } });
    expect(gets(short)).toHaveLength(0);
    now += 1; // the TTL has passed
    short.reset();
    await short.query(SESSION, { variables: { id: running.id } });
    expect(gets(short).map((r) => r.path.toLowerCase())).toEqual([`/v5/jobsessions/${running.id}`]);
  });

  it('CACHE_TTL_MS=0 turns the short TTL off: the same list is read upstream each time', async () => {
    const h = await start({ config: { cacheTtlMs: 0, cacheFinishedTtlMs: 60_000 } });
    await h.query(LIST);
    const once = gets(h).length;
    expect(once).toBeGreaterThan(0);
    await h.query(LIST);
    expect(gets(h)).toHaveLength(once * 2);
  });

  it('two users never share an entry: each reads its own data with its own token', async () => {
    const h = await start({ config: { cacheTtlMs: 60_000, cacheFinishedTtlMs: 60_000 } });
    const admin = await h.query(JOBS, { token: h.adminToken });
    h.reset();
    const operator = await h.query(JOBS, { token: h.operatorToken });
    expect(operator.data).not.toEqual(admin.data);
    expect(gets(h).length).toBeGreaterThan(0);
    expect(gets(h).every((r) => r.authorization === `Bearer ${h.operatorToken}`)).toBe(true);
    h.reset();
    // Both are cached now, each for its own token only.
    expect(await h.query(JOBS, { token: h.adminToken })).toEqual(admin);
    expect(await h.query(JOBS, { token: h.operatorToken })).toEqual(operator);
    expect(h.calls()).toHaveLength(0);
  });

  it('a write drops the caller\'s entries: the job is read again after disableJob', async () => {
    const h = await start({ config: { cacheTtlMs: 60_000, cacheFinishedTtlMs: 60_000 } });
    const job = h.simulator.data.jobs.find((j) => j.isEnabled)!;
    const before = await h.query(JOBS);
    expect((before.data?.jobs as { id: string; isEnabled: boolean }[]).find((j) => j.id === job.id)?.isEnabled).toBe(true);
    const disabled = await h.query(`mutation ($id: ID!) { disableJob(id: $id) { id isEnabled } }`, { variables: { id: job.id } });
    expect(disabled.errors).toBeUndefined();
    h.reset();
    const after = await h.query(JOBS);
    expect((after.data?.jobs as { id: string; isEnabled: boolean }[]).find((j) => j.id === job.id)?.isEnabled).toBe(false);
    expect(gets(h).length).toBeGreaterThan(0);
  });
});

describe('the sign-in throttle', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: { signInPerSecond: 0, signInPerMinute: 5, signInPerMinutePerAddress: 20 } });
  });
  afterAll(async () => h?.close());

  it('the 6th failed sign-in of one user from one address within a minute is RATE_LIMITED and never reaches the backup server', async () => {
    const signIn = (password: string) => `mutation { createToken(username: "admin", password: "${password}") { accessToken } }`;
    // Successful sign-ins are not failures: any number of them pass.
    for (let i = 0; i < 6; i++) expect((await h.query(signIn('demo-password'), { token: null })).errors).toBeUndefined();
    for (let i = 0; i < 5; i++) expect(codes(await h.query(signIn(`wrong-${i}`), { token: null }))).toEqual(['UNAUTHENTICATED']);
    expect(h.calls().filter((r) => r.path.toLowerCase().endsWith('/token'))).toHaveLength(11);
    h.reset();
    const sixth = await h.query(signIn('demo-password'), { token: null });
    expect(codes(sixth)).toEqual(['RATE_LIMITED']);
    expect(sixth.errors?.[0]?.message).toMatch(/try again in \d+ s/);
    expect(h.calls()).toHaveLength(0);
    // Another user is not affected (the address and the user name are the key).
    const other = await h.query(`mutation { createToken(username: "fabrikam-operator", password: "demo-password-2") { accessToken } }`, { token: null });
    expect(other.errors).toBeUndefined();
    expect(h.calls()).toHaveLength(1);
  });
});

describe('the cache on Redis (REDIS_URL)', () => {
  let redis: RedisServer;
  let probe: Redis;
  let h: Harness;

  beforeAll(async () => {
    ensureServices();
    redis = await startRedisServer();
    probe = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    h = await startHarness({ config: { redisUrl: redis.url, cacheTtlMs: 60_000, cacheFinishedTtlMs: 60_000 } });
    await until(async () => {
      const ready = await h.yoga.fetch('http://facade.invalid/ready');
      return ((await ready.json()) as { cache: string }).cache === 'redis';
    }, '/ready to name the Redis cache');
  }, 30_000);
  afterAll(async () => {
    probe?.disconnect();
    await h?.close();
    await redis?.stop();
  });

  it('two users of different rights: their own data, and Redis keys of two callers with the server and versioned paths', async () => {
    const admin = await h.query(JOBS, { token: h.adminToken });
    const operator = await h.query(JOBS, { token: h.operatorToken });
    expect(operator.data).not.toEqual(admin.data);
    const keys = await probe.keys('vbm:c:*');
    const callers = new Set(keys.map((k) => k.split(':')[2]));
    expect(callers.size).toBe(2);
    // Keys hold neither token, and name the server (`default`) and the API version with the path (or are the caller's token mark).
    for (const key of keys) {
      expect(key).not.toContain(h.adminToken);
      expect(key).not.toContain(h.operatorToken);
      expect(key).toMatch(/^vbm:c:[A-Za-z0-9_-]+:(\/default\/v5\/|#token$)/);
    }
    h.reset();
    expect(await h.query(JOBS, { token: h.operatorToken })).toEqual(operator);
    expect(h.calls()).toHaveLength(0);
  });

  it('a finished session comes from Redis, and sign-out would drop it: the caller\'s keys go after a write', async () => {
    await h.query(SESSION, { variables: { id: SEED.jobSessionId } });
    const mine = (await probe.keys('vbm:c:*')).filter((k) => k.toLowerCase().endsWith(`/jobsessions/${SEED.jobSessionId}`));
    expect(mine).toHaveLength(1);
    expect(await probe.pttl(mine[0]!)).toBeGreaterThan(0);
    const job = h.simulator.data.jobs.find((j) => j.isEnabled)!;
    await h.query(`mutation ($id: ID!) { disableJob(id: $id) { id } }`, { variables: { id: job.id } });
    // Gone from before the write (the job the mutation read back after it may be there again, and
    // that read renewed the token mark).
    expect(await probe.exists(mine[0]!)).toBe(0);
    const adminCaller = mine[0]!.split(':')[2];
    const left = await probe.keys('vbm:c:*');
    expect(left.filter((k) => k.split(':')[2] === adminCaller).every((k) => k.endsWith(':#token') || k.toLowerCase().includes(`/jobs/${job.id}`))).toBe(true);
    expect(left.some((k) => k.split(':')[2] !== adminCaller)).toBe(true); // the other caller's entries stay
  });
});
