import { Agent, request, type Dispatcher } from 'undici';
import type { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { facadeError } from '../errors.js';
import type { Decoder } from './decode.js';
import {
  CircuitBreaker,
  createDeadline,
  parseRetryAfter,
  RETRY_STATUSES,
  retryDelay,
  sleep,
  type BreakerState,
  type Deadline,
  type RetryPolicy,
} from './resilience.js';
import type { ResourcePath } from './routes.js';
import type { TokenDto, TokenErrorDto } from './types.js';

/** How the facade reaches the backup server; shared by all requests, holds no token. */
export interface UpstreamSettings {
  /** Versioned base URL, e.g. `https://vbm01.invalid:4443/v5`. */
  baseUrl: URL;
  /** Deadline of one upstream call, retries included. */
  timeoutMs: number;
  /** PEM bundle trusted for the upstream's TLS (instead of the public CAs) when set. */
  ca?: string;
  /** Skip TLS verification (development only). */
  tlsInsecure: boolean;
  /** Most sockets open to the upstream at once; further requests queue in the facade. */
  maxConnections: number;
  retry?: Partial<RetryPolicy>;
  breaker?: { threshold: number; cooldownMs: number };
}

/** One upstream attempt, reported after it ends (for logs, metrics, and tests). */
export interface UpstreamEvent {
  method: string;
  template: string;
  status: number | undefined;
  durationMs: number;
  attempt: number;
  error?: string;
}

/** Process-wide upstream machinery: connection pool, breaker, logger. Holds no token or data. */
export interface Upstream {
  /** Anonymous reachability probe: any HTTP answer below 500 (401 included) means reachable. */
  probe(timeoutMs: number): Promise<{ reachable: boolean; status?: number }>;
  settings: UpstreamSettings;
  dispatcher: Dispatcher;
  breaker: CircuitBreaker;
  retry: RetryPolicy;
  logger?: Logger;
  onEvent?: (event: UpstreamEvent) => void;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 2_000 };

/** Builds the keep-alive pool and the breaker once per process. */
export function createUpstream(
  settings: UpstreamSettings,
  options: { logger?: Logger; onEvent?: (event: UpstreamEvent) => void; onBreakerChange?: (state: BreakerState) => void } = {},
): Upstream {
  const dispatcher = new Agent({
    connections: settings.maxConnections,
    keepAliveTimeout: 10_000,
    connect: {
      ...(settings.ca ? { ca: settings.ca } : {}),
      rejectUnauthorized: !settings.tlsInsecure,
    },
  });
  const breakerSettings = settings.breaker ?? { threshold: 5, cooldownMs: 10_000 };
  const breaker = new CircuitBreaker(breakerSettings.threshold, breakerSettings.cooldownMs, undefined, (state) => {
    options.logger?.warn({ breaker: state }, `upstream circuit breaker ${state}`);
    options.onBreakerChange?.(state);
  });
  const probe = async (timeoutMs: number) => {
    try {
      const base = settings.baseUrl.href.replace(/\/+$/, '');
      const response = await request(`${base}/jobsessions?limit=1`, {
        dispatcher,
        method: 'GET',
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body.dump();
      return { reachable: response.statusCode < 500, status: response.statusCode };
    } catch {
      return { reachable: false };
    }
  };
  return {
    settings,
    dispatcher,
    breaker,
    retry: { ...DEFAULT_RETRY, ...settings.retry },
    logger: options.logger,
    onEvent: options.onEvent,
    probe,
  };
}

export interface UpstreamClientOptions {
  upstream: Upstream;
  /** The caller's bearer token, forwarded verbatim; undefined means every read is refused. */
  token: string | undefined;
  /** Aborts when the GraphQL request is abandoned. */
  signal?: AbortSignal;
  requestId?: string;
  /** Most upstream calls this client may make (one GraphQL request). */
  budget?: number;
  /** Observes this request's upstream attempts (tracing). */
  onEvent?: (event: UpstreamEvent) => void;
  /** The versioned base URL this request uses (the process's current API version); default `settings.baseUrl`. */
  baseUrl?: URL;
}

/** The only code that speaks HTTP to the REST API. */
export interface UpstreamClient {
  /** GET a canonical resource path (plus query) with the caller's token and decode the JSON. */
  get<T>(resource: ResourcePath, decode: Decoder<T>, query?: Readonly<Record<string, number | string>>): Promise<T>;
  /** `POST /token` with a form body; needs no bearer token. */
  token(form: Record<string, string>): Promise<TokenDto>;
  /**
   * A write with the caller's token (a JSON body, or none): never retried, since it is not
   * idempotent. Resolves with the decoded JSON answer, or undefined for an empty one (204).
   */
  post<T>(write: { path: string; template: string; body: string | undefined }, decode: Decoder<T>): Promise<T | undefined>;
  /** Upstream calls made so far. */
  readonly calls: number;
}

interface Exchange {
  method: 'GET' | 'POST';
  pathAndQuery: string;
  template: string;
  headers: Record<string, string>;
  body?: string;
  /** Idempotent exchanges are retried on connection errors and RETRY_STATUSES. */
  idempotent: boolean;
}

interface Answer {
  status: number;
  text: string;
}

/** A client bound to one caller's token; built once per GraphQL request. */
export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
  const { upstream, token, signal, requestId, budget = Infinity } = options;
  const { settings, dispatcher, breaker, retry, logger } = upstream;
  const onEvent = (event: UpstreamEvent) => {
    upstream.onEvent?.(event);
    options.onEvent?.(event);
  };
  const base = (options.baseUrl ?? settings.baseUrl).href.replace(/\/+$/, '');
  let calls = 0;

  async function attempt(exchange: Exchange, n: number, deadline: AbortSignal): Promise<Answer & { retryAfter?: string }> {
    const started = performance.now();
    let status: number | undefined;
    try {
      const response = await request(base + exchange.pathAndQuery, {
        dispatcher,
        method: exchange.method,
        headers: requestId ? { ...exchange.headers, 'x-request-id': requestId } : exchange.headers,
        body: exchange.body,
        signal: deadline,
      });
      status = response.statusCode;
      const text = await response.body.text();
      onEvent({ method: exchange.method, template: exchange.template, status, durationMs: performance.now() - started, attempt: n });
      const retryAfter = response.headers['retry-after'];
      return { status, text, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined };
    } catch (cause) {
      onEvent({
        method: exchange.method,
        template: exchange.template,
        status,
        durationMs: performance.now() - started,
        attempt: n,
        error: errorCode(cause),
      });
      throw cause;
    }
  }

  async function send(exchange: Exchange): Promise<Answer> {
    if (++calls > budget) {
      throw facadeError('UPSTREAM_BUDGET_EXHAUSTED', `This operation needs more than ${budget} backup server requests; ask for less.`);
    }
    if (!breaker.allow()) {
      throw facadeError('UPSTREAM_UNAVAILABLE', 'The backup server is failing; requests are paused for a moment.');
    }
    const startedAt = performance.now();
    const deadline = createDeadline(settings.timeoutMs, signal);
    try {
      return await attempts(exchange, deadline, startedAt);
    } finally {
      deadline.dispose();
    }
  }

  async function attempts(exchange: Exchange, deadline: Deadline, startedAt: number): Promise<Answer> {
    const limit = exchange.idempotent ? retry.attempts : 1;
    for (let n = 1; ; n++) {
      let answer: (Answer & { retryAfter?: string }) | undefined;
      let failure: unknown;
      try {
        answer = await attempt(exchange, n, deadline.signal);
      } catch (cause) {
        failure = cause;
      }
      const retryable = answer ? RETRY_STATUSES.has(answer.status) : !deadline.signal.aborted;
      const delay = retryDelay(n, parseRetryAfter(answer?.retryAfter), retry);
      const remaining = settings.timeoutMs - (performance.now() - startedAt);
      if (n < limit && retryable && delay < remaining) {
        logger?.warn(
          { route: exchange.template, attempt: n, of: limit, status: answer?.status, error: failure ? errorCode(failure) : undefined, delayMs: delay },
          'upstream request failed; retrying',
        );
        try {
          await sleep(delay, deadline.signal);
          continue;
        } catch {
          // The deadline or the caller ended the wait; report what the last attempt said.
        }
      }
      if (answer) {
        if (answer.status >= 500 || answer.status === 429) breaker.failure();
        else breaker.success();
        return answer;
      }
      if (signal?.aborted) breaker.release();
      else breaker.failure();
      throw classifyFailure(failure, deadline.timedOut(), signal);
    }
  }

  return {
    get calls() {
      return calls;
    },

    async get(resource, decode, query) {
      if (token === undefined) {
        throw facadeError('UNAUTHENTICATED', 'Send "Authorization: Bearer <token>" to read backup data.');
      }
      const search = query ? `?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}` : '';
      const { status, text } = await send({
        method: 'GET',
        pathAndQuery: resource.path + search,
        template: resource.template,
        headers: { accept: 'application/json', authorization: `Bearer ${token}` },
        idempotent: true,
      });
      if (status !== 200) throw errorFromResponse(status, text);
      return decode(parseJson(text));
    },

    async post(write, decode) {
      if (token === undefined) {
        throw facadeError('UNAUTHENTICATED', 'Send "Authorization: Bearer <token>" to act on the backup server.');
      }
      const { status, text } = await send({
        method: 'POST',
        pathAndQuery: write.path,
        template: write.template,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${token}`,
          ...(write.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: write.body,
        idempotent: false,
      });
      if (status === 400 || status === 409) throw writeRefused(status, text);
      if (status < 200 || status > 299) throw errorFromResponse(status, text);
      return text.trim() === '' ? undefined : decode(parseJson(text));
    },

    async token(form) {
      const { status, text } = await send({
        method: 'POST',
        pathAndQuery: '/token',
        template: '/token',
        headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
        idempotent: false,
      });
      if (status === 400 || status === 401) throw tokenRefused(text);
      if (status !== 200) throw errorFromResponse(status, text);
      const dto = parseJson(text) as Partial<TokenDto> | null;
      if (typeof dto?.access_token !== 'string' || typeof dto.expires_in !== 'number') {
        throw facadeError('UPSTREAM_BAD_RESPONSE', 'The backup server sent a malformed token response.');
      }
      return dto as TokenDto;
    },
  };
}

function parseJson(text: string): unknown {
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

function errorFromResponse(status: number, text: string): GraphQLError {
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
function errorFromStatus(status: number): GraphQLError {
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
function writeRefused(status: number, text: string): GraphQLError {
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

function errorCode(cause: unknown): string {
  if (typeof cause === 'object' && cause !== null) {
    if ('code' in cause && typeof cause.code === 'string') return cause.code;
    if ('name' in cause && typeof cause.name === 'string') return cause.name;
  }
  return 'Error';
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|SSL/;

function classifyFailure(cause: unknown, timedOut: boolean, caller: AbortSignal | undefined): GraphQLError {
  if (caller?.aborted) {
    return facadeError('UPSTREAM_UNAVAILABLE', 'The request was cancelled by the client.');
  }
  const code = errorCode(cause);
  if (timedOut || /TIMEOUT/.test(code)) {
    return facadeError('UPSTREAM_TIMEOUT', 'The backup server did not answer in time.');
  }
  if (TLS_CODES.test(code)) {
    return facadeError('UPSTREAM_UNAVAILABLE', "The backup server's TLS certificate is not trusted (see VBM_CA_FILE).");
  }
  return facadeError('UPSTREAM_UNAVAILABLE', 'The backup server could not be reached.');
}
