import type { RedisLink } from '../cluster/redis.js';
import { CACHE_KEY_PREFIX } from './cache-key.js';
import type { LocalCache } from './local-cache.js';
import { markKeyOf } from './token-mark.js';
import type { UpstreamCache } from './types.js';

export interface RedisCacheOptions {
  /** The process's shared Redis connection (`createRedisLink`); its state decides where entries go. */
  link: RedisLink;
  /** Serves while Redis is down or a Redis command fails. */
  local: LocalCache;
  /** Larger values are not cached; default 1 MiB. */
  maxEntryBytes?: number;
}

/** Most SCAN rounds `forget` makes (200 keys each), so a sign-out never loops unbounded. */
const FORGET_SCAN_ROUNDS = 500;

/** Pub/sub channel on which `forget` tells every replica to drop a caller from its local LRU too. */
export const FORGET_CHANNEL = 'vbm:cache:forget';

/** A caller id as `tokenHash` makes it (base64url of a SHA-256 or HMAC). */
const CALLER_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * The cache every replica shares: entries live in Redis with `SET ... PX`, so Redis expires them
 * and bounds memory (`maxmemory` with `allkeys-lru`). While Redis is down or a command fails, reads
 * and writes go to the local LRU instead; the upstream stays the source of truth either way.
 */
export function createRedisCache(options: RedisCacheOptions): UpstreamCache {
  const { link, local } = options;
  const maxEntryBytes = options.maxEntryBytes ?? 1024 * 1024;
  const up = () => link.state === 'up';
  // Entries written while Redis was down live in each replica's own LRU (and `get` falls back to
  // them): a caller dropped on one replica is dropped from every replica's LRU as well.
  const subscriber = link.subscriber();
  const onMessage = (channel: string, caller: string) => {
    if (channel === FORGET_CHANNEL && CALLER_ID.test(caller)) void local.forget(caller);
  };
  subscriber.on('message', onMessage);
  subscriber.subscribe(FORGET_CHANNEL).catch(() => undefined);

  return {
    async get(key) {
      if (!up()) return local.get(key);
      try {
        // Entries written while Redis was down stay useful until they expire.
        return (await link.client.get(key)) ?? (await local.get(key));
      } catch {
        return local.get(key);
      }
    },

    async set(key, value, ttlMs) {
      if (ttlMs <= 0 || Buffer.byteLength(key) + Buffer.byteLength(value) > maxEntryBytes) return;
      if (up()) {
        try {
          await link.client.set(key, value, 'PX', Math.ceil(ttlMs));
          return;
        } catch {
          // fall through to the local LRU
        }
      }
      await local.set(key, value, ttlMs);
    },

    async delete(key) {
      await local.delete(key);
      if (!up()) return;
      try {
        await link.client.del(key);
      } catch {
        // It expires with its TTL.
      }
    },

    async forget(caller) {
      await local.forget(caller);
      if (!up()) return;
      try {
        // The mark first: without it no replica serves the caller's entries while SCAN runs.
        await link.client.unlink(markKeyOf(caller));
        await link.client.publish(FORGET_CHANNEL, caller);
        let cursor = '0';
        for (let round = 0; round < FORGET_SCAN_ROUNDS; round++) {
          const [next, keys] = await link.client.scan(cursor, 'MATCH', `${CACHE_KEY_PREFIX}${caller}:*`, 'COUNT', 200);
          if (keys.length > 0) await link.client.unlink(...keys);
          cursor = next;
          if (cursor === '0') break;
        }
      } catch {
        // Entries left behind expire with their TTL.
      }
    },

    state: () => (up() ? 'redis' : 'degraded'),

    async close() {
      subscriber.off('message', onMessage);
      await local.close();
    },
  };
}
