import { GraphQLError } from 'graphql';

/** Every `extensions.code` this facade answers with; the set is part of the public contract. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_BAD_RESPONSE'
  /** Refused before execution: the query's list sizes alone need more upstream requests than allowed. */
  | 'QUERY_TOO_EXPENSIVE'
  /** Stopped during execution: the operation spent its upstream request budget. */
  | 'UPSTREAM_BUDGET_EXHAUSTED'
  /** The API version the backup server speaks cannot do this (a filter, sign-out, a full start). */
  | 'NOT_SUPPORTED_BY_SERVER'
  /** The backup server refused a write in the resource's current state (e.g. the job is already running). */
  | 'CONFLICT'
  /** Too many open subscriptions (per token or for the server), or a subscriber that stopped reading. */
  | 'SUBSCRIPTION_LIMIT'
  /** Limits of graphql-armor, checked before execution. */
  | 'QUERY_TOO_DEEP'
  | 'TOO_MANY_ALIASES'
  | 'QUERY_TOO_LARGE'
  | 'TOO_MANY_DIRECTIVES'
  /** Shed before reaching the backup server: the facade's upstream queue (or this caller's share of it) is full. */
  | 'UPSTREAM_OVERLOADED'
  /** Refused before reaching the backup server: too many failed sign-ins from this client address (for this user, or in all). */
  | 'RATE_LIMITED'
  /** HTTP-level refusals before GraphQL runs: a body over MAX_BODY_BYTES (413), a POST that is not JSON (415). */
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE';

declare module 'graphql' {
  interface GraphQLErrorExtensions {
    code?: ErrorCode;
  }
}

/** An expected failure: Yoga passes it to the caller unmasked, with its code. */
export function facadeError(code: ErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

export function badUserInput(message: string): GraphQLError {
  return facadeError('BAD_USER_INPUT', message);
}
