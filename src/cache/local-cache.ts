import { callerOfKey } from './cache-key.js';
import type { UpstreamCache } from './types.js';

export interface LocalCacheOptions {
  /** Bound of the whole cache in bytes (UTF-8 of keys plus values); default 32 MiB. */
  maxBytes?: number;
  /** Larger values are not cached; default 1 MiB. */
  maxEntryBytes?: number;
  /** Most bytes one caller may hold, so one caller cannot evict everyone else; default a quarter of `maxBytes`. */
  maxCallerBytes?: number;
  now?: () => number;
}

/** A local cache that also reports its size (for metrics and tests). */
export interface LocalCache extends UpstreamCache {
  stats(): { entries: number; bytes: number };
}

interface Entry {
  value: string;
  bytes: number;
  expiresAt: number;
  caller: string;
}

const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/**
 * An in-process LRU bounded in bytes, overall and per caller. Map insertion order is the
 * recency order: a hit moves the entry to the end, eviction takes from the front.
 */
export function createLocalCache(options: LocalCacheOptions = {}): LocalCache {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxEntryBytes = Math.min(options.maxEntryBytes ?? 1024 * 1024, maxBytes);
  const maxCallerBytes = options.maxCallerBytes ?? Math.floor(maxBytes / 4);
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const callers = new Map<string, { bytes: number; keys: Set<string> }>();
  let total = 0;

  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    total -= entry.bytes;
    const owner = callers.get(entry.caller);
    if (owner) {
      owner.bytes -= entry.bytes;
      owner.keys.delete(key);
      if (owner.keys.size === 0) callers.delete(entry.caller);
    }
  };

  return {
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        remove(key);
        return undefined;
      }
      entries.delete(key);
      entries.set(key, entry);
      const keys = callers.get(entry.caller)?.keys;
      keys?.delete(key);
      keys?.add(key);
      return entry.value;
    },

    async set(key, value, ttlMs) {
      remove(key);
      const bytes = Buffer.byteLength(key) + Buffer.byteLength(value);
      if (ttlMs <= 0 || bytes > maxEntryBytes || bytes > maxCallerBytes) return;
      const caller = callerOfKey(key) ?? '';
      entries.set(key, { value, bytes, expiresAt: now() + ttlMs, caller });
      total += bytes;
      let owner = callers.get(caller);
      if (!owner) callers.set(caller, (owner = { bytes: 0, keys: new Set() }));
      owner.bytes += bytes;
      owner.keys.add(key);
      while (owner.bytes > maxCallerBytes) remove(owner.keys.values().next().value as string);
      while (total > maxBytes) remove(entries.keys().next().value as string);
    },

    async delete(key) {
      remove(key);
    },

    async forget(caller) {
      for (const key of [...(callers.get(caller)?.keys ?? [])]) remove(key);
    },

    state: () => 'local',
    stats: () => ({ entries: entries.size, bytes: total }),

    async close() {
      entries.clear();
      callers.clear();
      total = 0;
    },
  };
}
