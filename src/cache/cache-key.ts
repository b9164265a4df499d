import { tokenHash } from '../token-hash.js';

/** Every cache key starts with this, so the facade's keys are easy to find and to bound in Redis. */
export const CACHE_KEY_PREFIX = 'vbm:c:';

/** Path plus query with the query's names sorted, so `?limit=5&offset=0` and `?offset=0&limit=5` share an entry. */
export function canonicalPathAndQuery(path: string, query?: Record<string, string | number>): string {
  if (!query) return path;
  const pairs = Object.entries(query)
    .map(([name, value]): [string, string] => [name, String(value)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return pairs.length === 0 ? path : `${path}?${new URLSearchParams(pairs).toString()}`;
}

/** `vbm:c:<tokenHash(token, secret)>:<canonical path and query>`: an entry is only ever found again with the same token. */
export function cacheKey(token: string, pathAndQuery: string, secret?: string): string {
  return keyOf(tokenHash(token, secret), pathAndQuery);
}

/** The key of a caller's token hash computed once (per request) and a canonical path and query. */
export function keyOf(caller: string, pathAndQuery: string): string {
  return `${CACHE_KEY_PREFIX}${caller}:${pathAndQuery}`;
}

/** The caller's token hash inside a key made by `cacheKey`, or undefined for any other string. */
export function callerOfKey(key: string): string | undefined {
  if (!key.startsWith(CACHE_KEY_PREFIX)) return undefined;
  const end = key.indexOf(':', CACHE_KEY_PREFIX.length);
  return end === -1 ? undefined : key.slice(CACHE_KEY_PREFIX.length, end);
}
