/**
 * The cache answers a caller only while the backup server still accepts the caller's token:
 * within CACHE_REVALIDATE_MS of the last accepted call, never past a 401, never past the expiry
 * of a token the facade issued. On API v5 and v8, one replica and two behind Redis; the cache's
 * clock is a fake one the tests move, the simulator's is real.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { SEED } from '../../src/simulator/index.js';
import type { ApiVersion } from '../../src/upstream/api-version.js';
import { buildYoga } from '../../src/yoga.js';
import { codes, HARNESS_DEFAULTS, startHarness, type GraphQLResponseBody, type Harness } from '../helpers/harness.js';
import { ensureServices, startRedisServer, type RedisServer } from '../scale-out/services.js';

const SESSION = `query ($id: ID!) { jobSession(id: $id) { id status endTime } }`;
const JOBS = `{ jobs { id name } }`;
const WINDOW = 30_000;
const CACHE: Partial<Config> = { cacheTtlMs: 60_000, cacheFinishedTtlMs: 3_600_000, cacheRevalidateMs: WINDOW };

/** A clock the cache reads; it moves only when a test says so. */
function fakeClock() {
  let at = Date.now();
  return { now: () => at, advance: (ms: number) => void (at += ms) };
}

type Yoga = ReturnType<typeof buildYoga>;

