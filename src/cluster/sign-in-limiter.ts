import { createHash, randomUUID } from 'node:crypto';
import type { RedisLink } from './redis.js';

/** At most `limit` sign-ins in any `windowMs`. */
export interface RateRule {
  limit: number;
  windowMs: number;
}

/** The backup server throttles `/token` at about 1/s and 5/min per caller. */
export const SIGN_IN_RULES: readonly RateRule[] = [
  { limit: 1, windowMs: 1_000 },
  { limit: 5, windowMs: 60_000 },
];

export type SignInDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface SignInLimiterOptions {
  link?: RedisLink;
  rules?: readonly RateRule[];
  /** CACHE_KEY_SECRET; caller keys (user names) are hashed under it before they reach Redis. */
  secret?: string;
  /** Callers tracked in process while Redis is down; the oldest are dropped beyond it. Default 10,000. */
  maxLocalCallers?: number;
  now?: () => number;
}

/** Refuses a sign-in before it reaches the upstream when this caller has used its allowance. */
export interface SignInLimiter {
  /** Counts one sign-in attempt of `caller` (e.g. the user name) if allowed. */
  take(caller: string): Promise<SignInDecision>;
}

// A sliding-window log (ZSET of attempt times on Redis's clock) rather than a token bucket: a
// bucket of 5 refilled at 5/min lets 9 through in one minute, which the server would throttle.
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local longest = 0
for i = 2, #ARGV, 2 do longest = math.max(longest, tonumber(ARGV[i + 1])) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - longest)
local wait = 0
for i = 2, #ARGV, 2 do
  local limit = tonumber(ARGV[i])
  local window = tonumber(ARGV[i + 1])
  local count = redis.call('ZCOUNT', KEYS[1], now - window + 1, '+inf')
  if count >= limit then
    local r = redis.call('ZRANGEBYSCORE', KEYS[1], now - window + 1, '+inf', 'WITHSCORES', 'LIMIT', count - limit, 1)
    wait = math.max(wait, tonumber(r[2]) + window - now)
  end
end
if wait > 0 then return wait end
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], longest)
return 0
`;

/** Sign-in throttle shared by every replica (Redis), or per process while Redis is down. */
export function createSignInLimiter(options: SignInLimiterOptions = {}): SignInLimiter {
  const rules = options.rules ?? SIGN_IN_RULES;
  const now = options.now ?? Date.now;
  const maxLocal = options.maxLocalCallers ?? 10_000;
  const longest = Math.max(...rules.map((r) => r.windowMs));
  const local = new Map<string, number[]>();

  const keyOf = (caller: string) =>
    `vbm:signin:${createHash('sha256')
      .update(options.secret ?? '')
      .update('\0')
      .update(caller)
      .digest('base64url')}`;

  const takeLocal = (key: string): SignInDecision => {
    const at = now();
    const times = (local.get(key) ?? []).filter((t) => t > at - longest);
    let wait = 0;
    for (const { limit, windowMs } of rules) {
      const inWindow = times.filter((t) => t > at - windowMs);
      if (inWindow.length >= limit) wait = Math.max(wait, inWindow[inWindow.length - limit]! + windowMs - at);
    }
    local.delete(key);
    if (wait > 0) {
      local.set(key, times);
      return { allowed: false, retryAfterMs: wait };
    }
    times.push(at);
    local.set(key, times);
    while (local.size > maxLocal) local.delete(local.keys().next().value as string);
    return { allowed: true };
  };

  return {
    async take(caller) {
      const key = keyOf(caller);
      const link = options.link;
      if (link?.state === 'up') {
        try {
          const args = [randomUUID(), ...rules.flatMap((r) => [r.limit, r.windowMs])];
          const wait = Number(await link.client.eval(TAKE, 1, key, ...args));
          return wait > 0 ? { allowed: false, retryAfterMs: wait } : { allowed: true };
        } catch {
          // fall back to this process's own count
        }
      }
      return takeLocal(key);
    },
  };
}
