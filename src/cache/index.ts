/** The cache of upstream resources under the per-request DataLoader. */
export { CACHE_KEY_PREFIX, cacheKey, callerOfKey, canonicalPathAndQuery } from './cache-key.js';
export { createLocalCache, type LocalCache, type LocalCacheOptions } from './local-cache.js';
export { createRedisCache, type RedisCacheOptions } from './redis-cache.js';
export { ttlFor, type TtlSettings } from './ttl-policy.js';
export type { CacheState, UpstreamCache } from './types.js';
export { withCache, type CachePolicy, type GettingClient } from './with-cache.js';
