/**
 * Sign-in state, in memory only: the tokens live in this object and nowhere else (not in
 * localStorage, sessionStorage or a cookie), so a reload signs out. A plain access token is
 * refreshed shortly before `expiresAt`; a session token is replaced by the one the facade sends
 * in `x-session-token` whenever it renews a server's token.
 */
import type { Client } from '@urql/core';
import { problemsOf, type Problem } from './errors.js';
import { CreateSession, Refresh, SignIn, SignOut, SignOutSession } from './queries.js';

/** One server's sign-in within a session, as `createSession` answered it. */
export interface ServerSignIn {
  readonly server: string;
  readonly ok: boolean;
  readonly error: string | null;
  readonly userName: string | null;
  readonly expiresAt: string | null;
}

/** A user name and password for one named backup server. */
export interface ServerCredentials {
  readonly server: string;
  readonly username: string;
  readonly password: string;
}

/**
 * Signed in with a backup server token (`createToken`, one server) or with a facade session
 * over several servers (`createSession`), whose token the facade renews in the `x-session-token`
 * response header.
 */
export type SignedIn =
  | {
      readonly kind: 'token';
      readonly accessToken: string;
      readonly refreshToken: string;
      /** As the server wrote it (ISO 8601 with offset). */
      readonly expiresAt: string;
      readonly userName: string;
    }
  | {
      readonly kind: 'session';
      readonly sessionToken: string;
      /** The session's own end (SESSION_TTL_MS after sign-in). */
      readonly expiresAt: string;
      readonly userName: string;
      /** Every server asked for, in the order the facade answered. */
      readonly servers: readonly ServerSignIn[];
    };

/** Refresh this long before expiry (or at half the lifetime of a shorter-lived token). */
const REFRESH_MARGIN_MS = 60_000;
const MAX_TIMER_MS = 2_147_483_647;

/** When to refresh a token that expires at `expiresAt`, as a delay from `now`. */
export function refreshDelay(expiresAt: string, now = Date.now()): number {
  const remaining = Date.parse(expiresAt) - now;
  if (!Number.isFinite(remaining) || remaining <= 0) return 0;
  const delay = remaining > 2 * REFRESH_MARGIN_MS ? remaining - REFRESH_MARGIN_MS : remaining / 2;
  return Math.min(Math.floor(delay), MAX_TIMER_MS);
}

export interface Auth {
  readonly current: () => SignedIn | undefined;
  /** The bearer token to send: the access token or the session token. */
  readonly token: () => string | undefined;
  /** Resolves with the problems (empty on success). */
  readonly signIn: (username: string, password: string) => Promise<Problem[]>;
  /**
   * Signs in to each named server at once (`createSession`); resolves with each server's
   * result and the request's problems. Signed in when at least one server accepted.
   */
  readonly signInToServers: (credentials: readonly ServerCredentials[]) => Promise<{ servers: readonly ServerSignIn[]; problems: Problem[] }>;
  /** The facade renewed the session: later requests send `token` (ignored when signed out or not a session). */
  readonly replaceSessionToken: (token: string) => void;
  /** Forgets the tokens; resolves with what the server said about revoking it. */
  readonly signOut: () => Promise<Problem[]>;
  /** Forgets the tokens without asking the server (the server refused them). */
  readonly drop: (reason: Problem | undefined) => void;
  readonly subscribe: (listener: () => void) => () => void;
  /** Why the last sign-in ended, if it was not the user's choice. */
  readonly endedBecause: () => Problem | undefined;
}

/** Creates the sign-in state; `client` is the GraphQL client that sends its mutations. */
export function createAuth(client: () => Client): Auth {
  let state: SignedIn | undefined;
  let ended: Problem | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };

  const set = (next: SignedIn | undefined) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    state = next;
    if (next !== undefined) {
      ended = undefined;
      // A session's upstream tokens are renewed by the facade; only a plain token needs a timer.
      if (next.kind === 'token') timer = setTimeout(() => void refresh(), refreshDelay(next.expiresAt));
    }
    notify();
  };

  const refresh = async (): Promise<void> => {
    const before = state;
    if (before?.kind !== 'token') return;
    const result = await client().mutation(Refresh, { refreshToken: before.refreshToken }).toPromise();
    if (state !== before) return; // signed out (or in again) meanwhile
    const token = result.data?.refreshToken;
    if (token) {
      set({ kind: 'token', ...token, userName: token.userName ?? before.userName });
    } else {
      ended = problemsOf(result.error)[0] ?? { code: 'UNAUTHENTICATED', message: 'Your sign-in could not be renewed.' };
      set(undefined);
    }
  };

  return {
    current: () => state,
    token: () => (state?.kind === 'session' ? state.sessionToken : state?.accessToken),
    async signIn(username, password) {
      const result = await client().mutation(SignIn, { username, password }).toPromise();
      const token = result.data?.createToken;
      if (!token) return problemsOf(result.error);
      set({ kind: 'token', ...token, userName: token.userName ?? username });
      return [];
    },
    async signInToServers(credentials) {
      const result = await client()
        .mutation(CreateSession, { credentials: credentials.map(({ server, username, password }) => ({ server, username, password })) })
        .toPromise();
      const session = result.data?.createSession;
      if (!session) return { servers: [], problems: problemsOf(result.error) };
      const accepted = session.servers.filter((s) => s.ok);
      if (accepted.length > 0) {
        const names = [...new Set(accepted.map((s, i) => s.userName ?? credentials.find((c) => c.server === s.server)?.username ?? `user ${i + 1}`))];
        set({ kind: 'session', sessionToken: session.token, expiresAt: session.expiresAt, userName: names.join(', '), servers: session.servers });
      }
      return { servers: session.servers, problems: problemsOf(result.error) };
    },
    replaceSessionToken(token) {
      if (state?.kind !== 'session' || state.sessionToken === token) return;
      // Same session, renewed upstream tokens: nothing on screen changes, so no one is notified.
      state = { ...state, sessionToken: token };
    },
    async signOut() {
      if (state === undefined) return [];
      const result = await client().mutation(state.kind === 'session' ? SignOutSession : SignOut, {}).toPromise();
      set(undefined);
      return problemsOf(result.error);
    },
    drop(reason) {
      ended = reason;
      set(undefined);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    endedBecause: () => ended,
  };
}
