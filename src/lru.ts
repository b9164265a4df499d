/** A cache keyed by strings, bounded in bytes of keys (their text weighs most in every use here). */
export interface BoundedLru<V> {
  get(key: string): V | undefined;
  /** Keeps `value` unless its key alone is over `maxKeyBytes` (such keys would only churn the cache). */
  set(key: string, value: V): void;
  /** Bytes held now: UTF-16 code units × 2 of every key, plus a fixed overhead per entry. */
  readonly bytes: number;
  readonly size: number;
}

const ENTRY_OVERHEAD_BYTES = 64;

/**
 * A least-recently-used map bounded in bytes (Map insertion order is the recency order).
 * `weightOf` may add what a value costs beyond its key (e.g. a parsed document's size).
 */
export function createBoundedLru<V>(options: { maxBytes: number; maxKeyBytes: number; weightOf?: (key: string, value: V) => number }): BoundedLru<V> {
  const { maxBytes, maxKeyBytes, weightOf = (key: string) => key.length * 2 } = options;
  const entries = new Map<string, { value: V; weight: number }>();
  let bytes = 0;
  return {
    get(key) {
      const entry = entries.get(key);
      if (entry !== undefined) {
        entries.delete(key);
        entries.set(key, entry);
      }
      return entry?.value;
    },
    set(key, value) {
      if (key.length * 2 > maxKeyBytes || entries.has(key)) return;
      const weight = weightOf(key, value) + ENTRY_OVERHEAD_BYTES;
      if (weight > maxBytes) return;
      entries.set(key, { value, weight });
      bytes += weight;
      for (const [oldest, entry] of entries) {
        if (bytes <= maxBytes) break;
        entries.delete(oldest);
        bytes -= entry.weight;
      }
    },
    get bytes() {
      return bytes;
    },
    get size() {
      return entries.size;
    },
  };
}
