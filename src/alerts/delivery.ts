import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Agent, request, type Dispatcher } from 'undici';
import type { LeaderElection } from '../live/hub.js';
import { DEFAULT_SERVER_NAME } from '../model.js';
import type { DurableAlertStore, OutboxEntry, OutboxStats } from './outbox.js';
import { targetRequest } from './targets.js';
import type { Alert, AlertTargetConfig } from './types.js';

/** The longest one retry waits (the doubling stops here). */
export const RETRY_MAX_DELAY_MS = 5 * 60_000;
/** An entry not accepted this long after it was queued is given up. */
export const DELIVERY_GIVE_UP_MS = 24 * 3_600_000;
/** The longest a target's Retry-After is honoured. */
const RETRY_AFTER_MAX_MS = 3_600_000;
/** Deliveries in flight at once, all targets together. */
const MAX_IN_FLIGHT = 16;
/** Outbox entries read per pass. */
const PASS_SIZE = 500;
/** The delivery lease among replicas (with REDIS_URL): one replica delivers, another takes over within this. */
const LEASE_KEY = 'alerts:delivery';
const LEASE_MS = 15_000;

/** Time, randomness and timers of the delivery, injectable so tests run on a fake clock. */
export interface DeliveryClock {
  now(): number;
  /** In [0, 1): the full jitter of the back-off. */
  random(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type DeliveryOutcome = 'delivered' | 'retry' | 'gave-up' | 'expired';

/** One attempt's result (for metrics and tests); never holds a URL or secret. */
export interface DeliveryEvent {
  target: string;
  alertId: string;
  /** The alert's server (its configured name). */
  server: string;
  state: Alert['state'];
  outcome: DeliveryOutcome;
  attempt: number;
  /** The HTTP status, when one was answered. */
  status?: number;
  /** The error code of a failed request (e.g. ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT). */
  error?: string;
  /** Until the next attempt, for `retry`. */
  delayMs?: number;
}

export interface AlertDeliveryOptions {
  store: DurableAlertStore;
  targets: readonly AlertTargetConfig[];
  /** ALERT_RETRY_BASE_MS: the first retry waits up to this; each later one up to twice the previous, at most 5 minutes. */
  retryBaseMs: number;
  logger?: Logger;
  clock?: Partial<DeliveryClock>;
  /** With REDIS_URL: only the holder of the delivery lease delivers, so each entry goes out from one replica. */
  leases?: LeaderElection;
  /** One request's deadline (headers and body); default 10 s. */
  timeoutMs?: number;
  /** Sees every attempt's outcome (metrics). */
  onDelivery?: (event: DeliveryEvent) => void;
  /** The HTTP pool for the targets; by default one of its own (bounded, not the upstream's). */
  dispatcher?: Dispatcher;
}

export interface AlertDelivery {
  /** Starts delivering what the outbox holds, and whatever is queued later. */
  start(): void;
  /** Something was queued: deliver soon (the store's `watch` does this by itself). */
  kick(): void;
  /**
   * Sends a clearly marked test alert to the named target once, not stored: true on a 2xx. It
   * names `server` (the server the caller tested from; default `default`). Throws UnknownAlertTargetError.
   */
  sendTest(name: string, server?: string): Promise<boolean>;
  stats(): Promise<OutboxStats>;
  stop(): Promise<void>;
}

export class UnknownAlertTargetError extends Error {
  constructor(readonly target: string) {
    super(`no alert target is named "${target}"`);
    this.name = 'UnknownAlertTargetError';
  }
}

/** The back-off before attempt `attempt + 1`: full jitter up to base * 2^(attempt-1), at most 5 minutes. */
export function backoffMs(attempt: number, baseMs: number, random: () => number): number {
  const ceiling = Math.min(RETRY_MAX_DELAY_MS, baseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.floor(random() * ceiling);
}

/** Retry-After as seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(text)) return Math.min(Number(text) * 1000, RETRY_AFTER_MAX_MS);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - now), RETRY_AFTER_MAX_MS);
}

interface Attempted {
  attempt: number;
  dueAt: number;
  timer?: unknown;
}

type Answer = { status: number; retryAfter?: string | string[] } | { error: string };

/**
 * Delivers the outbox: each entry is posted to its target until a 2xx, retried on network
 * errors, 429 (after its Retry-After) and 5xx with exponential back-off and full jitter, and
 * given up on any other status or 24 hours after it was queued. At least once: an entry leaves
 * the outbox only after its target accepted it (or it was given up), so a restart resends only
 * what was not accepted; receivers dedupe on `X-Alert-Id`. Logs name the target and the alert
 * id, never a URL (Slack and Teams URLs are secrets) or a secret.
 */
export function createAlertDelivery(options: AlertDeliveryOptions): AlertDelivery {
  const { store, logger, leases } = options;
  const clock: DeliveryClock = {
    now: options.clock?.now ?? Date.now,
    random: options.clock?.random ?? Math.random,
    setTimeout: options.clock?.setTimeout ?? ((callback, ms) => setTimeout(callback, ms).unref()),
    clearTimeout: options.clock?.clearTimeout ?? ((handle) => clearTimeout(handle as NodeJS.Timeout)),
  };
  const timeoutMs = options.timeoutMs ?? 10_000;
  const targets = new Map(options.targets.map((target) => [target.name, target]));
  const ownAgent = options.dispatcher === undefined;
  const dispatcher =
    options.dispatcher ?? new Agent({ connections: 4, pipelining: 1, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connect: { timeout: Math.min(timeoutMs, 10_000) } });
  const abort = new AbortController();

  const attempts = new Map<string, Attempted>();
  const inFlight = new Map<string, Promise<void>>();
  let started = false;
  let stopped = false;
  let running = false;
  let again = false;
  let leaseTimer: unknown;
  let unwatch: (() => void) | undefined;

  const post = async (target: AlertTargetConfig, alert: Alert, test: boolean): Promise<Answer> => {
    const { body, headers } = targetRequest(target, alert, { test });
    if (test) headers['x-alert-test'] = 'true';
    try {
      const response = await request(target.url, { method: 'POST', body, headers, dispatcher, signal: abort.signal, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
      // The answer's body is not needed; read it off so the connection is reused.
      await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
      return { status: response.statusCode, retryAfter: response.headers['retry-after'] };
    } catch (error) {
      return { error: String((error as { code?: unknown }).code ?? 'ERROR') };
    }
  };

  const report = (entry: OutboxEntry, event: Omit<DeliveryEvent, 'target' | 'alertId' | 'server' | 'state'>) => {
    options.onDelivery?.({ target: entry.target, alertId: entry.alert.id, server: entry.alert.server, state: entry.alert.state, ...event });
  };

  const settle = async (entry: OutboxEntry) => {
    attempts.delete(entry.key);
    try {
      await store.settle(entry.key);
    } catch (error) {
      // Not settled means it is sent again after a restart: at least once holds.
      logger?.warn({ target: entry.target, alertId: entry.alert.id, error: (error as Error).name }, 'alert delivery: could not mark the entry done');
    }
  };

  const deliver = async (entry: OutboxEntry): Promise<void> => {
    const previous = attempts.get(entry.key);
    const attempt = (previous?.attempt ?? 0) + 1;
    const target = targets.get(entry.target);
    if (!target) {
      logger?.error({ target: entry.target, alertId: entry.alert.id }, 'alert delivery given up: the target is no longer in ALERTS_FILE');
      await settle(entry);
      report(entry, { outcome: 'gave-up', attempt });
      return;
    }
    const answer = await post(target, entry.alert, false);
    if (stopped) return;
    const log = { target: entry.target, alertId: entry.alert.id, state: entry.alert.state, attempt };
    if ('status' in answer && answer.status >= 200 && answer.status < 300) {
      logger?.info({ ...log, status: answer.status }, 'alert delivered');
      await settle(entry);
      report(entry, { outcome: 'delivered', attempt, status: answer.status });
      return;
    }
    const retryable = 'error' in answer || answer.status === 429 || answer.status >= 500;
    const status = 'status' in answer ? answer.status : undefined;
    const error = 'error' in answer ? answer.error : undefined;
    if (!retryable) {
      logger?.error({ ...log, status }, 'alert delivery given up: the target refused it');
      await settle(entry);
      report(entry, { outcome: 'gave-up', attempt, status });
      return;
    }
    const now = clock.now();
    const delayMs = ('retryAfter' in answer ? retryAfterMs(answer.retryAfter, now) : undefined) ?? backoffMs(attempt, options.retryBaseMs, clock.random);
    if (now + delayMs >= entry.queuedAt + DELIVERY_GIVE_UP_MS) {
      logger?.error({ ...log, status, error }, 'alert delivery given up: not accepted within 24 hours');
      await settle(entry);
      report(entry, { outcome: 'expired', attempt, status, error });
      return;
    }
    logger?.warn({ ...log, status, error, delayMs }, 'alert delivery failed; retrying');
    const scheduled: Attempted = { attempt, dueAt: now + delayMs };
    scheduled.timer = clock.setTimeout(() => {
      scheduled.timer = undefined;
      // Due now: a timer may fire a millisecond before the wall clock reaches `dueAt`, and the pass must not skip it then.
      scheduled.dueAt = Math.min(scheduled.dueAt, clock.now());
      kick();
    }, delayMs);
    attempts.set(entry.key, scheduled);
    report(entry, { outcome: 'retry', attempt, status, error, delayMs });
  };

  const pass = async () => {
    if (leases && !(await leases.tryLead(LEASE_KEY, LEASE_MS).catch(() => false))) {
      // Another replica delivers; forget our retry timers (it has its own) and try again later.
      for (const { timer } of attempts.values()) if (timer !== undefined) clock.clearTimeout(timer);
      attempts.clear();
      return;
    }
    const entries = await store.pending(PASS_SIZE);
    const now = clock.now();
    for (const entry of entries) {
      if (stopped) return;
      if (inFlight.has(entry.key)) continue;
      const scheduled = attempts.get(entry.key);
      if (scheduled && scheduled.dueAt > now) continue;
      if (inFlight.size >= MAX_IN_FLIGHT) {
        again = true;
        break;
      }
      const run = deliver(entry)
        .catch((error: unknown) => logger?.error({ target: entry.target, alertId: entry.alert.id, error: (error as Error).name }, 'alert delivery failed unexpectedly'))
        .finally(() => {
          inFlight.delete(entry.key);
          // A retry timer that fired while this attempt was finishing found it in flight: run it now.
          const next = attempts.get(entry.key);
          if (again || (next !== undefined && next.timer === undefined)) kick();
        });
      inFlight.set(entry.key, run);
    }
  };

  const kick = () => {
    if (!started || stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    void pass()
      .catch((error: unknown) => logger?.warn({ error: (error as Error).name }, 'alert delivery: the outbox could not be read; trying again'))
      .finally(() => {
        running = false;
        if (again) kick();
      });
  };

  const leaseTick = () => {
    leaseTimer = clock.setTimeout(() => {
      kick();
      leaseTick();
    }, LEASE_MS / 3);
  };

  return {
    start() {
      if (started) return;
      started = true;
      unwatch = store.watch(() => kick());
      if (leases) leaseTick();
      kick();
    },
    kick,
    async sendTest(name, server = DEFAULT_SERVER_NAME) {
      const target = targets.get(name);
      if (!target) throw new UnknownAlertTargetError(name);
      const at = new Date(clock.now()).toISOString();
      const alert: Alert = {
        id: `TEST:${randomUUID()}`,
        server,
        kind: 'SERVER_UNHEALTHY',
        severity: 'WARNING',
        state: 'FIRING',
        subject: { type: 'Server', id: 'test', name: 'Test alert', organization: null, job: null },
        message: `This is a test alert from the VBM365 GraphQL facade to the target "${name}". It is not a real alert and needs no action.`,
        raisedAt: at,
        resolvedAt: null,
        link: null,
      };
      const answer = await post(target, alert, true);
      const accepted = 'status' in answer && answer.status >= 200 && answer.status < 300;
      logger?.info({ target: name, alertId: alert.id, status: 'status' in answer ? answer.status : undefined, error: 'error' in answer ? answer.error : undefined }, accepted ? 'test alert accepted' : 'test alert not accepted');
      return accepted;
    },
    stats: () => store.stats(),
    async stop() {
      if (stopped) return;
      stopped = true;
      unwatch?.();
      if (leaseTimer !== undefined) clock.clearTimeout(leaseTimer);
      for (const { timer } of attempts.values()) if (timer !== undefined) clock.clearTimeout(timer);
      abort.abort();
      await Promise.allSettled(inFlight.values());
      if (leases) await leases.release(LEASE_KEY).catch(() => undefined);
      if (ownAgent) await dispatcher.close();
    },
  };
}
