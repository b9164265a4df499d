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
  /** A bearer token (from the backup server or the `createToken` mutation). */
  token?: string;
  signal?: AbortSignal;
}

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