async function ask(yoga: Yoga, query: string, token: string, variables?: Record<string, unknown>): Promise<GraphQLResponseBody> {
  const response = await yoga.fetch('http://facade.invalid/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponseBody;
}

const session = (yoga: Yoga, token: string) => ask(yoga, SESSION, token, { id: SEED.jobSessionId });

/** Upstream reads since the last reset, each with the token it carried. */
const reads = (h: Harness) => h.calls().filter((r) => r.method === 'GET');

async function until(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each<ApiVersion>(['v5', 'v8'])('one replica, API %s', (version) => {
  let h: Harness;
  const clock = fakeClock();
  beforeAll(async () => {
    h = await startHarness({ version, config: CACHE, now: clock.now });
  });
  afterAll(async () => h?.close());
  afterEach(() => h.reset());

  it('a repeated read inside the window costs 0 upstream calls', async () => {
    const token = h.simulator.issueToken('admin');
    const first = await session(h.yoga, token);
    expect(first.errors).toBeUndefined();
    expect(reads(h).map((r) => r.authorization)).toEqual([`Bearer ${token}`]);
    h.reset();
    clock.advance(WINDOW - 1);
    expect(await session(h.yoga, token)).toEqual(first);
    expect(h.calls()).toHaveLength(0);
  });

  it('a revoked token gets UNAUTHENTICATED from the server once the window has passed', async () => {
    const token = h.simulator.issueToken('admin');
    expect((await session(h.yoga, token)).errors).toBeUndefined();
    expect(h.simulator.revokeToken(token)).toBe(true);
    h.reset();
    clock.advance(WINDOW);
    const after = await session(h.yoga, token);
    expect(codes(after)).toEqual(['UNAUTHENTICATED']);
    expect(reads(h).length).toBeGreaterThanOrEqual(1);
    expect(reads(h).every((r) => r.authorization === `Bearer ${token}`)).toBe(true);
    // The 401 dropped the entry: no clock move, the next query asks the server again.
    h.reset();
    expect(codes(await session(h.yoga, token))).toEqual(['UNAUTHENTICATED']);
    expect(reads(h)).toHaveLength(1);
  });

  it('after a 401 on any read, the cached query fails at once', async () => {
    const token = h.simulator.issueToken('admin');
    expect((await session(h.yoga, token)).errors).toBeUndefined();
    h.simulator.revokeToken(token);
    h.reset();
    // Inside the window; the jobs were never read, so they go upstream and meet the 401.
    expect(codes(await ask(h.yoga, JOBS, token))).toEqual(['UNAUTHENTICATED']);
    expect(reads(h)).toHaveLength(1);
    h.reset();
    expect(codes(await session(h.yoga, token))).toEqual(['UNAUTHENTICATED']);
    expect(reads(h).map((r) => r.authorization)).toEqual([`Bearer ${token}`]);
  });

  it('the caller\'s concurrent requests past the window share one upstream call, then read from the cache', async () => {
    const token = h.simulator.issueToken('admin');
    const first = await session(h.yoga, token);
    clock.advance(WINDOW);
    h.reset();
    const answers = await Promise.all([session(h.yoga, token), session(h.yoga, token), session(h.yoga, token)]);
    expect(answers).toEqual([first, first, first]);
    expect(reads(h)).toHaveLength(1);
    // That call renewed the mark: inside the new window nothing goes upstream.
    h.reset();
    clock.advance(WINDOW - 1);
    expect(await session(h.yoga, token)).toEqual(first);
    expect(h.calls()).toHaveLength(0);
  });

  it.each([403, 404])('a %i for a cached path drops that entry only', async (status) => {
    const token = h.simulator.issueToken('admin');
    expect((await session(h.yoga, token)).errors).toBeUndefined();
    expect((await ask(h.yoga, JOBS, token)).errors).toBeUndefined();
    clock.advance(WINDOW);
    h.reset();
    h.simulator.injectFault({ path: new RegExp(`/jobsessions/${SEED.jobSessionId}$`), status, times: 1 });
    expect(codes(await session(h.yoga, token))).toEqual([status === 403 ? 'FORBIDDEN' : 'NOT_FOUND']);
    h.reset();
    // The jobs list revalidates the token and is answered by the server; the session, dropped, is read again.
    const jobs = await ask(h.yoga, JOBS, token);
    expect(jobs.errors).toBeUndefined();
    expect(reads(h)).toHaveLength(1);
    h.reset();
    expect(await ask(h.yoga, JOBS, token)).toEqual(jobs);
    expect((await session(h.yoga, token)).errors).toBeUndefined();
    expect(reads(h).map((r) => r.path.toLowerCase())).toEqual([`/${version}/jobsessions/${SEED.jobSessionId}`]);
  });
});

describe.each<ApiVersion>(['v5', 'v8'])('tokens the facade issues, API %s', (version) => {
  let h: Harness;
  const clock = fakeClock();
  const LIFETIME_S = 600;
  beforeAll(async () => {
    // A window longer than the token's life: only the expiry bounds the entries.
    h = await startHarness({ version, config: { ...CACHE, cacheRevalidateMs: 3_600_000 }, simulator: { tokenLifetimeSeconds: LIFETIME_S }, now: clock.now });
  });
  afterAll(async () => h?.close());

  it('no entry of a token from createToken outlives the expiry the server gave', async () => {
    const signIn = await ask(h.yoga, `mutation { createToken(username: "admin", password: "demo-password") { accessToken expiresIn } }`, h.adminToken);
    const issued = signIn.data?.createToken as { accessToken: string; expiresIn: number };
    expect(issued.expiresIn).toBe(LIFETIME_S);
    const first = await session(h.yoga, issued.accessToken);
    expect(first.errors).toBeUndefined();
    h.reset();
    clock.advance(LIFETIME_S * 1000 - 1_000);
    expect(await session(h.yoga, issued.accessToken)).toEqual(first);
    expect(h.calls()).toHaveLength(0);
    clock.advance(1_000);
    // Past the expiry the cache has nothing for it (the simulator's real clock still accepts it).
    expect(await session(h.yoga, issued.accessToken)).toEqual(first);
    expect(reads(h).map((r) => r.authorization)).toEqual([`Bearer ${issued.accessToken}`]);
  });
});

describe('CACHE_REVALIDATE_MS=0', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: { ...CACHE, cacheRevalidateMs: 0 } });
  });
  afterAll(async () => h?.close());

  it('every request reaches the server at least once; within a request the cache still serves', async () => {
    const token = h.simulator.issueToken('admin');
    const first = await session(h.yoga, token);
    expect(first.errors).toBeUndefined();
    for (let i = 0; i < 3; i++) {
      h.reset();
      expect(await session(h.yoga, token)).toEqual(first);
      expect(reads(h).map((r) => r.authorization)).toEqual([`Bearer ${token}`]);
    }
  });
});

