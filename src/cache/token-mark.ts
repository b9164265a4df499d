import type { TokenDto } from '../upstream/types.js';
import { keyOf } from './cache-key.js';
import type { TtlSettings } from './ttl-policy.js';

/**
 * What the cache knows of one caller's token: when the backup server last accepted it and, for
 * tokens the facade issued, when the server said it expires. Entries are served only while the
 * mark is fresh, so a token the server stopped accepting reads from the cache for at most the
 * revalidation window.
 */
export interface TokenMark {
  /** Epoch ms of the last upstream answer (2xx) to this token, measured when the call was sent. */
  acceptedAt: number;
  /** Epoch ms the server gave as the token's expiry, when the facade issued it. */
  expiresAt?: number;
}

/**
 * The mark's key sits among the caller's entries (`vbm:c:<caller>:#token`), so whatever drops
 * the caller's entries (a write, sign-out, a 401, eviction of the caller) drops the mark with
 * them. Entry keys continue with a path (`/...`), so the two never collide.
 */
export function markKeyOf(caller: string): string {
  return keyOf(caller, '#token');
}

export function encodeMark(mark: TokenMark): string {
  return JSON.stringify(mark);
}

/** The stored mark, or undefined when it is missing or damaged (a damaged mark is no mark). */
export function decodeMark(text: string | undefined): TokenMark | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<TokenMark> | null;
    if (typeof value?.acceptedAt !== 'number' || !Number.isFinite(value.acceptedAt)) return undefined;
    const expiresAt = typeof value.expiresAt === 'number' && Number.isFinite(value.expiresAt) ? value.expiresAt : undefined;
    return expiresAt === undefined ? { acceptedAt: value.acceptedAt } : { acceptedAt: value.acceptedAt, expiresAt };
  } catch {
    return undefined;
  }
}

/**
 * Whether entries may be served on this mark at `now`: the server accepted the token less than
 * `revalidateMs` ago (either way, so a replica whose clock runs behind the writer's is bounded
 * too) and the token has not expired. With `revalidateMs` 0 no mark is fresh.
 */
export function isFresh(mark: TokenMark | undefined, now: number, revalidateMs: number): boolean {
  if (mark === undefined) return false;
  if (mark.expiresAt !== undefined && now >= mark.expiresAt) return false;
  return Math.abs(now - mark.acceptedAt) < revalidateMs;
}

/**
 * How long a mark is kept: as long as the token when its expiry is known (the expiry must stay
 * known), else as long as an entry can live, so a caller with entries has a mark and a 401 finds
 * them (a mark older than the window is stale, but still says there is something to drop).
 */
export function markTtl(settings: TtlSettings & { revalidateMs: number }, expiresAt: number | undefined, now: number): number {
  if (expiresAt !== undefined) return expiresAt - now;
  return Math.max(settings.defaultTtlMs, settings.finishedMaxTtlMs, settings.revalidateMs);
}

/**
 * When a token from `POST /token` expires: `expires_in` counted from when the request was sent,
 * or the server's `.expires` if that is earlier (it is in the server's clock, so the earlier of
 * the two is the safe one).
 */
export function tokenExpiry(token: Pick<TokenDto, 'expires_in' | '.expires'>, sentAt: number): number {
  const counted = sentAt + Math.max(0, token.expires_in) * 1000;
  const stated = token['.expires'] ? Date.parse(token['.expires']) : NaN;
  return Number.isNaN(stated) ? counted : Math.min(counted, stated);
}
