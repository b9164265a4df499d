import { randomBytes } from 'node:crypto';
import type { TokenDto, TokenErrorDto } from './wire-v5.js';
import { DEMO_USERS, type DemoUser } from './data.js';

export type GrantResult =
  | { ok: true; token: TokenDto; antiforgeryToken: string | undefined }
  | { ok: false; error: TokenErrorDto };

/** Why a bearer was not accepted. */
export type Authentication =
  | { ok: true; user: DemoUser }
  | { ok: false; reason: 'unauthenticated' | 'antiforgery' };

export interface GrantOptions {
  /**
   * Issue a token that is accepted only with the antiforgery header (`x-xsrf-token`) naming
   * the value this grant returns (v8 sign-in without `disable_antiforgery_token=true`).
   */
  readonly antiforgery: boolean;
}

/** Access and refresh tokens of one simulator instance; a token works on every served version. */
export interface TokenStore {
  /** `POST /token` with a parsed form (or JSON) body. */
  grant(form: URLSearchParams, options?: GrantOptions): GrantResult;
  /** Issues tokens for a demo user without HTTP; throws for an unknown user. */
  issue(userName: string): TokenDto;
  /** The user behind an `Authorization: Bearer ...` header, if the token is valid and unexpired. */
  authenticate(authorization: string | undefined, antiforgeryHeader?: string): Authentication;
  /** `POST /token/logout`: revokes the access token and the refresh token issued with it. */
  revoke(authorization: string | undefined): boolean;
}

const BAD_CREDENTIALS: TokenErrorDto = {
  error: 'invalid_grant',
  error_description: 'The user name or password is incorrect.',
};
const BAD_REFRESH_TOKEN: TokenErrorDto = {
  error: 'invalid_grant',
  error_description: 'The refresh token is invalid or has expired.',
};
const BAD_GRANT_TYPE: TokenErrorDto = {
  error: 'invalid_grant',
  error_description: 'The grant type is not supported.',
};

interface AccessEntry {
  readonly user: DemoUser;
  readonly expiresAt: number;
  readonly refreshToken: string;
  readonly antiforgeryToken: string | undefined;
}

export function createTokenStore(lifetimeSeconds: number, users: readonly DemoUser[] = DEMO_USERS): TokenStore {
  // User names compare case-insensitively, as Windows accounts do.
  const findUser = (userName: string): DemoUser | undefined => {
    const wanted = userName.toLowerCase();
    return users.find((user) => user.userName.toLowerCase() === wanted);
  };
  const accessTokens = new Map<string, AccessEntry>();
  // Refresh tokens are one-use: a grant deletes the one it consumed.
  const refreshTokens = new Map<string, DemoUser>();

  const issueFor = (user: DemoUser, antiforgery: boolean): { token: TokenDto; antiforgeryToken: string | undefined } => {
    const issued = Date.now();
    const expiresAt = issued + lifetimeSeconds * 1000;
    const accessToken = opaqueToken();
    const refreshToken = opaqueToken();
    const antiforgeryToken = antiforgery ? opaqueToken() : undefined;
    accessTokens.set(accessToken, { user, expiresAt, refreshToken, antiforgeryToken });
    refreshTokens.set(refreshToken, user);
    const token: TokenDto = {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: Math.floor(lifetimeSeconds),
      refresh_token: refreshToken,
      userName: user.userName,
      '.issued': new Date(issued).toUTCString(),
      '.expires': new Date(expiresAt).toUTCString(),
    };
    return { token, antiforgeryToken };
  };

  const entryOf = (authorization: string | undefined): [string, AccessEntry] | undefined => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    const entry = token === undefined ? undefined : accessTokens.get(token);
    if (token === undefined || entry === undefined) return undefined;
    if (Date.now() >= entry.expiresAt) {
      accessTokens.delete(token);
      return undefined;
    }
    return [token, entry];
  };

  return {
    grant(form, options = { antiforgery: false }) {
      switch (form.get('grant_type')) {
        case 'password': {
          const user = findUser(form.get('username') ?? '');
          const valid = user !== undefined && user.password === form.get('password');
          return valid ? { ok: true, ...issueFor(user, options.antiforgery) } : { ok: false, error: BAD_CREDENTIALS };
        }
        case 'refresh_token': {
          const refreshToken = form.get('refresh_token') ?? '';
          const user = refreshTokens.get(refreshToken);
          if (user === undefined) return { ok: false, error: BAD_REFRESH_TOKEN };
          refreshTokens.delete(refreshToken);
          return { ok: true, ...issueFor(user, options.antiforgery) };
        }
        default:
          return { ok: false, error: BAD_GRANT_TYPE };
      }
    },
    issue(userName) {
      const user = findUser(userName);
      if (user === undefined) throw new Error(`Unknown demo user '${userName}'`);
      return issueFor(user, false).token;
    },
    authenticate(authorization, antiforgeryHeader) {
      const found = entryOf(authorization);
      if (found === undefined) return { ok: false, reason: 'unauthenticated' };
      const [, entry] = found;
      if (entry.antiforgeryToken !== undefined && entry.antiforgeryToken !== antiforgeryHeader) {
        return { ok: false, reason: 'antiforgery' };
      }
      return { ok: true, user: entry.user };
    },
    revoke(authorization) {
      const found = entryOf(authorization);
      if (found === undefined) return false;
      const [token, entry] = found;
      accessTokens.delete(token);
      refreshTokens.delete(entry.refreshToken);
      return true;
    },
  };
}

function opaqueToken(): string {
  return randomBytes(32).toString('base64url');
}
