import type { UpstreamClient } from '../upstream/client.js';
import { tokenHash } from '../token-hash.js';
import type { UpstreamCache } from './types.js';
import { withCache, type CachePolicy } from './with-cache.js';

/**
 * One request's client with the shared cache under its reads: GETs go through `withCache`
 * (the caller's own entries only); a write (job control, sign-out) drops all of the caller's
 * entries once it is done, so no read after it is served from before it. `token()` is untouched.
 */
export function cachedClient(client: UpstreamClient, cache: UpstreamCache, token: string | undefined, policy: CachePolicy): UpstreamClient {
  if (token === undefined) return client;
  const caller = policy.callerId ?? tokenHash(token, policy.secret);
  const cached = withCache(client, cache, token, { ...policy, callerId: caller });
  const post: UpstreamClient['post'] = async (write, decode) => {
    try {
      return await client.post(write, decode);
    } finally {
      // Also after a failure: a refused or timed-out write may still have changed something.
      await cache.forget(caller);
    }
  };
  Object.defineProperty(cached, 'post', { value: post, enumerable: true });
  return cached;
}
