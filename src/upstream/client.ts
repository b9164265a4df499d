import { setMaxListeners } from 'node:events';
import { request } from 'undici';
import { facadeError } from '../errors.js';
import { tokenHash } from '../token-hash.js';
import { readBoundedBody, ResponseTooLarge } from './bounded-body.js';
import { readsText, type Decoder } from './decode.js';
import { classifyFailure, errorCode, errorFromResponse, parseJson, tokenRefused, writeRefused } from './error-mapping.js';
import type { RequestScope } from './events.js';
import type { Upstream } from './pool.js';
import { createDeadline, parseRetryAfter, RETRY_STATUSES, retryDelay } from './resilience.js';
import type { ResourcePath } from './routes.js';
import { SlotTimeout, type Release } from './slot-gate.js';
import type { TokenDto } from './types.js';

export interface UpstreamClientOptions {
  upstream: Upstream;
  /** The caller's bearer token, forwarded verbatim; undefined means every read is refused. */
  token: string | undefined;
  /** Aborts when the GraphQL request is abandoned. */
  signal?: AbortSignal;
  /** Whose calls these are: sent upstream as `x-request-id`, and named in each attempt's event. */
  scope?: RequestScope;
  /** Most upstream calls this client may make (one GraphQL request); every attempt counts. */
  budget?: number;
  /** The versioned base URL this request uses (the process's current API version); default `settings.baseUrl`. */
  baseUrl?: URL;
  /** A one-way id of the token already computed for this request (the cache's), used for the caller's fair-queue lane. */
  callerKey?: string;
}

/** The only code that speaks HTTP to the REST API. */
export interface UpstreamClient {
  /**
   * GET a canonical resource path (plus query) with the caller's token and decode the JSON.
   * `timeoutMs` replaces the configured deadline for this call (a long poll waits longer).
   */
  get<T>(resource: ResourcePath, decode: Decoder<T>, query?: Readonly<Record<string, number | string>>, options?: { timeoutMs?: number }): Promise<T>;
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
  /** This exchange's deadline instead of the configured one. */
  timeoutMs?: number;
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
  const { upstream, token, scope, budget = Infinity } = options;
  const { settings, dispatcher, breaker, logger, queue, retryBudget, events } = upstream;
  const { maxResponseBytes, retry } = settings;
  const requestId = scope?.requestId;
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
      events.emit({ type: 'request', server: upstream.server, scope, method: exchange.method, template: exchange.template, status, durationMs: performance.now() - started, attempt: n });
      const retryAfter = response.headers['retry-after'];
      return { kind: 'answer', answer: { status, text }, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined };
    } catch (cause) {
      events.emit({
        type: 'request',
        server: upstream.server,
        scope,
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
    const timeoutMs = exchange.timeoutMs ?? settings.timeoutMs;
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
        outcome = await attempt(exchange, n, Math.max(1, timeoutMs - spentMs));
      } finally {
        release();
      }
      spentMs += performance.now() - started;
      judge(outcome, key);
      const delay = retryDecision(exchange, outcome, n, timeoutMs - spentMs);
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

    async get(resource, decode, query, options) {
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
        ...(options?.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
      if (status !== 200) throw errorFromResponse(status, text);
      return readsText(decode) ? decode.fromText(text) : decode(parseJson(text));
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

