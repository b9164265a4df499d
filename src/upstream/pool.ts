import { request, type Dispatcher } from 'undici';
import type { Logger } from 'pino';
import { CircuitBreaker } from './breaker.js';
import { createUpstreamDispatcher } from './dispatcher.js';
import { createUpstreamEvents, DEFAULT_SERVER_NAME, type UpstreamEvents } from './events.js';
import { createFairQueue, type FairQueue } from './fair-queue.js';
import { systemClock, type RetryPolicy, type UpstreamClock } from './resilience.js';
import { createRetryBudget, type RetryBudget } from './retry-budget.js';
import type { SlotGate } from './slot-gate.js';

/**
 * How the facade reaches the backup server; shared by all requests, holds no token. Every
 * value is given: the defaults are the configuration's (`upstreamSettings` in config.ts).
 */
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
  /** Most calls waiting for a connection, all callers together. */
  maxQueued: number;
  /** Most calls of one caller waiting for a connection. */
  maxQueuedPerCaller: number;
  /** Longest wait for a connection before the call is shed. */
  maxQueueWaitMs: number;
  /** Largest response body read, in bytes. */
  maxResponseBytes: number;
  /** Retries per process as a percentage of first attempts. */
  retryBudgetPercent: number;
  retry: RetryPolicy;
  /** `minCallers`: distinct callers whose failures it takes to open the breaker. */
  breaker: { threshold: number; cooldownMs: number; minCallers: number };
}

/** Process-wide upstream machinery: connection pool, slot queue, breaker, retry budget. Holds no token or data. */
export interface Upstream {
  /** The backup server's configured name, on every event this upstream reports. */
  readonly server: string;
  /** Anonymous reachability probe of `baseUrl` (default the configured one): any HTTP answer below 500 (401 included) means reachable. */
  probe(timeoutMs: number, baseUrl?: URL): Promise<{ reachable: boolean; status?: number }>;
  settings: UpstreamSettings;
  dispatcher: Dispatcher;
  breaker: CircuitBreaker;
  /** Connection slots, fair between callers. */
  queue: FairQueue;
  retryBudget: RetryBudget;
  /** The breaker's time and the waits between retries. */
  clock: UpstreamClock;
  /** The cluster-wide cap (REDIS_URL): a slot is held around each attempt, after the local queue slot. */
  cluster?: SlotGate;
  /** Where every attempt and each change of the breaker is reported. */
  events: UpstreamEvents;
  logger?: Logger;
}

export interface UpstreamOptions {
  /** The backup server's configured name, carried by every event; default `default`. */
  server?: string;
  logger?: Logger;
  /** The process's event stream; default a stream of its own. */
  events?: UpstreamEvents;
  cluster?: SlotGate;
  /** The process's pool (`createUpstreamDispatcher`), when built before; default one built from `settings`. */
  dispatcher?: Dispatcher;
  /** Default: the system clock and real timers. */
  clock?: UpstreamClock;
}

/** Builds (or takes) the keep-alive pool, builds the slot queue, the breaker and the retry budget once per process. */
export function createUpstream(settings: UpstreamSettings, options: UpstreamOptions = {}): Upstream {
  const dispatcher = options.dispatcher ?? createUpstreamDispatcher(settings);
  const clock = options.clock ?? systemClock;
  const events = options.events ?? createUpstreamEvents();
  const { logger } = options;
  const server = options.server ?? DEFAULT_SERVER_NAME;
  const breaker = new CircuitBreaker({
    ...settings.breaker,
    now: () => clock.now(),
    onChange(state) {
      logger?.warn({ breaker: state }, `upstream circuit breaker ${state}`);
      events.emit({ type: 'breaker', server, state });
    },
  });
  const queue = createFairQueue({
    slots: settings.maxConnections,
    maxQueued: settings.maxQueued,
    maxQueuedPerCaller: settings.maxQueuedPerCaller,
    maxWaitMs: settings.maxQueueWaitMs,
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
    server,
    settings,
    dispatcher,
    breaker,
    queue,
    retryBudget: createRetryBudget(settings.retryBudgetPercent / 100),
    clock,
    cluster: options.cluster,
    events,
    logger,
    probe,
  };
}
