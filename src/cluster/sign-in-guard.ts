import { createHash } from 'node:crypto';
import { facadeError } from '../errors.js';
import type { UpstreamClient } from '../upstream/client.js';
import type { SignInLimiter } from './sign-in-limiter.js';

/** Whom a `/token` form counts against: the user name (any case), or the refresh token (hashed). */
function signInCaller(form: Record<string, string>): string {
  if (form['grant_type'] === 'refresh_token') {
    return `refresh:${createHash('sha256').update(form['refresh_token'] ?? '').digest('base64url')}`;
  }
  return `user:${(form['username'] ?? '').toLowerCase()}`;
}

/**
 * The client with the sign-in throttle in front of `token()`: over the allowance the caller gets
 * RATE_LIMITED and the backup server sees nothing (it throttles `/token` itself, for everyone).
 */
export function guardSignIn(client: UpstreamClient, limiter: SignInLimiter): UpstreamClient {
  const guarded = Object.create(client) as UpstreamClient;
  const token: UpstreamClient['token'] = async (form) => {
    const decision = await limiter.take(signInCaller(form));
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      const error = facadeError('RATE_LIMITED', `Too many sign-ins for this user; try again in ${seconds} s.`);
      error.extensions.retryAfterSeconds = seconds;
      throw error;
    }
    return client.token(form);
  };
  Object.defineProperty(guarded, 'token', { value: token, enumerable: true });
  return guarded;
}
