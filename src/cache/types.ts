/** Where cached upstream JSON lives right now: this process only, the shared Redis, or this process because Redis is down. */
export type CacheState = 'local' | 'redis' | 'degraded';

/** A byte-bounded store of upstream JSON text keyed by `cacheKey()`; every key belongs to one caller. */
export interface UpstreamCache {
  get(key: string): Promise<string | undefined>;
  /** Stores `value` for `ttlMs`; a TTL of 0 or less, or a value above the per-entry cap, stores nothing. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Drops one entry (the server no longer shows its resource to its caller). */
  delete(key: string): Promise<void>;
  /**
   * Drops every entry of one caller (its `tokenHash`), its token mark included, e.g. after a write,
   * a sign-out or a 401; a shared cache also tells the other replicas to drop what they hold locally.
   */
  forget(caller: string): Promise<void>;
  state(): CacheState;
  close(): Promise<void>;
}
