import { describe, expect, it } from 'vitest';
import { createRedisLink, createSignInLimiter, type RedisLink, type SignInDecision, type SignInLimiter } from '../../src/cluster/index.js';
import { countedAddress } from '../../src/cluster/sign-in-limiter.js';
import { createClientAddress, UNKNOWN_CLIENT } from '../../src/client-address.js';
import { useRedisServer } from '../helpers/redis-server.js';

const redis = useRedisServer();
const { links } = redis;

/** A replica's connection, once it is up (bounded: 200 checks). */
async function connect(): Promise<RedisLink> {
  const link = createRedisLink({ url: redis.url, maxReconnectDelayMs: 200 });
  links.push(link);
  for (let i = 0; i < 200 && link.state !== 'up'; i++) await new Promise((r) => setTimeout(r, 25));
  expect(link.state).toBe('up');
  return link;
}

/** Takes an attempt and settles it as the server would answer: `failed` for a wrong password. */
async function signIn(limiter: SignInLimiter, address: string, caller: string, failed: boolean): Promise<SignInDecision> {
  const decision = await limiter.take({ address, caller });
  if (decision.allowed) await decision.settle(failed);
  return decision;
}

const ATTACKER = '203.0.113.5';
const USER_ADDRESS = '198.51.100.7';

