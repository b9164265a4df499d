import { tokenHash } from '../token-hash.js';
import type { TokenDto } from '../upstream/types.js';
import type { ServerGrant, SessionSealer } from './session-token.js';

/** An access token is refreshed this long before it expires, so no request goes out with one about to lapse. */
export const REFRESH_MARGIN_MS = 30_000;
/** How long a finished refresh is reused for requests still holding the token it replaced (they joined late). */
const REFRESH_REUSE_MS = 60_000;
/** Refreshes kept (in flight or finished) per process; the oldest are forgotten first. */
const MAX_REFRESHES = 10_000;

/** The sealed sessions of the process: the sealer, their lifetime, and one refresh per session and server at a time. */
export interface Sessions {
  readonly sealer: SessionSealer;
  /** A new session's lifetime. */
  readonly ttlMs: number;
  /** Epoch ms: session and access token expiry. */
  now(): number;
  /**
   * The grant after refreshing `grant` of `server` in session `sessionId` with `run` (the
   * server's refresh grant). Concurrent and slightly late callers holding the same grant share
   * one call; a failed refresh is not kept.
   */
  refresh(sessionId: string, server: string, grant: ServerGrant, run: (refreshToken: string) => Promise<TokenDto>): Promise<ServerGrant>;
}

/** The grant a token answer makes, its expiry counted on the facade's clock. */
export function grantOf(token: TokenDto, now: number): ServerGrant {
  return {
    accessToken: token.access_token,
    refreshToken: token.refresh_token,
    accessExpiresAt: now + Math.max(0, token.expires_in) * 1000,
    userName: token.userName ?? null,
  };
}

/** Whether the grant's access token must be refreshed before use at `now`. */
export function needsRefresh(grant: ServerGrant, now: number): boolean {
  return now >= grant.accessExpiresAt - REFRESH_MARGIN_MS;
}

export function createSessions(options: { sealer: SessionSealer; ttlMs: number; now?: () => number }): Sessions {
  const now = options.now ?? Date.now;
  // Key: session, server and a hash of the refresh token replaced; holds the new grant only while it is reused.
  const refreshes = new Map<string, { grant: Promise<ServerGrant>; doneAt?: number }>();
  return {
    sealer: options.sealer,
    ttlMs: options.ttlMs,
    now,
    refresh(sessionId, server, grant, run) {
      const key = `${sessionId}\u0000${server}\u0000${tokenHash(grant.refreshToken)}`;
      const found = refreshes.get(key);
      if (found && (found.doneAt === undefined || now() - found.doneAt < REFRESH_REUSE_MS)) return found.grant;
      const entry: { grant: Promise<ServerGrant>; doneAt?: number } = {
        grant: run(grant.refreshToken).then(
          (token) => {
            entry.doneAt = now();
            return grantOf(token, now());
          },
          (error: unknown) => {
            refreshes.delete(key);
            throw error;
          },
        ),
      };
      refreshes.delete(key);
      refreshes.set(key, entry);
      // The oldest go first; forgetting one in flight costs at most a second refresh.
      while (refreshes.size > MAX_REFRESHES) refreshes.delete(refreshes.keys().next().value as string);
      return entry.grant;
    },
  };
}
