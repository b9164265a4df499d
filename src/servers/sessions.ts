import type { ClusterSingleFlight } from '../cluster/single-flight.js';
import { tokenHash } from '../token-hash.js';
import type { TokenDto } from '../upstream/types.js';
import type { ServerGrant, SessionContent, SessionSealer } from './session-token.js';

/** An access token is refreshed this long before it expires, so no request goes out with one about to lapse. */
export const REFRESH_MARGIN_MS = 30_000;
/** How long a finished refresh is reused for requests still holding the token it replaced (they joined late); also its life in Redis. */
export const REFRESH_REUSE_MS = 60_000;
/** Refreshes kept (in flight or finished) per process; the oldest are forgotten first. */
const MAX_REFRESHES = 10_000;

/** A server's grant renewed, and the session sealed with it. */
export interface RefreshedSession {
  grant: ServerGrant;
  /** The session as the refresh found it, with the new grant. */
  content: SessionContent;
  /** `content` sealed: the one new session token for every request that held the replaced grant (on every replica, with REDIS_URL). */
  token: string;
}

/** The sealed sessions of the process: the sealer, their lifetime, and one refresh per session and server at a time. */
export interface Sessions {
  readonly sealer: SessionSealer;
  /** A new session's lifetime. */
  readonly ttlMs: number;
  /** Epoch ms: session and access token expiry. */
  now(): number;
  /**
   * Refreshes `server`'s grant in `session` with `run` (the server's refresh grant). Concurrent
   * and slightly late callers holding the same grant share one call: in the process, and with
   * REDIS_URL in the cluster (one replica refreshes, the others adopt the session token it
   * seals). A failed refresh is not kept.
   */
  refresh(session: SessionContent, server: string, run: (refreshToken: string) => Promise<TokenDto>): Promise<RefreshedSession>;
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

export interface SessionsOptions {
  sealer: SessionSealer;
  ttlMs: number;
  now?: () => number;
  /**
   * With REDIS_URL: refreshes once in the cluster, keyed by the server and a hash of the refresh
   * token replaced (never the token); the sealed session token is what Redis keeps.
   */
  cluster?: ClusterSingleFlight;
  /** CACHE_KEY_SECRET: the refresh token's hash is an HMAC under it when set. */
  secret?: string;
}

export function createSessions(options: SessionsOptions): Sessions {
  const { sealer, cluster, secret } = options;
  const now = options.now ?? Date.now;
  // Key: session, server and a hash of the refresh token replaced; holds the new grant only while it is reused.
  const refreshes = new Map<string, { refreshed: Promise<RefreshedSession>; doneAt?: number }>();

  /** Refreshes here, sealing `base` (the session as the first caller held it) with the new grant. */
  const refreshHere = async (base: SessionContent, server: string, run: () => Promise<TokenDto>): Promise<RefreshedSession> => {
    const content: SessionContent = { ...base, grants: { ...base.grants, [server]: grantOf(await run(), now()) } };
    return { grant: content.grants[server]!, content, token: sealer.seal(content) };
  };

  /** One replica refreshes; the others open the session token it stored and take the grant from it. */
  const refreshInCluster = async (flight: ClusterSingleFlight, key: string, base: SessionContent, server: string, run: () => Promise<TokenDto>) => {
    let mine: RefreshedSession | undefined;
    const token = await flight.run(key, async () => (mine = await refreshHere(base, server, run)).token);
    if (mine?.token === token) return mine;
    const content = sealer.open(token, now());
    const grant = content?.id === base.id ? content.grants[server] : undefined;
    // Not this session's (a key it does not hold wrote it): refresh here.
    if (!content || !grant) return refreshHere(base, server, run);
    return { grant, content, token };
  };

  return {
    sealer,
    ttlMs: options.ttlMs,
    now,
    refresh(session, server, run) {
      const grant = session.grants[server]!;
      const replaced = tokenHash(grant.refreshToken, secret);
      const key = `${session.id}\u0000${server}\u0000${replaced}`;
      const found = refreshes.get(key);
      if (found && (found.doneAt === undefined || now() - found.doneAt < REFRESH_REUSE_MS)) return found.refreshed;
      // Copied now: the caller goes on changing its own session as other refreshes land.
      const base: SessionContent = { ...session, grants: { ...session.grants } };
      const call = () => run(grant.refreshToken);
      const entry: { refreshed: Promise<RefreshedSession>; doneAt?: number } = {
        refreshed: (cluster ? refreshInCluster(cluster, `refresh:${server}:${replaced}`, base, server, call) : refreshHere(base, server, call)).then(
          (refreshed) => {
            entry.doneAt = now();
            return refreshed;
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
      return entry.refreshed;
    },
  };
}