describe('createSignInLimiter', () => {
  it('failures of one address lock that (address, user) only: the user signs in from another address', async () => {
    let clock = 0;
    const limiter = createSignInLimiter({ now: () => clock, rules: { perSecond: 0, perMinute: 5, perMinutePerAddress: 20 } });
    const allowed: boolean[] = [];
    for (let i = 0; i < 12; i++) {
      clock = i * 1_000;
      allowed.push((await signIn(limiter, ATTACKER, 'user:admin', true)).allowed);
    }
    expect(allowed).toEqual([true, true, true, true, true, false, false, false, false, false, false, false]);
    const refused = await limiter.take({ address: ATTACKER, caller: 'user:admin' });
    expect(refused).toEqual({ allowed: false, retryAfterMs: 60_000 - 11_000, scope: 'user' });
    expect((await signIn(limiter, USER_ADDRESS, 'user:admin', false)).allowed).toBe(true);
    // The attacker's address may still try other users, up to its own address limit.
    expect((await signIn(limiter, ATTACKER, 'user:operator', true)).allowed).toBe(true);
  });

  it('successful sign-ins are not failures: a user signing in often is never refused by the minute rules', async () => {
    let clock = 0;
    const limiter = createSignInLimiter({ now: () => clock, rules: { perSecond: 1, perMinute: 5, perMinutePerAddress: 20 } });
    for (let i = 0; i < 30; i++) {
      clock = i * 1_000;
      expect((await signIn(limiter, USER_ADDRESS, 'user:admin', false)).allowed).toBe(true);
    }
    // The pace rule still counts every attempt: a second one in the same second waits.
    expect(await limiter.take({ address: USER_ADDRESS, caller: 'user:admin' })).toMatchObject({ allowed: false, scope: 'user' });
  });

  it('an address failing for many user names is stopped at its own limit; a clean address is not', async () => {
    const clock = 0;
    const limiter = createSignInLimiter({ now: () => clock, rules: { perSecond: 1, perMinute: 5, perMinutePerAddress: 20 } });
    const allowed: boolean[] = [];
    for (let i = 0; i < 25; i++) allowed.push((await signIn(limiter, ATTACKER, `user:guess-${i}`, true)).allowed);
    expect(allowed.filter(Boolean)).toHaveLength(20);
    expect(allowed.slice(20)).toEqual([false, false, false, false, false]);
    expect(await limiter.take({ address: ATTACKER, caller: 'user:admin' })).toMatchObject({ allowed: false, scope: 'address' });
    expect((await signIn(limiter, USER_ADDRESS, 'user:admin', false)).allowed).toBe(true);
  });

  it('counts an attempt from the moment it is allowed, so concurrent wrong passwords cannot pass the limit together', async () => {
    const limiter = createSignInLimiter({ now: () => 0, rules: { perSecond: 0, perMinute: 5, perMinutePerAddress: 20 } });
    const decisions = await Promise.all(Array.from({ length: 12 }, () => limiter.take({ address: ATTACKER, caller: 'user:admin' })));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
  });

  it('the minute window slides: the pair may try again once its oldest failure is a minute old', async () => {
    let clock = 0;
    const limiter = createSignInLimiter({ now: () => clock, rules: { perSecond: 0, perMinute: 5, perMinutePerAddress: 0 } });
    for (let i = 0; i < 5; i++) await signIn(limiter, ATTACKER, 'user:admin', true);
    clock = 59_999;
    expect((await limiter.take({ address: ATTACKER, caller: 'user:admin' })).allowed).toBe(false);
    clock = 60_000;
    expect((await signIn(limiter, ATTACKER, 'user:admin', true)).allowed).toBe(true);
  });

  it('counts an IPv6 client by its /64: fresh addresses from one subscriber\'s range do not reset its counts', async () => {
    expect(countedAddress('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(countedAddress('2001:0DB8:0001:0002:0000:0000:0000:0009')).toBe('2001:db8:1:2::/64');
    expect(countedAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(countedAddress('::1')).toBe('0:0:0:0::/64');
    expect(countedAddress('203.0.113.5')).toBe('203.0.113.5');
    const limiter = createSignInLimiter({ now: () => 0, rules: { perSecond: 0, perMinute: 5, perMinutePerAddress: 20 } });
    const allowed: boolean[] = [];
    for (let i = 0; i < 8; i++) allowed.push((await signIn(limiter, `2001:db8:1:2::${(i + 1).toString(16)}`, 'user:admin', true)).allowed);
    expect(allowed).toEqual([true, true, true, true, true, false, false, false]);
    expect((await signIn(limiter, '2001:db8:1:3::1', 'user:admin', false)).allowed).toBe(true);
  });

  it('keeps at most maxLocalCounters counters in process, however many addresses and user names come', async () => {
    const limiter = createSignInLimiter({ now: () => 0, maxLocalCounters: 50, rules: { perSecond: 1, perMinute: 5, perMinutePerAddress: 20 } });
    for (let i = 0; i < 500; i++) await signIn(limiter, `192.0.2.${i % 250}`, `user:u${i}`, true);
    // The first pair's counters were dropped: its pace entry (same frozen second) no longer refuses it.
    const first: boolean[] = [];
    for (let i = 0; i < 3; i++) first.push((await signIn(limiter, '192.0.2.0', 'user:u0', true)).allowed);
    expect(first).toEqual([true, false, false]);
  });

  it('shares the counts between replicas through Redis; keys hold no address or user name', async () => {
    const rules = { perSecond: 0, perMinute: 5, perMinutePerAddress: 20 };
    const [a, b] = [createSignInLimiter({ link: await connect(), rules }), createSignInLimiter({ link: await connect(), rules })];
    const user = `user:admin-${Math.random()}`;
    const allowed: boolean[] = [];
    for (let i = 0; i < 12; i++) allowed.push((await signIn(i % 2 === 0 ? a : b, ATTACKER, user, true)).allowed);
    expect(allowed.filter(Boolean)).toHaveLength(5);
    expect(allowed.slice(5).some(Boolean)).toBe(false);
    expect((await signIn(b, USER_ADDRESS, user, false)).allowed).toBe(true);
    // A success is taken back from the failure counts on Redis too.
    for (let i = 0; i < 10; i++) expect((await signIn(a, USER_ADDRESS, user, false)).allowed).toBe(true);
    const keys = await redis.probe.keys('vbm:signin:*');
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).not.toContain('admin');
      expect(key).not.toContain('203.0.113');
      expect(await redis.probe.pttl(key)).toBeGreaterThan(0);
    }
  });

  it('falls back to a per-process count when Redis is unreachable', async () => {
    const link = createRedisLink({ url: 'redis://127.0.0.1:1', maxReconnectDelayMs: 200 });
    links.push(link);
    const limiter = createSignInLimiter({ link, now: () => 0, rules: { perSecond: 0, perMinute: 2, perMinutePerAddress: 20 } });
    expect((await signIn(limiter, ATTACKER, 'user:bob', true)).allowed).toBe(true);
    expect((await signIn(limiter, ATTACKER, 'user:bob', true)).allowed).toBe(true);
    expect((await signIn(limiter, ATTACKER, 'user:bob', true)).allowed).toBe(false);
    expect((await signIn(limiter, USER_ADDRESS, 'user:bob', false)).allowed).toBe(true);
  });
});

describe('createClientAddress', () => {
  const behindProxy = createClientAddress(['127.0.0.1', '192.0.2.0/25', 'fd00::/8']);

  it('believes X-Forwarded-For only from a trusted proxy, and takes its right-most untrusted hop', () => {
    expect(behindProxy('127.0.0.1', '203.0.113.5')).toBe('203.0.113.5');
    expect(behindProxy('::ffff:127.0.0.1', '203.0.113.5')).toBe('203.0.113.5');
    // The client wrote "198.51.100.7" itself; the proxies appended what they saw.
    expect(behindProxy('127.0.0.1', '198.51.100.7, 203.0.113.5, 192.0.2.3')).toBe('203.0.113.5');
    expect(behindProxy('fd00::1', '[2001:db8::5]:443')).toBe('2001:db8::5');
    expect(behindProxy('127.0.0.1', null)).toBe('127.0.0.1');
    expect(behindProxy('127.0.0.1', '192.0.2.1, 192.0.2.2')).toBe('192.0.2.1');
    // Anyone else is its socket address, whatever it sends.
    expect(behindProxy('192.0.2.200', '203.0.113.5')).toBe('192.0.2.200');
    expect(createClientAddress([])('127.0.0.1', '203.0.113.5')).toBe('127.0.0.1');
    expect(behindProxy(undefined, '203.0.113.5')).toBe(UNKNOWN_CLIENT);
  });
});
