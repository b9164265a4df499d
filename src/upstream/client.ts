import { Agent, request, type Dispatcher } from 'undici';
import type { GraphQLError } from 'graphql';
import { facadeError } from '../errors.js';
import type { Decoder } from './decode.js';
import type { ResourcePath } from './routes.js';
import type { TokenDto, TokenErrorDto } from './types.js';

/** How the facade reaches the backup server; shared by all requests, holds no token. */
export interface UpstreamSettings {
  /** Versioned base URL, e.g. `https://vbm01.invalid:4443/v5`. */
  baseUrl: URL;
  /** Per upstream request, from sending to the last body byte. */
  timeoutMs: number;
  /** PEM bundle trusted for the upstream's TLS, in addition to nothing else when set. */
  ca?: string;
  /** Skip TLS verification (development only). */
  tlsInsecure: boolean;
  /** Most sockets open to the upstream at once; further requests queue in the facade. */
  maxConnections: number;
}

/** One upstream exchange, reported after it ends (for logs, metrics, and tests). */
export interface UpstreamEvent {
  method: string;
  template: string;
  status: number | undefined;
  durationMs: number;
  error?: string;
}

/** The keep-alive connection pool to the upstream. */
export function createUpstreamDispatcher(settings: UpstreamSettings): Dispatcher {
  return new Agent({
    connections: settings.maxConnections,
    keepAliveTimeout: 10_000,
    connect: {
      ...(settings.ca ? { ca: settings.ca } : {}),
      rejectUnauthorized: !settings.tlsInsecure,
    },
  });
}

export interface UpstreamClientOptions {
  settings: UpstreamSettings;
  dispatcher: Dispatcher;
  /** The caller's bearer token, forwarded verbatim; undefined means every call is refused. */
  token: string | undefined;
  /** Aborts when the GraphQL request is abandoned. */
  signal?: AbortSignal;
  requestId?: string;
  onEvent?: (event: UpstreamEvent) => void;
}

/** The only code that speaks HTTP to the REST API. */
export interface UpstreamClient {
  /** GET a canonical resource path (plus query) with the caller's token and decode the JSON. */
  get<T>(resource: ResourcePath, decode: Decoder<T>, query?: Record<string, number>): Promise<T>;
  /** `POST /token` with a form body; needs no bearer token. */
  token(form: Record<string, string>): Promise<TokenDto>;
}

/** A client bound to one caller's token; built once per GraphQL request. */
export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
  const { settings, dispatcher, token, signal, requestId, onEvent } = options;
  const base = settings.baseUrl.href.replace(/\/+$/, '');

  async function exchange(
    method: 'GET' | 'POST',
    pathAndQuery: string,
    template: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<{ status: number; text: string }> {
    const timeout = AbortSignal.timeout(settings.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const started = performance.now();
    let status: number | undefined;
    try {
      const response = await request(base + pathAndQuery, {
        dispatcher,
        method,
        headers: requestId ? { ...headers, 'x-request-id': requestId } : headers,
        body,
        signal: combined,
      });
      status = response.statusCode;
      const text = await response.body.text();
      onEvent?.({ method, template, status, durationMs: performance.now() - started });
      return { status, text };
    } catch (cause) {
      const error = classifyFailure(cause, timeout, signal);
      onEvent?.({ method, template, status, durationMs: performance.now() - started, error: String(error.extensions.code ?? 'ABORTED') });
      throw error;
    }
  }

  return {
    async get(resource, decode, query) {
      if (token === undefined) {
        throw facadeError('UNAUTHENTICATED', 'Send "Authorization: Bearer <token>" to read backup data.');
      }
      const search = query ? `?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}` : '';
      const { status, text } = await exchange('GET', resource.path + search, resource.template, {
        accept: 'application/json',
        authorization: `Bearer ${token}`,
      });
      if (status !== 200) throw errorFromStatus(status);
      return decode(parseJson(text));
    },

    async token(form) {
      const { status, text } = await exchange('POST', '/token', '/token', {
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
      }, new URLSearchParams(form).toString());
      if (status === 400 || status === 401) throw tokenRefused(text);
      if (status !== 200) throw errorFromStatus(status);
      const dto = parseJson(text) as Partial<TokenDto> | null;
      if (typeof dto?.access_token !== 'string') {
        throw facadeError('UPSTREAM_BAD_RESPONSE', 'The backup server sent a malformed token response.');
      }
      return dto as TokenDto;
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw facadeError('UPSTREAM_BAD_RESPONSE', 'The backup server sent a response that is not JSON.');
  }
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
    default:
      return status === 429 || status >= 500
        ? facadeError('UPSTREAM_UNAVAILABLE', `The backup server is unavailable (HTTP ${status}).`)
        : facadeError('UPSTREAM_BAD_RESPONSE', `The backup server answered with unexpected HTTP ${status}.`);
  }
}

function tokenRefused(text: string): GraphQLError {
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

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|SSL/;

function classifyFailure(cause: unknown, timeout: AbortSignal, caller: AbortSignal | undefined): GraphQLError {
  if (caller?.aborted) {
    return facadeError('UPSTREAM_UNAVAILABLE', 'The request was cancelled by the client.');
  }
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  if (timeout.aborted || /TIMEOUT/.test(code)) {
    return facadeError('UPSTREAM_TIMEOUT', 'The backup server did not answer in time.');
  }
  if (TLS_CODES.test(code)) {
    return facadeError('UPSTREAM_UNAVAILABLE', 'The backup server\'s TLS certificate is not trusted (see VBM_CA_FILE).');
  }
  return facadeError('UPSTREAM_UNAVAILABLE', 'The backup server could not be reached.');
}
