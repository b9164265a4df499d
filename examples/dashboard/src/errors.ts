/**
 * A human sentence for every `extensions.code` the facade answers with (see docs/errors.md),
 * for a transport failure, and a fallback for codes this page does not know.
 */
import type { CombinedError } from '@urql/core';

/** Codes the facade documents, plus the request limits and live-operation codes. */
export type KnownCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_BAD_RESPONSE'
  | 'UPSTREAM_OVERLOADED'
  | 'RATE_LIMITED'
  | 'QUERY_TOO_EXPENSIVE'
  | 'UPSTREAM_BUDGET_EXHAUSTED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'QUERY_TOO_DEEP'
  | 'TOO_MANY_ALIASES'
  | 'QUERY_TOO_LARGE'
  | 'TOO_MANY_DIRECTIVES'
  | 'NOT_SUPPORTED_BY_SERVER'
  | 'CONFLICT'
  | 'SUBSCRIPTION_LIMIT'
  | 'INTERNAL_SERVER_ERROR'
  | 'NETWORK_ERROR';

export const MESSAGES: Readonly<Record<KnownCode, string>> = {
  UNAUTHENTICATED: 'You are not signed in, or your sign-in has expired. Please sign in again.',
  FORBIDDEN: 'You are not allowed to do this: the backup server refused it for your user.',
  NOT_FOUND: 'Not found: it does not exist, or your user may not see it.',
  BAD_USER_INPUT: 'The request was not valid (an id, a date or a page size).',
  UPSTREAM_TIMEOUT: 'The backup server took too long to answer. Try again in a moment.',
  UPSTREAM_UNAVAILABLE: 'The backup server is not answering.',
  UPSTREAM_BAD_RESPONSE: 'The backup server sent an answer the facade could not read.',
  UPSTREAM_OVERLOADED: 'The backup server is busy. Try again in a moment.',
  RATE_LIMITED: 'Too many sign-ins for this user in a short time. Wait a minute, then sign in again.',
  QUERY_TOO_EXPENSIVE: 'This view would ask the backup server too much at once. Ask for fewer items.',
  UPSTREAM_BUDGET_EXHAUSTED: 'This view needed more requests to the backup server than one query may make; part of it is missing.',
  PAYLOAD_TOO_LARGE: 'The request is larger than the facade accepts.',
  UNSUPPORTED_MEDIA_TYPE: 'The facade accepts GraphQL requests as JSON only.',
  QUERY_TOO_DEEP: 'The query is nested deeper than the facade allows.',
  TOO_MANY_ALIASES: 'The query uses more aliases than the facade allows.',
  QUERY_TOO_LARGE: 'The query is longer than the facade allows.',
  TOO_MANY_DIRECTIVES: 'The query uses more directives than the facade allows.',
  NOT_SUPPORTED_BY_SERVER: "The backup server's API version cannot do this.",
  CONFLICT: 'The backup server refused: the job is busy (already running, or already in that state).',
  SUBSCRIPTION_LIMIT: 'Too many live views are open. Close some and try again.',
  INTERNAL_SERVER_ERROR: 'The facade hit an unexpected error.',
  NETWORK_ERROR: 'The dashboard cannot reach the GraphQL facade.',
};

const FALLBACK = 'Something went wrong.';

function isKnown(code: string): code is KnownCode {
  return Object.hasOwn(MESSAGES, code);
}

/** The sentence for `code`; unknown codes get the fallback. */
export function humanMessage(code: string): string {
  return isKnown(code) ? MESSAGES[code] : FALLBACK;
}

/** One problem to show: its code and the sentence for it. */
export interface Problem {
  readonly code: string;
  readonly message: string;
  /** Where in the answer it happened (`job.organization`), when the server said. */
  readonly path?: string;
}

/** The distinct problems in an urql error, in the order they came. */
export function problemsOf(error: CombinedError | undefined): Problem[] {
  if (error === undefined) return [];
  const problems: Problem[] = [];
  if (error.networkError !== undefined) problems.push({ code: 'NETWORK_ERROR', message: humanMessage('NETWORK_ERROR') });
  for (const graphQLError of error.graphQLErrors) {
    const raw = graphQLError.extensions['code'];
    const code = typeof raw === 'string' ? raw : 'UNKNOWN';
    const path = graphQLError.path?.join('.');
    if (problems.some((p) => p.code === code)) continue;
    problems.push({ code, message: humanMessage(code), ...(path ? { path } : {}) });
  }
  return problems;
}

/** True when the error says the token is no longer good. */
export function isUnauthenticated(error: CombinedError | undefined): boolean {
  return problemsOf(error).some((p) => p.code === 'UNAUTHENTICATED');
}
