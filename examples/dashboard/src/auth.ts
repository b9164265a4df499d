/**
 * Sign-in state, in memory only: the tokens live in this object and nowhere else (not in
 * localStorage, sessionStorage or a cookie), so a reload signs out. The access token is
 * refreshed shortly before `expiresAt`.
 */
import type { Client } from '@urql/core';
import { problemsOf, type Problem } from './errors.js';
import { Refresh, SignIn, SignOut } from './queries.js';

export interface SignedIn {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** As the server wrote it (ISO 8601 with offset). */
  readonly expiresAt: string;
  readonly userName: string;
}

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
  readonly token: () => string | undefined;
  /** Resolves with the problems (empty on success). */
  readonly signIn: (username: string, password: string) => Promise<Problem[]>;
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
      timer = setTimeout(() => void refresh(), refreshDelay(next.expiresAt));
    }
    notify();
  };

  const refresh = async (): Promise<void> => {
    const before = state;
    if (before === undefined) return;
    const result = await client().mutation(Refresh, { refreshToken: before.refreshToken }).toPromise();
    if (state !== before) return; // signed out (or in again) meanwhile
    const token = result.data?.refreshToken;
    if (token) {
      set({ ...token, userName: token.userName ?? before.userName });
    } else {
      ended = problemsOf(result.error)[0] ?? { code: 'UNAUTHENTICATED', message: 'Your sign-in could not be renewed.' };
      set(undefined);
    }
  };

  return {
    current: () => state,
    token: () => state?.accessToken,
    async signIn(username, password) {
      const result = await client().mutation(SignIn, { username, password }).toPromise();
      const token = result.data?.createToken;
      if (!token) return problemsOf(result.error);
      set({ ...token, userName: token.userName ?? username });
      return [];
    },
    async signOut() {
      if (state === undefined) return [];
      const result = await client().mutation(SignOut, {}).toPromise();
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
