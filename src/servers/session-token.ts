import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** One server's credentials inside a session: they never leave the facade. */
export interface ServerGrant {
  accessToken: string;
  refreshToken: string;
  /** When the access token expires (epoch ms); past it the facade refreshes it first. */
  accessExpiresAt: number;
  userName: string | null;
}

/** What a session token carries, sealed: nothing of it is stored on the facade. */
export interface SessionContent {
  /** A random id: the key of the single refresh per session and server in a process. */
  id: string;
  /** When the session ends (epoch ms), whatever its upstream tokens. */
  expiresAt: number;
  /** The servers signed in to, by name. */
  grants: Record<string, ServerGrant>;
}

/** What marks a bearer credential as a session token of this facade (an upstream token never starts so). */
export const SESSION_TOKEN_PREFIX = 'vbms1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Bound to the format: a sealed value of another purpose under the same key does not open.
const AAD = Buffer.from('vbm365-graphql session v1');

export interface SessionSealer {
  seal(content: SessionContent): string;
  /**
   * The content of a token sealed under the key or the previous one, or undefined when it is
   * not one (altered, another key, malformed) or has expired at `now`.
   */
  open(token: string, now: number): SessionContent | undefined;
}

/** AES-256-GCM under `key`; `previous` still opens tokens sealed before a key rotation. */
export function createSessionSealer(key: Buffer, previous?: Buffer): SessionSealer {
  if (key.length !== 32 || (previous && previous.length !== 32)) throw new RangeError('session keys are 32 bytes');
  const keys = previous ? [key, previous] : [key];
  return {
    seal(content) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(AAD);
      const sealed = Buffer.concat([cipher.update(JSON.stringify(content), 'utf8'), cipher.final()]);
      return SESSION_TOKEN_PREFIX + Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url');
    },
    open(token, now) {
      if (!token.startsWith(SESSION_TOKEN_PREFIX)) return undefined;
      const body = token.slice(SESSION_TOKEN_PREFIX.length);
      if (!/^[A-Za-z0-9_-]+$/.test(body)) return undefined;
      const raw = Buffer.from(body, 'base64url');
      // base64url has several spellings of the same bytes: only the canonical one opens.
      if (raw.length < IV_BYTES + TAG_BYTES + 2 || raw.toString('base64url') !== body) return undefined;
      const iv = raw.subarray(0, IV_BYTES);
      const tag = raw.subarray(raw.length - TAG_BYTES);
      const sealed = raw.subarray(IV_BYTES, raw.length - TAG_BYTES);
      for (const candidate of keys) {
        let text: string;
        try {
          const decipher = createDecipheriv('aes-256-gcm', candidate, iv);
          decipher.setAAD(AAD);
          decipher.setAuthTag(tag);
          text = Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
        } catch {
          continue;
        }
        const content = parseContent(text);
        return content && content.expiresAt > now ? content : undefined;
      }
      return undefined;
    },
  };
}

/** The sealed JSON, checked field by field (it was written by a facade, but of which version?). */
function parseContent(text: string): SessionContent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { id, expiresAt, grants } = value as Record<string, unknown>;
  if (typeof id !== 'string' || typeof expiresAt !== 'number' || typeof grants !== 'object' || grants === null) return undefined;
  const checked: Record<string, ServerGrant> = {};
  for (const [name, grant] of Object.entries(grants)) {
    const g = grant as Record<string, unknown>;
    if (typeof g !== 'object' || g === null) return undefined;
    if (typeof g['accessToken'] !== 'string' || typeof g['refreshToken'] !== 'string' || typeof g['accessExpiresAt'] !== 'number') return undefined;
    const userName = g['userName'];
    if (userName !== null && typeof userName !== 'string') return undefined;
    checked[name] = { accessToken: g['accessToken'], refreshToken: g['refreshToken'], accessExpiresAt: g['accessExpiresAt'], userName };
  }
  return { id, expiresAt, grants: checked };
}

/** A fresh random session id. */
export function newSessionId(): string {
  return randomBytes(16).toString('base64url');
}

/** Whether two contents are one session with the same expiry and the same grants (so one sealed token serves both). */
export function sameContent(a: SessionContent, b: SessionContent): boolean {
  if (a.id !== b.id || a.expiresAt !== b.expiresAt) return false;
  const names = Object.keys(a.grants);
  if (names.length !== Object.keys(b.grants).length) return false;
  return names.every((name) => {
    const x = a.grants[name]!;
    const y = b.grants[name];
    return y !== undefined && x.accessToken === y.accessToken && x.refreshToken === y.refreshToken && x.accessExpiresAt === y.accessExpiresAt && x.userName === y.userName;
  });
}
