import { setMaxListeners } from 'node:events';
import { request, type Dispatcher } from 'undici';
import type { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { facadeError } from '../errors.js';
import { tokenHash } from '../token-hash.js';
import { readBoundedBody, ResponseTooLarge } from './bounded-body.js';
import type { Decoder } from './decode.js';
import { createUpstreamDispatcher, tlsErrorCode } from './dispatcher.js';
import { createFairQueue, type FairQueue } from './fair-queue.js';
import {
  CircuitBreaker,
  createDeadline,
  parseRetryAfter,
  RETRY_STATUSES,
  retryDelay,
  systemClock,
  type BreakerState,
  type UpstreamClock,
  type RetryPolicy,
} from './resilience.js';
import { createRetryBudget, type RetryBudget } from './retry-budget.js';
import type { ResourcePath } from './routes.js';
import { SlotTimeout, type Release, type SlotGate } from './slot-gate.js';
import type { TokenDto, TokenErrorDto } from './types.js';

/** How the facade reaches the backup server; shared by all requests, holds no token. */
export interface UpstreamSettings {
  /** Versioned base URL, e.g. `https://vbm01.invalid:4443/v5`. */
  baseUrl: URL;
  /**
   * Deadline of one upstream call, retries and back-off included, counted only while an
   * attempt holds a connection slot or backs off: time queued in the facade is not in it.
   */
  timeoutMs: number;
  /** PEM bundle trusted for the upstream's TLS (instead of the public CAs) when set. */
  ca?: string;
  /** Skip TLS verification (development only). */
  tlsInsecure: boolean;
  /** Most sockets open to the upstream at once; further requests queue in the facade. */
  maxConnections: number;
  /** Most calls waiting for a connection, all callers together (default 1000). */
  maxQueued?: number;
  /** Most calls of one caller waiting for a connection (default 250). */
  maxQueuedPerCaller?: number;
  /** Longest wait for a connection before the call is shed (default `timeoutMs`). */
  maxQueueWaitMs?: number;
  /** Largest response body read, in bytes (default 16 MiB). */
  maxResponseBytes?: number;
  /** Retries per process as a percentage of first attempts (default 20). */
  retryBudgetPercent?: number;
  retry?: Partial<RetryPolicy>;
  /** `minCallers`: distinct callers whose failures it takes to open the breaker (default 2). */
  breaker?: { threshold: number; cooldownMs: number; minCallers?: number };
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

/** Process-wide upstream machinery: connection pool, slot queue, breaker, retry budget. Holds no token or data. */
export interface Upstream {
  /** Anonymous reachability probe of `baseUrl` (default the configured one): any HTTP answer below 500 (401 included) means reachable. */
  probe(timeoutMs: number, baseUrl?: URL): Promise<{ reachable: boolean; status?: number }>;
  settings: UpstreamSettings;
  dispatcher: Dispatcher;
  breaker: CircuitBreaker;
  retry: RetryPolicy;
  /** Connection slots, fair between callers. */
  queue: FairQueue;
  retryBudget: RetryBudget;
  /** The breaker's time, the waits between retries, and the age of the cached `/ready` result. */
  clock: UpstreamClock;
  /** The cluster-wide cap (REDIS_URL): a slot is held around each attempt, after the local queue slot. */
  cluster?: SlotGate;
  logger?: Logger;
  onEvent?: (event: UpstreamEvent) => void;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 2_000 };
/** Covers a full 10,000-item page (about 6 MB of job sessions) with room to spare. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Builds (or takes) the keep-alive pool, builds the slot queue, the breaker and the retry budget once per process. */
export function createUpstream(
  settings: UpstreamSettings,
  options: {
    logger?: Logger;
    onEvent?: (event: UpstreamEvent) => void;
    onBreakerChange?: (state: BreakerState) => void;
    cluster?: SlotGate;
    /** The process's pool (`createUpstreamDispatcher`), when built before; default one built from `settings`. */
    dispatcher?: Dispatcher;
    /** Default: the system clock and real timers. */
    clock?: UpstreamClock;
  } = {},
): Upstream {
  const dispatcher = options.dispatcher ?? createUpstreamDispatcher(settings);
  const clock = options.clock ?? systemClock;
  const breakerSettings = settings.breaker ?? { threshold: 5, cooldownMs: 10_000 };
  const breaker = new CircuitBreaker(
    breakerSettings.threshold,
    breakerSettings.cooldownMs,
    () => clock.now(),
    (state) => {
      options.logger?.warn({ breaker: state }, `upstream circuit breaker ${state}`);
      options.onBreakerChange?.(state);
    },
    breakerSettings.minCallers ?? 2,
  );
  const queue = createFairQueue({
    slots: settings.maxConnections,
    maxQueued: settings.maxQueued ?? 1000,
    maxQueuedPerCaller: settings.maxQueuedPerCaller ?? 250,
    maxWaitMs: settings.maxQueueWaitMs ?? settings.timeoutMs,
  });
  const probe = async (timeoutMs: number, baseUrl: URL = settings.baseUrl) => {
    try {
      const base = baseUrl.href.replace(/\/+$/, '');
      const response = await request(`${base}/jobsessions?limit=1`, {
        dispatcher,
        method: 'GET',
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body.dump({ limit: 64 * 1024 });
      return { reachable: response.statusCode < 500, status: response.statusCode };
    } catch {
      return { reachable: false };
    }
  };
  return {
    settings,
    dispatcher,
    breaker,
    queue,
    retryBudget: createRetryBudget((settings.retryBudgetPercent ?? 20) / 100),
    retry: { ...DEFAULT_RETRY, ...settings.retry },
    clock,
    cluster: options.cluster,
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
  /** Most upstream calls this client may make (one GraphQL request); every attempt counts. */
  budget?: number;
  /** Observes this request's upstream attempts (tracing). */
  onEvent?: (event: UpstreamEvent) => void;
  /** The versioned base URL this request uses (the process's current API version); default `settings.baseUrl`. */
  baseUrl?: URL;
  /** A one-way id of the token already computed for this request (the cache's), used for the caller's fair-queue lane. */
  callerKey?: string;
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
  /** Upstream attempts made so far (retries included). */
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

/** What one attempt came to: an HTTP answer, or a failure before a whole answer was read. */
type Outcome =
  | { kind: 'answer'; answer: Answer; retryAfter?: string }
  | { kind: 'failure'; cause: unknown; timedOut: boolean };

/** The breaker's reading of an outcome (the rule is documented on CircuitBreaker). */
export function breakerVerdict(outcome: Outcome, callerAborted: boolean): 'up' | 'down' | 'answered' | 'neutral' {
  if (outcome.kind === 'answer') {
    const { status } = outcome.answer;
    if (status === 502 || status === 503 || status === 504) return 'down';
    // 429 throttles one caller; 500 and other 5xx are usually one resource failing.
    return status >= 500 || status === 429 ? 'answered' : 'up';
  }
  if (callerAborted || outcome.cause instanceof ResponseTooLarge) return 'neutral';
  return 'down';
}

/**
 * A signal of the client's own that aborts with the caller's. A request's signal is a proxy
 * that is costly to listen on, so it gets one listener here and every call listens on this one.
 */
function linkSignal(caller: AbortSignal | undefined, maxListeners: number): AbortSignal | undefined {
  if (!caller) return undefined;
  const controller = new AbortController();
  setMaxListeners(maxListeners, controller.signal);
  if (caller.aborted) controller.abort(caller.reason);
  else caller.addEventListener('abort', () => controller.abort(caller.reason), { once: true });
  return controller.signal;
}

/**
 * A client bound to one caller's token; built once per GraphQL request. Each upstream call
 * runs the named steps: budget → breaker → queue slot → attempt (bounded body) → breaker
 * verdict → retry decision (retry budget, deadline, budget) → decode in the caller.
 */
export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
  const { upstream, token, requestId, budget = Infinity } = options;
  const { settings, dispatcher, breaker, retry, logger, queue, retryBudget } = upstream;
  const maxResponseBytes = settings.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const onEvent = (event: UpstreamEvent) => {
    upstream.onEvent?.(event);
    options.onEvent?.(event);
  };
  const base = (options.baseUrl ?? settings.baseUrl).href.replace(/\/+$/, '');
  let calls = 0;
  // Both built on the first call: most of a request's work needs neither, and one hash serves every GET.
  let signal: AbortSignal | undefined;
  let linked = false;
  let ownKey: string | undefined;
  const keyOf = (exchange: Exchange) =>
    token === undefined || exchange.method !== 'GET' ? `anonymous:${exchange.template}` : (ownKey ??= options.callerKey ?? tokenHash(token));

  function chargeBudget() {
    if (calls >= budget) {
      throw facadeError('UPSTREAM_BUDGET_EXHAUSTED', `This operation needs more than ${budget} backup server requests; ask for less.`);
    }
    calls++;
  }

  function checkBreaker() {
    if (!breaker.allow()) {
      throw facadeError('UPSTREAM_UNAVAILABLE', 'The backup server is failing; requests are paused for a moment.');
    }
  }

  async function acquireSlot(key: string) {
    try {
      return await queue.acquire(key, signal);
    } catch (cause) {
      breaker.release();
      throw signal?.aborted ? classifyFailure(cause, false, signal) : cause;
    }
  }

  /** A slot of the cluster-wide cap; a wait past the queue timeout is shed like a full local queue. */
  async function acquireClusterSlot(key: string): Promise<Release> {
    if (!upstream.cluster) return () => undefined;
    try {
      return await upstream.cluster.acquire(key, signal);
    } catch (cause) {
      breaker.release();
      if (signal?.aborted) throw classifyFailure(cause, false, signal);
      if (cause instanceof SlotTimeout) {
        throw facadeError('UPSTREAM_OVERLOADED', 'The backup server has as many requests from this cluster as it takes; try again in a moment.');
      }
      throw cause;
    }
  }

  /** One request on a held slot; its deadline is what is left of the call's time. */
  async function attempt(exchange: Exchange, n: number, remainingMs: number): Promise<Outcome> {
    const started = performance.now();
    const deadline = createDeadline(remainingMs, signal);
    let status: number | undefined;
    try {
      const response = await request(base + exchange.pathAndQuery, {
        dispatcher,
        method: exchange.method,
        headers: requestId ? { ...exchange.headers, 'x-request-id': requestId } : exchange.headers,
        body: exchange.body,
        signal: deadline.signal,
      });
      status = response.statusCode;
      const text = await readBoundedBody(response, maxResponseBytes);
      onEvent({ method: exchange.method, template: exchange.template, status, durationMs: performance.now() - started, attempt: n });
      const retryAfter = response.headers['retry-after'];
      return { kind: 'answer', answer: { status, text }, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined };
    } catch (cause) {
      onEvent({
        method: exchange.method,
        template: exchange.template,
        status,
        durationMs: performance.now() - started,
        attempt: n,
        error: errorCode(cause),
      });
      return { kind: 'failure', cause, timedOut: deadline.timedOut() };
    } finally {
      deadline.dispose();
    }
  }

  function judge(outcome: Outcome, key: string) {
    const verdict = breakerVerdict(outcome, signal?.aborted === true);
    if (verdict === 'up') breaker.success();
    else if (verdict === 'down') breaker.failure(key);
    else if (verdict === 'answered') breaker.answered();
    else breaker.release();
  }

  /** How long to wait before the next attempt, or undefined when this outcome is final. */
  function retryDecision(exchange: Exchange, outcome: Outcome, n: number, remainingMs: number): number | undefined {
    if (!exchange.idempotent || n >= retry.attempts || calls >= budget || signal?.aborted) return undefined;
    const retryable =
      outcome.kind === 'answer'
        ? RETRY_STATUSES.has(outcome.answer.status)
        : !outcome.timedOut && !(outcome.cause instanceof ResponseTooLarge);
    if (!retryable) return undefined;
    const delay = retryDelay(n, parseRetryAfter(outcome.kind === 'answer' ? outcome.retryAfter : undefined), retry);
    if (delay >= remainingMs || !retryBudget.withdraw()) return undefined;
    return delay;
  }

  async function send(exchange: Exchange): Promise<Answer> {
    if (!linked) {
      // Every concurrent call listens on it; the budget bounds them.
      signal = linkSignal(options.signal, Number.isFinite(budget) ? budget + 10 : 0);
      linked = true;
    }
    const key = keyOf(exchange);
    // Time spent holding a slot or backing off; queue waits are not in it.
    let spentMs = 0;
    for (let n = 1; ; n++) {
      chargeBudget();
      checkBreaker();
      const releaseLocal = await acquireSlot(key);
      let releaseCluster: Release;
      try {
        releaseCluster = await acquireClusterSlot(key);
      } catch (error) {
        releaseLocal();
        throw error;
      }
      const release = () => {
        releaseCluster();
        releaseLocal();
      };
      if (n === 1) retryBudget.deposit();
      const started = performance.now();
      let outcome: Outcome;
      try {
        outcome = await attempt(exchange, n, Math.max(1, settings.timeoutMs - spentMs));
      } finally {
        release();
      }
      spentMs += performance.now() - started;
      judge(outcome, key);
      const delay = retryDecision(exchange, outcome, n, settings.timeoutMs - spentMs);
      if (delay === undefined) {
        if (outcome.kind === 'answer') return outcome.answer;
        if (outcome.cause instanceof ResponseTooLarge) throw outcome.cause.graphqlError;
        throw classifyFailure(outcome.cause, outcome.timedOut, signal);
      }
      logger?.warn(
        {
          route: exchange.template,
          attempt: n,
          of: retry.attempts,
          status: outcome.kind === 'answer' ? outcome.answer.status : undefined,
          error: outcome.kind === 'failure' ? errorCode(outcome.cause) : undefined,
          delayMs: delay,
        },
        'upstream request failed; retrying',
      );
      const waitStarted = performance.now();
      try {
        await upstream.clock.sleep(delay, signal ?? new AbortController().signal);
      } catch (cause) {
        throw classifyFailure(cause, false, signal);
      }
      spentMs += performance.now() - waitStarted;
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

function classifyFailure(cause: unknown, timedOut: boolean, caller: AbortSignal | undefined): GraphQLError {
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
