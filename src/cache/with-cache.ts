import { tokenHash } from '../token-hash.js';
import { canonicalPathAndQuery, keyOf } from './cache-key.js';
import { isFinishedAt } from '../upstream/routes.js';
import { ttlFor, type TtlSettings } from './ttl-policy.js';
import type { UpstreamCache } from './types.js';

/** The shape of `UpstreamClient.get` the cache wraps (src/upstream/client.ts). */
export interface GettingClient {
  get<T>(resource: CachedResource, decode: (value: unknown) => T, query?: Record<string, string | number>): Promise<T>;
}

/** What the cache reads of a resource path (src/upstream/routes.ts `ResourcePath`). */
export interface CachedResource {
  path: string;
  template: string;
  kind: string;
}

export interface CachePolicy extends TtlSettings {
  /** CACHE_KEY_SECRET; keys are HMACs of the token under it when set. */
  secret?: string;
  /** The caller's id (`tokenHash(token, secret)`) when already computed for this request. */
  callerId?: string;
  /**
   * Put before the resource path in keys: the path of the versioned base URL (e.g. `/v7`), since
   * resource paths leave the API version out and two versions answer the same path differently.
   */
  basePath?: string;
  /** When the caller's token expires (epoch ms), if known; finished entries never outlive it. */
  tokenExpiresAt?: number;
  /** Loads of the same key in flight in this process, shared by the caller's concurrent requests; one map per process. */
  inflight?: Map<string, Promise<unknown>>;
  /** Sees each lookup (metrics, tests). */
  onLookup?: (outcome: 'hit' | 'miss' | 'bypass') => void;
  now?: () => number;
}

const identity = (value: unknown): unknown => value;

/**
 * Puts the shared cache under the per-request DataLoader: `get` answers from the caller's own
 * entries (key = caller id + canonical path) and otherwise asks the wrapped client, storing the
 * upstream JSON text. Other members (token, calls) are the wrapped client's own. Without a token
 * nothing is cached, so the client's UNAUTHENTICATED answer is unchanged.
 */
export function withCache<C extends GettingClient>(client: C, cache: UpstreamCache, token: string | undefined, policy: CachePolicy): C {
  const now = policy.now ?? Date.now;
  const enabled = token !== undefined && (policy.defaultTtlMs > 0 || policy.finishedMaxTtlMs > 0);
  // One hash of the token per request, not one per read.
  const caller = enabled ? (policy.callerId ?? tokenHash(token, policy.secret)) : '';

  /** Reads and decodes; stores the JSON text for as long as the decoded value says it stays valid. */
  async function load<T>(resource: CachedResource, query: Record<string, string | number> | undefined, key: string, decode: (value: unknown) => T): Promise<{ json: unknown; value: T }> {
    const json = await client.get(resource, identity, query);
    // A malformed answer throws here and is never stored.
    const value = decode(json);
    const ttl = ttlFor({ finished: isFinishedAt(resource.kind, value), tokenExpiresAt: policy.tokenExpiresAt }, policy.defaultTtlMs, {
      finishedMaxTtlMs: policy.finishedMaxTtlMs,
      now: now(),
    });
    if (ttl > 0) await cache.set(key, JSON.stringify(json), ttl);
    return { json, value };
  }

  const get: GettingClient['get'] = async (resource, decode, query) => {
    if (!enabled) {
      policy.onLookup?.('bypass');
      return client.get(resource, decode, query);
    }
    const key = keyOf(caller, (policy.basePath ?? '') + canonicalPathAndQuery(resource.path, query));
    const text = await cache.get(key);
    if (text !== undefined) {
      try {
        const value = decode(JSON.parse(text));
        policy.onLookup?.('hit');
        return value;
      } catch {
        // A damaged entry is a miss; the load below overwrites it.
      }
    }
    policy.onLookup?.('miss');
    const shared = policy.inflight?.get(key);
    if (shared) {
      try {
        return decode(await shared);
      } catch {
        // The other request failed or was cancelled by its own client: load for this one.
      }
    }
    const loading = load(resource, query, key, decode);
    const json = loading.then(({ json }) => json);
    // Awaited by other requests only if there are any; its failure is this request's.
    json.catch(() => undefined);
    policy.inflight?.set(key, json);
    try {
      return (await loading).value;
    } finally {
      if (policy.inflight?.get(key) === json) policy.inflight.delete(key);
    }
  };

  const wrapped = Object.create(client) as C;
  Object.defineProperty(wrapped, 'get', { value: get, enumerable: true });
  return wrapped;
}
