/** How long entries live; from CACHE_TTL_MS and CACHE_FINISHED_TTL_MS. */
export interface TtlSettings {
  /** Running sessions, their log items, pages and lists; 0 turns caching of them off. */
  defaultTtlMs: number;
  /** Cap for finished sessions and finished log items when the token's expiry is unknown (or later); 0 turns it off. */
  finishedMaxTtlMs: number;
}

/**
 * TTL of one entry: a finished resource does not change, so it lives until the caller's token
 * expires (capped by `finishedMaxTtlMs`); anything else lives `defaultTtlMs`, and no entry
 * outlives the token when its expiry is known.
 */
export function ttlFor(
  entry: { finished: boolean; tokenExpiresAt?: number },
  defaultTtlMs: number,
  options: { finishedMaxTtlMs?: number; now?: number } = {},
): number {
  const cap = entry.finished ? (options.finishedMaxTtlMs ?? 3_600_000) : defaultTtlMs;
  if (entry.tokenExpiresAt === undefined) return Math.max(0, cap);
  return Math.max(0, Math.min(cap, entry.tokenExpiresAt - (options.now ?? Date.now())));
}
