import { GraphQLError } from 'graphql';

/** Every `extensions.code` this facade answers with; the set is part of the public contract. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_BAD_RESPONSE';

declare module 'graphql' {
  interface GraphQLErrorExtensions {
    code?: ErrorCode | string;
  }
}

/** An expected failure: Yoga passes it to the caller unmasked, with its code. */
export function facadeError(code: ErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

export function badUserInput(message: string): GraphQLError {
  return facadeError('BAD_USER_INPUT', message);
}
