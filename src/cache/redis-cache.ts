import type { RedisLink } from '../cluster/redis.js';
import { CACHE_KEY_PREFIX } from './cache-key.js';
import type { LocalCache } from './local-cache.js';
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

/**
 * The cache every replica shares: entries live in Redis with `SET ... PX`, so Redis expires them
 * and bounds memory (`maxmemory` with `allkeys-lru`). While Redis is down or a command fails, reads
 * and writes go to the local LRU instead; the upstream stays the source of truth either way.
 */
export function createRedisCache(options: RedisCacheOptions): UpstreamCache {
  const { link, local } = options;
  const maxEntryBytes = options.maxEntryBytes ?? 1024 * 1024;
  const up = () => link.state === 'up';

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

    async forget(caller) {
      await local.forget(caller);
      if (!up()) return;
      try {
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
      await local.close();
    },
  };
}
