import { randomBytes } from 'node:crypto';
import type { TokenDto, TokenErrorDto } from '../upstream/types.js';
import { DEMO_USERS, type DemoUser } from './data.js';

export type GrantResult = { ok: true; token: TokenDto } | { ok: false; error: TokenErrorDto };

/** Access and refresh tokens of one simulator instance. */
export interface TokenStore {
  /** `POST /token` with a parsed form body. */
  grant(form: URLSearchParams): GrantResult;
  /** Issues tokens for a demo user without HTTP; throws for an unknown user. */
  issue(userName: string): TokenDto;
  /** The user behind an `Authorization: Bearer ...` header, if the token is valid and unexpired. */
  authenticate(authorization: string | undefined): DemoUser | undefined;
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

export function createTokenStore(lifetimeSeconds: number): TokenStore {
  const accessTokens = new Map<string, { user: DemoUser; expiresAt: number }>();
  // Refresh tokens are one-use: a grant deletes the one it consumed.
  const refreshTokens = new Map<string, DemoUser>();

  const issueFor = (user: DemoUser): TokenDto => {
    const issued = Date.now();
    const expiresAt = issued + lifetimeSeconds * 1000;
    const accessToken = opaqueToken();
    const refreshToken = opaqueToken();
    accessTokens.set(accessToken, { user, expiresAt });
    refreshTokens.set(refreshToken, user);
    return {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: Math.floor(lifetimeSeconds),
      refresh_token: refreshToken,
      userName: user.userName,
      '.issued': new Date(issued).toUTCString(),
      '.expires': new Date(expiresAt).toUTCString(),
    };
  };

  return {
    grant(form) {
      switch (form.get('grant_type')) {
        case 'password': {
          const user = findUser(form.get('username') ?? '');
          const valid = user !== undefined && user.password === form.get('password');
          return valid ? { ok: true, token: issueFor(user) } : { ok: false, error: BAD_CREDENTIALS };
        }
        case 'refresh_token': {
          const refreshToken = form.get('refresh_token') ?? '';
          const user = refreshTokens.get(refreshToken);
          if (user === undefined) return { ok: false, error: BAD_REFRESH_TOKEN };
          refreshTokens.delete(refreshToken);
          return { ok: true, token: issueFor(user) };
        }
        default:
          return { ok: false, error: BAD_GRANT_TYPE };
      }
    },
    issue(userName) {
      const user = findUser(userName);
      if (user === undefined) throw new Error(`Unknown demo user '${userName}'`);
      return issueFor(user);
    },
    authenticate(authorization) {
      const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
      if (token === undefined) return undefined;
      const entry = accessTokens.get(token);
      if (entry === undefined) return undefined;
      if (Date.now() >= entry.expiresAt) {
        accessTokens.delete(token);
        return undefined;
      }
      return entry.user;
    },
  };
}

/** User names compare case-insensitively, as Windows accounts do. */
function findUser(userName: string): DemoUser | undefined {
  const wanted = userName.toLowerCase();
  return DEMO_USERS.find((user) => user.userName.toLowerCase() === wanted);
}

function opaqueToken(): string {
  return randomBytes(32).toString('base64url');
}
