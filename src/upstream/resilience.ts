/** Retry timing for idempotent upstream GETs. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Statuses worth another attempt: the upstream or a proxy in front of it is briefly overloaded. */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** `Retry-After` in milliseconds (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Full-jitter exponential backoff, or the server's `Retry-After` when it names one. */
export function retryDelay(attempt: number, retryAfterMs: number | undefined, policy: RetryPolicy, random = Math.random): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Where the upstream machinery reads the time and waits between attempts; tests pass a manual one. */
export interface UpstreamClock {
  /** Milliseconds on a monotonic scale (the breaker's cooldown). */
  now(): number;
  /** The wait before a retry. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: UpstreamClock = { now: () => performance.now(), sleep };

/** A call's deadline, linked to the caller's signal; `dispose` unlinks it when the call ends. */
export interface Deadline {
  signal: AbortSignal;
  timedOut(): boolean;
  dispose(): void;
}

/**
 * Like `AbortSignal.any([caller, AbortSignal.timeout(ms)])`, but it removes its listener from
 * the caller's signal when the call ends: a request with many upstream calls would otherwise
 * pile listeners onto one signal.
 */
export function createDeadline(ms: number, caller?: AbortSignal): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('The upstream call timed out.', 'TimeoutError'));
  }, ms);
  const onAbort = () => controller.abort(caller?.reason);
  if (caller?.aborted) onAbort();
  else caller?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose() {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    },
  };
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * Fails fast while the backup server itself is down; process-wide, it holds no caller data
 * beyond opaque caller keys of the current failure streak.
 *
 * What counts as evidence that the server is down (see `breakerVerdict` in client.ts): a
 * connection refused/reset or an attempt timeout while the attempt held a connection slot, and
 * 502/503/504 answers. Never a 4xx, never a 429 (that is one caller being throttled), never
 * a 500 (one resource failing), never time spent queued in the facade, never a caller abort.
 * It opens after `threshold` consecutive such failures that came from at least `minCallers`
 * distinct callers, so one caller alone cannot open it for everyone. Any answer that shows
 * the server alive (2xx-4xx) ends the streak. After `cooldownMs` one probe goes through; any
 * HTTP answer but 502/503/504 closes the breaker again.
 */
export class CircuitBreaker {
  private failures = 0;
  private readonly callers = new Set<string>();
  private openedAt = 0;
  private probing = false;
  state: BreakerState = 'closed';

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = () => performance.now(),
    private readonly onChange?: (state: BreakerState) => void,
    private readonly minCallers = 1,
  ) {}

  /** Whether a request may go to the upstream now. */
  allow(): boolean {
    if (this.state === 'closed') return true;
    if (this.state === 'open' && this.now() - this.openedAt >= this.cooldownMs) this.set('half-open');
    if (this.state === 'half-open' && !this.probing) {
      this.probing = true;
      return true;
    }
    return false;
  }

  success(): void {
    this.failures = 0;
    this.callers.clear();
    this.probing = false;
    if (this.state !== 'closed') this.set('closed');
  }

  /** The attempt ended without telling anything about the server (caller abort, oversize body, shed). */
  release(): void {
    this.probing = false;
  }

  /**
   * The server answered, but for one caller or one resource only (429, 500): it does not end a
   * failure streak, yet as the half-open probe it shows the server is back.
   */
  answered(): void {
    if (this.state === 'half-open') this.success();
    else this.probing = false;
  }

  /** Evidence that the server is down, seen by the caller with this (opaque) key. */
  failure(caller = ''): void {
    this.failures++;
    // Only the count matters; keep at most `minCallers` keys.
    if (this.callers.size < this.minCallers) this.callers.add(caller);
    this.probing = false;
    if (this.state === 'half-open' || (this.failures >= this.threshold && this.callers.size >= this.minCallers)) {
      this.openedAt = this.now();
      this.failures = 0;
      this.callers.clear();
      if (this.state !== 'open') this.set('open');
    }
  }

  private set(state: BreakerState) {
    this.state = state;
    this.onChange?.(state);
  }
}
