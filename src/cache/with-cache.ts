import { tokenHash } from '../token-hash.js';
import { isFinishedAt } from '../upstream/routes.js';
import { canonicalPathAndQuery, keyOf } from './cache-key.js';
import { decodeMark, encodeMark, isFresh, markKeyOf, markTtl, type TokenMark } from './token-mark.js';
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
  /** The reader knows the answer no longer changes (see `ResourcePath.finished`). */
  finished?: boolean;
}

export interface CachePolicy extends TtlSettings {
  /**
   * CACHE_REVALIDATE_MS: entries are served only while the backup server accepted the caller's
   * token less than this long ago; past it the caller's next read goes upstream first. 0: every
   * request reaches the server at least once.
   */
  revalidateMs: number;
  /** CACHE_KEY_SECRET; keys are HMACs of the token under it when set. */
  secret?: string;
  /** The caller's id (`tokenHash(token, secret)`) when already computed for this request. */
  callerId?: string;
  /**
   * Put before the resource path in keys: the path of the versioned base URL (e.g. `/v7`), since
   * resource paths leave the API version out and two versions answer the same path differently.
   */
  basePath?: string;
  /** Loads of the same key in flight in this process, shared by the caller's concurrent requests; one map per process. */
  inflight?: Map<string, Promise<unknown>>;
  /** Sees each lookup (metrics, tests). */
  onLookup?: (outcome: 'hit' | 'miss' | 'bypass') => void;
  now?: () => number;
}

const identity = (value: unknown): unknown => value;

/** The facade's code on an upstream failure (src/upstream/client.ts maps 401/403/404 to these). */
function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'extensions' in error ? (error.extensions as { code?: unknown } | undefined)?.code : undefined;
}

/**
 * The shared cache under the per-request DataLoader: the `get` it returns answers from the
 * caller's own entries (key = caller id + canonical path) and otherwise asks `client`, storing
 * the upstream JSON text (`cachedClient` composes it with the client's other members). Without a token
 * nothing is cached, so the client's UNAUTHENTICATED answer is unchanged.
 *
 * Entries are served only while the caller's token mark is fresh (see `TokenMark`): the request
 * reads the mark once; while it is stale the request's first read goes upstream (the caller's
 * concurrent reads wait for that one call instead of making their own), and its answer renews
 * the mark. A 401 drops the caller's entries and mark everywhere; a 403 or 404 drops that entry.
 */
export function withCache(client: GettingClient, cache: UpstreamCache, token: string | undefined, policy: CachePolicy): GettingClient {
  const now = policy.now ?? Date.now;
  const enabled = token !== undefined && (policy.defaultTtlMs > 0 || policy.finishedMaxTtlMs > 0);
  // One hash of the token per request, not one per read.
  const caller = enabled ? (policy.callerId ?? tokenHash(token, policy.secret)) : '';
  const markKey = markKeyOf(caller);
  // This request's view of the mark: read once, then kept; `trusted` once it may serve entries.
  let mark: Promise<TokenMark | undefined> | undefined;
  let trusted = false;
  let renewed = false;
  const readMark = () => (mark ??= cache.get(markKey).then(decodeMark));

  async function renew(acceptedAt: number): Promise<void> {
    trusted = true;
    if (renewed) return;
    renewed = true;
    const { expiresAt } = (await readMark()) ?? {};
    const fresh: TokenMark = expiresAt === undefined ? { acceptedAt } : { acceptedAt, expiresAt };
    mark = Promise.resolve(fresh);
    await cache.set(markKey, encodeMark(fresh), markTtl(policy, expiresAt, now()));
  }

  async function refused(code: unknown, key: string): Promise<void> {
    if (code === 'UNAUTHENTICATED') {
      trusted = false;
      mark = Promise.resolve(undefined);
      // A token never accepted has no mark and no entries: nothing to look for (a flood of
      // made-up tokens must not make every replica scan the cache).
      if ((await cache.get(markKey)) !== undefined) await cache.forget(caller);
    } else if (code === 'FORBIDDEN' || code === 'NOT_FOUND') {
      await cache.delete(key);
    }
  }

  /** Reads and decodes; stores the JSON text for as long as the decoded value says it stays valid. */
  async function load<T>(resource: CachedResource, query: Record<string, string | number> | undefined, key: string, decode: (value: unknown) => T): Promise<{ json: unknown; value: T }> {
    const sentAt = now();
    let json: unknown;
    try {
      json = await client.get(resource, identity, query);
    } catch (error) {
      await refused(codeOf(error), key);
      throw error;
    }
    await renew(sentAt);
    // A malformed answer throws here and is never stored.
    const value = decode(json);
    const { expiresAt } = (await readMark()) ?? {};
    const ttl = ttlFor({ finished: resource.finished === true || isFinishedAt(resource.kind, value), tokenExpiresAt: expiresAt }, policy.defaultTtlMs, {
      finishedMaxTtlMs: policy.finishedMaxTtlMs,
      now: now(),
    });
    if (ttl > 0) await cache.set(key, JSON.stringify(json), ttl);
    return { json, value };
  }

  /** Whether this request may answer from the cache; waits for the caller's revalidation in flight, if any. */
  async function mayServe(): Promise<boolean> {
    if (trusted) return true;
    if (isFresh(await readMark(), now(), policy.revalidateMs)) return (trusted = true);
    const revalidation = policy.inflight?.get(markKey);
    if (!revalidation) return false;
    try {
      await revalidation;
      return (trusted = true);
    } catch {
      // The other read failed (a 401 dropped everything; a 404 was its path only): read for this one.
      return false;
    }
  }

  const get: GettingClient['get'] = async (resource, decode, query) => {
    if (!enabled) {
      policy.onLookup?.('bypass');
      return client.get(resource, decode, query);
    }
    const key = keyOf(caller, (policy.basePath ?? '') + canonicalPathAndQuery(resource.path, query));
    const serving = await mayServe();
    if (serving) {
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
    }
    policy.onLookup?.('miss');
    const shared = policy.inflight?.get(key);
    if (shared) {
      try {
        const value = decode(await shared);
        trusted = true;
        return value;
      } catch {
        // The other request failed or was cancelled by its own client: load for this one.
      }
    }
    const loading = load(resource, query, key, decode);
    const json = loading.then(({ json }) => json);
    // Awaited by other requests only if there are any; its failure is this request's.
    json.catch(() => undefined);
    policy.inflight?.set(key, json);
    // While the mark is stale this read is the caller's revalidation: its other reads wait for it.
    const revalidating = !serving && !policy.inflight?.has(markKey);
    if (revalidating) policy.inflight?.set(markKey, json);
    try {
      return (await loading).value;
    } finally {
      if (policy.inflight?.get(key) === json) policy.inflight.delete(key);
      if (revalidating && policy.inflight?.get(markKey) === json) policy.inflight.delete(markKey);
    }
  };

  return { get };
}
