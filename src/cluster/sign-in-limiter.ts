import { randomUUID } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { RedisLink } from './redis.js';
import { tokenHash } from '../token-hash.js';

/**
 * The sign-in limits; 0 turns a rule off. Failures are counted per (client address, user) and
 * per client address, never per user alone: whoever guesses a user's password from elsewhere
 * cannot lock that user out of an address that has not failed.
 */
export interface SignInRules {
  /** Attempts, whatever their outcome, per (address, user) in any second. */
  perSecond: number;
  /** Failed sign-ins per (address, user) in any minute. */
  perMinute: number;
  /** Failed sign-ins per address, whatever the user names, in any minute. */
  perMinutePerAddress: number;
}

export const DEFAULT_SIGN_IN_RULES: SignInRules = { perSecond: 1, perMinute: 5, perMinutePerAddress: 20 };

/** One sign-in: where it comes from and whom it is for (a user name, or a refresh token's hash). */
export interface SignInAttempt {
  address: string;
  caller: string;
}

export type SignInDecision =
  | {
      allowed: true;
      /**
       * Says how the attempt ended: a failure (the server refused the credentials) keeps
       * counting for its window; any other end takes the attempt back from the failure counts.
       */
      settle(failed: boolean): Promise<void>;
    }
  | { allowed: false; retryAfterMs: number; scope: 'user' | 'address' };

export interface SignInLimiterOptions {
  link?: RedisLink;
  rules?: SignInRules;
  /** CACHE_KEY_SECRET; addresses and user names are hashed under it before they are kept. */
  secret?: string;
  /** Counters kept in process (no Redis, or Redis down); the least recently used go beyond it. Default 10,000. */
  maxLocalCounters?: number;
  now?: () => number;
}

/** Refuses a sign-in before it reaches the upstream when its address, or its address and user, failed too often. */
export interface SignInLimiter {
  /** Counts the attempt (as a failure until it is settled otherwise) when it is allowed. */
  take(attempt: SignInAttempt): Promise<SignInDecision>;
}

/** One sliding window: at most `limit` entries under `key` in any `windowMs`. */
interface Counter {
  key: string;
  limit: number;
  windowMs: number;
  /** Counts failures (taken back on success) rather than every attempt. */
  failures: boolean;
  scope: 'user' | 'address';
}

// Sliding-window logs (a ZSET of attempt times on Redis's clock per counter), checked and added
// to in one step, so concurrent attempts on any replica cannot pass a limit together: an attempt
// counts from the moment it is allowed, not when the server's answer comes back.
// KEYS: the counters; ARGV: the attempt's member, then (limit, window) per key.
// Returns 0 when allowed, else the wait in ms and the index of the counter that refused.
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wait, refusedBy = 0, 0
for i = 1, #KEYS do
  local limit = tonumber(ARGV[2 * i])
  local window = tonumber(ARGV[2 * i + 1])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  local count = redis.call('ZCARD', KEYS[i])
  if count >= limit then
    local oldest = redis.call('ZRANGE', KEYS[i], count - limit, count - limit, 'WITHSCORES')
    local w = tonumber(oldest[2]) + window - now
    if w > wait then wait, refusedBy = w, i end
  end
