import type { UpstreamClient } from '../upstream/client.js';
import { tokenHash } from '../token-hash.js';
import { encodeMark, markKeyOf, markTtl, tokenExpiry } from './token-mark.js';
import type { UpstreamCache } from './types.js';
import { withCache, type CachePolicy } from './with-cache.js';

/**
 * One request's client with the shared cache under its reads: GETs go through `withCache`
 * (the caller's own entries only); a write (job control, sign-out) drops all of the caller's
 * entries and its token mark once it is done, so no read after it is served from before it.
 * A token the server issues (`token()`) gets its mark with the server's expiry, so no entry of
 * it outlives the token.
 */
export function cachedClient(client: UpstreamClient, cache: UpstreamCache, token: string | undefined, policy: CachePolicy): UpstreamClient {
  const now = policy.now ?? Date.now;
  const issue: UpstreamClient['token'] = async (form) => {
    const sentAt = now();
    const issued = await client.token(form);
    if (policy.defaultTtlMs > 0 || policy.finishedMaxTtlMs > 0) {
      const expiresAt = tokenExpiry(issued, sentAt);
      const mark = encodeMark({ acceptedAt: sentAt, expiresAt });
      await cache.set(markKeyOf(tokenHash(issued.access_token, policy.secret)), mark, markTtl(policy, expiresAt, now()));
    }
    return issued;
  };
  if (token === undefined) {
    return {
      get: (resource, decode, query) => client.get(resource, decode, query),
      post: (write, decode) => client.post(write, decode),
      token: issue,
      get calls() {
        return client.calls;
      },
    };
  }
  const caller = policy.callerId ?? tokenHash(token, policy.secret);
  const { get } = withCache(client, cache, token, { ...policy, callerId: caller });
  const post: UpstreamClient['post'] = async (write, decode) => {
    try {
      return await client.post(write, decode);
    } finally {
      // Also after a failure: a refused or timed-out write may still have changed something.
      await cache.forget(caller);
    }
  };
  return {
    get,
    post,
    token: issue,
    get calls() {
      return client.calls;
    },
  };
}
