import type { GraphQLError } from 'graphql';
import { facadeError } from '../errors.js';
import { tlsErrorCode } from './dispatcher.js';
import type { TokenErrorDto } from './types.js';

/**
 * What the facade tells its callers about an upstream answer or failure: a GraphQLError with a
 * stable `extensions.code`. Upstream messages, stack traces and error details are never passed
 * on, except a short plain sentence of a refused write.
 */

export function parseJson(text: string): unknown {
  try {
    // Tolerate a UTF-8 byte order mark, which some .NET hosts put before JSON.
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw facadeError('UPSTREAM_BAD_RESPONSE', 'The backup server sent a response that is not JSON.');
  }
}

/**
 * v7+ error bodies name an `errorCode`; those with a meaning of their own map to the facade's
 * codes, the rest go by HTTP status. Upstream messages (and v8's `stackTrace`) are never passed on.
 */
const ERROR_CODES: Readonly<Record<string, () => GraphQLError>> = {
  ResourceNotFound: () => errorFromStatus(404),
  ResourceAccessDenied: () => errorFromStatus(403),
  ParameterValidationFailure: () => errorFromStatus(400),
  OperationConflict: () => facadeError('CONFLICT', 'The backup server refused the operation in the current state (for example, the job is already running).'),
  Timeout: () => facadeError('UPSTREAM_TIMEOUT', 'The backup server timed out processing the request.'),
  ProxyOffline: () => facadeError('UPSTREAM_UNAVAILABLE', 'The backup proxy of this resource is offline.'),
};

export function errorFromResponse(status: number, text: string): GraphQLError {
  let errorCode: unknown;
  try {
    errorCode = (JSON.parse(text) as { errorCode?: unknown } | null)?.errorCode;
  } catch {
    // Not JSON: the status decides.
  }
  if (typeof errorCode === 'string' && Object.hasOwn(ERROR_CODES, errorCode)) return ERROR_CODES[errorCode]!();
  return errorFromStatus(status);
}

/** Maps an upstream status to the facade's codes; upstream messages are not passed on. */
export function errorFromStatus(status: number): GraphQLError {
  switch (status) {
    case 400:
      return facadeError('BAD_USER_INPUT', 'The backup server rejected the request as invalid.');
    case 401:
      return facadeError('UNAUTHENTICATED', 'The backup server did not accept the bearer token.');
    case 403:
      return facadeError('FORBIDDEN', 'The backup server denied access to this resource.');
    case 404:
      return facadeError('NOT_FOUND', 'The backup server has no such resource, or it is not visible to this user.');
    case 409:
      return facadeError('CONFLICT', 'The backup server refused the operation in the current state.');
    default:
      return status === 429 || status >= 500
        ? facadeError('UPSTREAM_UNAVAILABLE', `The backup server is unavailable (HTTP ${status}).`)
        : facadeError('UPSTREAM_BAD_RESPONSE', `The backup server answered with unexpected HTTP ${status}.`);
  }
}

const PLAIN_MESSAGE = /^[\p{L}\p{N} .,:;'"()\-_/]{1,200}$/u;

/**
 * A write the server refused in the resource's current state (a job already running, a stop
 * with nothing to stop): its own words are the clear answer, when they are a short plain
 * sentence; never a stack trace or anything longer.
 */
export function writeRefused(status: number, text: string): GraphQLError {
  const mapped = errorFromResponse(status, text);
  if (mapped.extensions.code !== 'BAD_USER_INPUT' && mapped.extensions.code !== 'CONFLICT') return mapped;
  let message: unknown;
  try {
    message = (JSON.parse(text) as { message?: unknown } | null)?.message;
  } catch {
    // not JSON
  }
  const said = typeof message === 'string' && PLAIN_MESSAGE.test(message) ? ` It said: "${message}"` : '';
  return facadeError('CONFLICT', `The backup server refused the operation in the job's current state.${said}`);
}

export function tokenRefused(text: string): GraphQLError {
  let description = 'The backup server refused the credentials.';
  try {
    const body = JSON.parse(text) as Partial<TokenErrorDto>;
    if (typeof body.error_description === 'string' && body.error_description.length < 300) {
      description = body.error_description;
    }
  } catch {
    // keep the generic description
  }
  return facadeError('UNAUTHENTICATED', description);
}

export function errorCode(cause: unknown): string {
  if (typeof cause === 'object' && cause !== null) {
    if ('code' in cause && typeof cause.code === 'string') return cause.code;
    if ('name' in cause && typeof cause.name === 'string') return cause.name;
  }
  return 'Error';
}

export function classifyFailure(cause: unknown, timedOut: boolean, caller: AbortSignal | undefined): GraphQLError {
  if (caller?.aborted) {
    return facadeError('UPSTREAM_UNAVAILABLE', 'The request was cancelled by the client.');
  }
  const code = errorCode(cause);
  if (timedOut || /TIMEOUT/.test(code)) {
    return facadeError('UPSTREAM_TIMEOUT', 'The backup server did not answer in time.');
  }
  if (tlsErrorCode(cause) !== undefined) {
    return facadeError('UPSTREAM_UNAVAILABLE', "The backup server's TLS certificate is not trusted (see VBM_CA_FILE).");
  }
  return facadeError('UPSTREAM_UNAVAILABLE', 'The backup server could not be reached.');
}
