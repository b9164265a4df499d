/**
 * A tiny typed GraphQL client over `fetch`: the document's `TypedDocumentNode` types fix the
 * variables and the result.
 *
 * ```ts
 * const data = await execute(SessionLogQuery, { id, first: 50 }, { endpoint, token });
 * data.jobSession?.logItems.edges[0]?.node.usn; // number
 * ```
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { getOperationAST, print, type GraphQLFormattedError } from 'graphql';

export interface ExecuteOptions {
  /** The facade's GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  endpoint: string;
  /** A bearer token: a session token (`createSession`), or a backup server token (`createToken`, one server). */
  token?: string;
  /**
   * Called with the renewed session token when the facade answers one in `x-session-token`
   * (it renewed a server's token of the session); send that token from then on.
   */
  onSessionToken?: (token: string) => void;
  signal?: AbortSignal;
}

/** The response header the facade answers a renewed session token in. */
export const SESSION_TOKEN_HEADER = 'x-session-token';

/** The request failed (HTTP or transport) or the response carried GraphQL errors. */
export class GraphQLClientError extends Error {
  /** HTTP status of the response. */
  readonly status: number;
  /** The response's `errors`, if any. */
  readonly errors: readonly GraphQLFormattedError[];
  /** Partial `data` that came with the errors, if any. */
  readonly data: unknown;

  constructor(message: string, status: number, errors: readonly GraphQLFormattedError[] = [], data: unknown = undefined) {
    super(message);
    this.name = 'GraphQLClientError';
    this.status = status;
    this.errors = errors;
    this.data = data;
  }
}

interface ResponseBody {
  data?: unknown;
  errors?: readonly GraphQLFormattedError[];
}

function isResponseBody(value: unknown): value is ResponseBody {
  return typeof value === 'object' && value !== null && ('data' in value || 'errors' in value);
}

/** The printed documents, per document object (documents are module constants). */
const printed = new WeakMap<object, string>();

/**
 * Runs `document` with `variables` against `options.endpoint` (POST, GraphQL over HTTP) and
 * resolves with its typed `data`. Rejects with {@link GraphQLClientError} when the response
 * has any errors or no data.
 */
export async function execute<TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  options: ExecuteOptions,
): Promise<TResult> {
  let query = printed.get(document);
  if (query === undefined) {
    query = print(document);
    printed.set(document, query);
  }
  const operationName = getOperationAST(document)?.name?.value;

  const response = await fetch(options.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json;q=0.9',
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
    },
    body: JSON.stringify({ query, variables, operationName }),
    signal: options.signal,
  });

  const renewed = response.headers.get(SESSION_TOKEN_HEADER);
  if (renewed) options.onSessionToken?.(renewed);
  const contentType = response.headers.get('content-type') ?? '';
  if (!/^application\/(graphql-response\+)?json\b/.test(contentType)) {
    throw new GraphQLClientError(`HTTP ${response.status}: expected a GraphQL response, got ${contentType || 'no content type'}`, response.status);
  }
  const body: unknown = await response.json();
  if (!isResponseBody(body)) {
    throw new GraphQLClientError(`HTTP ${response.status}: the response is not a GraphQL response`, response.status);
  }
  const errors = body.errors ?? [];
  if (errors.length > 0 || body.data === undefined || body.data === null) {
    const first = errors[0]?.message ?? 'no data';
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    throw new GraphQLClientError(`${first}${more}`, response.status, errors, body.data);
  }
  // The server executed exactly this typed document; its data has the document's shape.
  return body.data as TResult;
}

/** The credentials of one named server, as `createSession` takes them. */
export interface ServerCredentials {
  server: string;
  username: string;
  password: string;
}

/**
 * A session over several servers: `run` sends the current session token and keeps the one the
 * facade renews in `x-session-token`, so a long-running caller never holds a stale token.
 *
 * ```ts
 * const session = createSessionClient(endpoint);
 * const signIn = await session.signIn(CreateSessionMutation, [{ server: 'eu1', username, password }, ...]);
 * const data = await session.run(CrossServerQuery, { since });
 * ```
 */
export function createSessionClient(endpoint: string) {
  let token: string | undefined;
  const options = (signal?: AbortSignal): ExecuteOptions => ({
    endpoint,
    ...(token === undefined ? {} : { token }),
    onSessionToken: (renewed) => (token = renewed),
    ...(signal ? { signal } : {}),
  });
  return {
    /** Signs in with `document` (a `createSession` mutation); the session holds the servers that accepted. */
    async signIn<TResult extends { createSession: { token: string } }>(
      document: TypedDocumentNode<TResult, { credentials: ServerCredentials[] }>,
      credentials: ServerCredentials[],
      signal?: AbortSignal,
    ): Promise<TResult['createSession']> {
      const data = await execute(document, { credentials }, options(signal));
      token = data.createSession.token;
      return data.createSession;
    },
    run<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, variables: TVariables, signal?: AbortSignal): Promise<TResult> {
      return execute(document, variables, options(signal));
    },
    /** The session token now (after any renewal). */
    token: (): string | undefined => token,
  };
}