describe('signOut drops everything of the caller (API v8)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ version: 'v8', config: CACHE });
  });
  afterAll(async () => h?.close());

  it('after signOut the cached session is read upstream and refused', async () => {
    const token = h.simulator.issueToken('admin');
    expect((await session(h.yoga, token)).errors).toBeUndefined();
    expect((await ask(h.yoga, `mutation { signOut }`, token)).data).toEqual({ signOut: true });
    h.reset();
    expect(codes(await session(h.yoga, token))).toEqual(['UNAUTHENTICATED']);
    expect(reads(h).map((r) => r.authorization)).toEqual([`Bearer ${token}`]);
  });
});

describe.each<ApiVersion>(['v5', 'v8'])('two replicas behind one Redis, API %s', (version) => {
  let redis: RedisServer;
  let h: Harness;
  let two: Yoga;
  const clock = fakeClock();

  beforeAll(async () => {
    ensureServices();
    redis = await startRedisServer();
    const config = { redisUrl: redis.url, ...CACHE };
    h = await startHarness({ version, config, now: clock.now });
    two = buildYoga({ config: { ...loadConfig({}), ...HARNESS_DEFAULTS, ...config }, upstreamUrl: new URL(h.simulator.baseUrl(version)), now: clock.now });
    for (const yoga of [h.yoga, two]) {
      await until(async () => {
        const ready = await yoga.fetch('http://facade.invalid/ready');
        return ((await ready.json()) as { cache: string }).cache === 'redis';
      }, '/ready to name the Redis cache');
    }
  }, 30_000);
  afterAll(async () => {
    await two?.dispose();
    await h?.close();
    await redis?.stop();
  });
  afterEach(() => h.reset());

  it('a read on one replica is served on the other inside the window: 0 upstream calls', async () => {
    const token = h.simulator.issueToken('admin');
    const first = await session(h.yoga, token);
    expect(first.errors).toBeUndefined();
    h.reset();
    clock.advance(WINDOW - 1);
    expect(await session(two, token)).toEqual(first);
    expect(h.calls()).toHaveLength(0);
  });

  it('a revoked token gets UNAUTHENTICATED on the other replica once the window has passed', async () => {
    const token = h.simulator.issueToken('admin');
    expect((await session(h.yoga, token)).errors).toBeUndefined();
    h.simulator.revokeToken(token);
    clock.advance(WINDOW);
    h.reset();
    expect(codes(await session(two, token))).toEqual(['UNAUTHENTICATED']);
    expect(reads(h).length).toBeGreaterThanOrEqual(1);
    expect(reads(h).every((r) => r.authorization === `Bearer ${token}`)).toBe(true);
  });

  it('after a 401 on one replica, the cached query fails at once on the other', async () => {
    const token = h.simulator.issueToken('admin');
    expect((await session(h.yoga, token)).errors).toBeUndefined();
    h.reset();
    expect((await session(two, token)).errors).toBeUndefined();
    expect(h.calls()).toHaveLength(0);
    h.simulator.revokeToken(token);
    expect(codes(await ask(h.yoga, JOBS, token))).toEqual(['UNAUTHENTICATED']);
    h.reset();
    // No clock move: the other replica's cached session is gone with the caller's mark.
    expect(codes(await session(two, token))).toEqual(['UNAUTHENTICATED']);
    expect(reads(h).map((r) => r.authorization)).toEqual([`Bearer ${token}`]);
  });
});