end
if wait > 0 then return {wait, refusedBy} end
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], now, ARGV[1])
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[2 * i + 1]))
end
return {0, 0}
`;

/**
 * What an address is counted as: an IPv6 address by its /64, since one subscriber usually holds a
 * whole /64 and could otherwise take a fresh address per guess; anything else as it is.
 */
export function countedAddress(address: string): string {
  if (!isIPv6(address)) return address;
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  // An embedded IPv4 tail (`64:ff9b::192.0.2.1`) fills two groups; it lies past the /64 anyway.
  const width = (groups: string[]) => groups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - width(left) - width(right)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** Sign-in limits shared by every replica (Redis), or per process while Redis is down. */
export function createSignInLimiter(options: SignInLimiterOptions = {}): SignInLimiter {
  const rules = options.rules ?? DEFAULT_SIGN_IN_RULES;
  const now = options.now ?? Date.now;
  const maxLocal = options.maxLocalCounters ?? 10_000;
  // Counter key -> attempt member -> time; each holds at most its limit, and the map maxLocal keys.
  const local = new Map<string, Map<string, number>>();

  // An address never holds a NUL, so `address\0caller` names one pair only.
  const hash = (...parts: string[]) => tokenHash(parts.join('\0'), options.secret);

  const countersOf = (attempt: SignInAttempt): Counter[] => {
    const address = countedAddress(attempt.address);
    const pair = hash(address, attempt.caller);
    const counters: Counter[] = [];
    if (rules.perSecond > 0) counters.push({ key: `vbm:signin:pace:${pair}`, limit: rules.perSecond, windowMs: 1_000, failures: false, scope: 'user' });
    if (rules.perMinute > 0) counters.push({ key: `vbm:signin:user:${pair}`, limit: rules.perMinute, windowMs: 60_000, failures: true, scope: 'user' });
    if (rules.perMinutePerAddress > 0) {
      counters.push({ key: `vbm:signin:addr:${hash(address)}`, limit: rules.perMinutePerAddress, windowMs: 60_000, failures: true, scope: 'address' });
    }
    return counters;
  };

  const takeLocal = (counters: Counter[], member: string): { wait: number; refusedBy?: Counter } => {
    const at = now();
    let wait = 0;
    let refusedBy: Counter | undefined;
    const logs = counters.map((counter) => {
      const log = local.get(counter.key) ?? new Map<string, number>();
      for (const [m, t] of log) if (t <= at - counter.windowMs) log.delete(m);
      if (log.size >= counter.limit) {
        const times = [...log.values()].sort((a, b) => a - b);
        const w = times[times.length - counter.limit]! + counter.windowMs - at;
        if (w > wait) [wait, refusedBy] = [w, counter];
      }
      return log;
    });
    counters.forEach((counter, i) => {
      const log = logs[i]!;
      if (wait === 0) log.set(member, at);
      // Re-inserted as the most recently used; empty logs are not kept.
      local.delete(counter.key);
      if (log.size > 0) local.set(counter.key, log);
    });
    while (local.size > maxLocal) local.delete(local.keys().next().value as string);
    return { wait, refusedBy };
  };

  const forgetLocal = (keys: string[], member: string) => {
    for (const key of keys) {
      const log = local.get(key);
      log?.delete(member);
      if (log?.size === 0) local.delete(key);
    }
  };

  return {
    async take(attempt) {
      const counters = countersOf(attempt);
      if (counters.length === 0) return { allowed: true, settle: async () => {} };
      const member = randomUUID();
      const failureKeys = counters.filter((c) => c.failures).map((c) => c.key);
      const link = options.link;
      if (link?.state === 'up') {
        let answer: [number, number] | undefined;
        try {
          const args = counters.flatMap((c) => [c.limit, c.windowMs]);
          answer = (await link.client.eval(TAKE, counters.length, ...counters.map((c) => c.key), member, ...args)) as [number, number];
        } catch {
          // counted by this process instead
        }
        if (answer) {
          const [wait, index] = answer.map(Number) as [number, number];
          if (wait > 0) return { allowed: false, retryAfterMs: wait, scope: counters[index - 1]?.scope ?? 'user' };
          return {
            allowed: true,
            async settle(failed) {
              if (failed || failureKeys.length === 0) return;
              // Lost when Redis is down meanwhile: the attempt then counts as a failure until its window ends.
              await Promise.all(failureKeys.map((key) => link.client.zrem(key, member))).catch(() => undefined);
            },
          };
        }
      }
      const { wait, refusedBy } = takeLocal(counters, member);
      if (wait > 0) return { allowed: false, retryAfterMs: wait, scope: refusedBy?.scope ?? 'user' };
      return {
        allowed: true,
        async settle(failed) {
          if (!failed) forgetLocal(failureKeys, member);
        },
      };
    },
  };
}
