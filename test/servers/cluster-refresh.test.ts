import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionSealer } from '../../src/servers/session-token.js';
import { ensureServices, freePort, startRedisServer, type RedisServer } from '../scale-out/services.js';
import { signIn, someSessionId, startServersHarness, type Replica, type ServersHarness } from './servers-harness.js';

// An expired upstream token is refreshed once per cluster: replicas sharing REDIS_URL (and
// SESSION_KEY) make one refresh grant between them (the server's refresh tokens are one-use, so
// a second would fail), and every request gets the same new session token.

let redis: RedisServer;
let probe: Redis;
let harness: ServersHarness;
let sessionId: string;
let us1SessionId: string;

beforeAll(async () => {
  ensureServices();
  redis = await startRedisServer();
  probe = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  harness = await startServersHarness();
  sessionId = await someSessionId(harness, 'eu1');
  us1SessionId = await someSessionId(harness, 'us1');
}, 30_000);
afterAll(async () => {
  await harness?.close();
  probe?.disconnect();
  await redis?.stop();
});

const LOOKUP = `query ($id: ID!) { jobSession(id: $id) { id server { name } } }`;

/** A replica on REDIS_URL `url`, once `/ready` names the cache it uses (`redis` when up). */
async function replicaOn(url: string, cache: 'redis' | 'degraded'): Promise<Replica> {
  const replica = await harness.replica({ config: { redisUrl: url } });
  await expect
    .poll(async () => ((await (await replica.yoga.fetch('http://facade.invalid/ready')).json()) as { cache: string }).cache, { timeout: 20_000 })
    .toBe(cache);
  return replica;
}

/** Every bearer token eu1 saw since the last reset (sign-ins and refreshes carry none). */
const tokensSeen = () => new Set(harness.calls('eu1').flatMap((call) => (call.authorization ? [call.authorization.replace(/^Bearer /, '')] : [])));
const refreshGrants = () => harness.calls('eu1').filter((call) => call.method === 'POST' && call.path === '/v8/token');

describe('an expired upstream token with REDIS_URL', () => {
  it('two replicas x 10 concurrent requests: one refresh grant, every request answers, one new session token', async () => {
    const [a, b] = [await replicaOn(redis.url, 'redis'), await replicaOn(redis.url, 'redis')];
    const token = await signIn(a, { only: ['eu1'] });
    const sealer = createSessionSealer(harness.key);
    const before = sealer.open(token, harness.clock.now())!.grants.eu1!;
    // Past the access token's hour, within the session's 12 h.
    harness.clock.advance(3_600_000);
    try {
      harness.reset();
      const ask = (replica: Replica) => replica.query(LOOKUP, { token, variables: { id: sessionId } });
      const answers = await Promise.all([...Array.from({ length: 10 }, () => ask(a)), ...Array.from({ length: 10 }, () => ask(b))]);
      for (const answer of answers) expect(answer.data).toEqual({ jobSession: { id: sessionId, server: { name: 'eu1' } } });
      expect(refreshGrants()).toHaveLength(1);
      // Both replicas answer with the same new session token, holding the one new upstream token.
      const renewed = new Set(answers.map((answer) => answer.sessionToken));
      expect(renewed.size).toBe(1);
      const [fresh] = [...renewed];
      expect(fresh).toMatch(/^vbms1\./);
      expect(fresh).not.toBe(token);
      const after = sealer.open(fresh!, harness.clock.now())!.grants.eu1!;
      expect(after.accessToken).not.toBe(before.accessToken);
      // Every read, on both replicas, went out with that new token.
      expect(tokensSeen()).toEqual(new Set([after.accessToken]));

      // Redis keeps the sealed session token (for at most 60 s) under a hash: no upstream token, old or new.
      const keys = await probe.keys('vbm:*');
      const stored = keys.filter((key) => key.startsWith('vbm:flight:refresh:eu1:'));
      expect(stored).toHaveLength(1);
      expect(await probe.get(stored[0]!)).toBe(fresh);
      const ttl = await probe.pttl(stored[0]!);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
      const values = await Promise.all(keys.map(async (key) => ((await probe.type(key)) === 'string' ? ((await probe.get(key)) ?? '') : '')));
      for (const secret of [before.accessToken, before.refreshToken, after.accessToken, after.refreshToken]) {
        for (const text of [...keys, ...values]) expect(text).not.toContain(secret);
      }

      // The new session token needs no refresh on either replica.
      harness.reset();
      for (const replica of [a, b]) {
        const next = await replica.query(LOOKUP, { token: fresh!, variables: { id: sessionId } });
        expect(next.errors).toBeUndefined();
        expect(next.sessionToken).toBeNull();
      }
      expect(refreshGrants()).toEqual([]);
    } finally {
      harness.clock.advance(-3_600_000);
    }
  });

  it('a request that renews two servers gets one session token holding both new grants', async () => {
    const replica = await replicaOn(redis.url, 'redis');
    const token = await signIn(replica, { only: ['eu1', 'us1'] });
    const sealer = createSessionSealer(harness.key);
    const before = sealer.open(token, harness.clock.now())!.grants;
    harness.clock.advance(3_600_000);
    try {
      harness.reset();
      const both = await replica.query(`query ($eu: ID!, $us: ID!) { eu: jobSession(server: "eu1", id: $eu) { id } us: jobSession(server: "us1", id: $us) { id } }`, {
        token,
        variables: { eu: sessionId, us: us1SessionId },
      });
      expect(both.errors).toBeUndefined();
      expect(refreshGrants()).toHaveLength(1);
      expect(harness.calls('us1').filter((call) => call.method === 'POST' && call.path === '/v7/token')).toHaveLength(1);
      const after = sealer.open(both.sessionToken!, harness.clock.now())!.grants;
      expect(after.eu1!.accessToken).not.toBe(before.eu1!.accessToken);
      expect(after.us1!.accessToken).not.toBe(before.us1!.accessToken);
    } finally {
      harness.clock.advance(-3_600_000);
    }
  });

  it('while Redis cannot be reached, a replica refreshes once in its process and answers', async () => {
    const alone = await replicaOn(`redis://127.0.0.1:${await freePort()}`, 'degraded');
    const token = await signIn(alone, { only: ['eu1'] });
    harness.clock.advance(3_600_000);
    try {
      harness.reset();
      const answers = await Promise.all(Array.from({ length: 10 }, () => alone.query(LOOKUP, { token, variables: { id: sessionId } })));
      for (const answer of answers) expect(answer.errors).toBeUndefined();
      expect(refreshGrants()).toHaveLength(1);
      const renewed = new Set(answers.map((answer) => answer.sessionToken));
      expect(renewed.size).toBe(1);
      expect(renewed.has(null)).toBe(false);
      expect(tokensSeen().size).toBe(1);
    } finally {
      harness.clock.advance(-3_600_000);
    }
  });
});
