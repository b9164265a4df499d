import { GraphQLError } from 'graphql';
import { facadeError } from '../errors.js';
import { tokenHash } from '../token-hash.js';
import type { UpstreamClient } from '../upstream/client.js';
import type { SignInLimiter } from './sign-in-limiter.js';

/** Whom a `/token` form is for: the user name (any case), or the refresh token (hashed). */
function signInCaller(form: Record<string, string>): string {
  if (form['grant_type'] === 'refresh_token') {
    return `refresh:${tokenHash(form['refresh_token'] ?? '')}`;
  }
  return `user:${(form['username'] ?? '').toLowerCase()}`;
}

/** The backup server refused the credentials (not: could not be reached, or answered oddly). */
function refusedCredentials(error: unknown): boolean {
  return error instanceof GraphQLError && error.extensions.code === 'UNAUTHENTICATED';
}

/**
 * The client with the sign-in limits in front of `token()`, for a request from `address`: over
 * them the caller gets RATE_LIMITED and the backup server sees nothing. Only attempts the server
 * refuses stay counted as failures.
 */
export function guardSignIn(client: UpstreamClient, limiter: SignInLimiter, address: string): UpstreamClient {
  const token: UpstreamClient['token'] = async (form) => {
    const decision = await limiter.take({ address, caller: signInCaller(form) });
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      const whom = decision.scope === 'address' ? 'from this address' : 'for this user from this address';
      const error = facadeError('RATE_LIMITED', `Too many sign-ins ${whom}; try again in ${seconds} s.`);
      error.extensions.retryAfterSeconds = seconds;
      throw error;
    }
    try {
      const issued = await client.token(form);
      await decision.settle(false);
      return issued;
    } catch (error) {
      await decision.settle(refusedCredentials(error));
      throw error;
    }
  };
  // A plain object of the same shape: reads and writes go to the client as they are.
  return {
    get: (resource, decode, query) => client.get(resource, decode, query),
    post: (write, decode) => client.post(write, decode),
    token,
    get calls() {
      return client.calls;
    },
  };
}
