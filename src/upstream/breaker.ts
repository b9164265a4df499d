export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker. */
  threshold: number;
  /** How long it stays open before one probe goes through. */
  cooldownMs: number;
  /** Distinct callers among those failures it takes to open it. */
  minCallers: number;
  /** Milliseconds on a monotonic scale (the cooldown). */
  now: () => number;
  /** Sees each change of state. */
  onChange?: (state: BreakerState) => void;
}

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

  private readonly threshold: number;
  private readonly cooldownMs: number;
  private readonly minCallers: number;
  private readonly now: () => number;
  private readonly onChange: ((state: BreakerState) => void) | undefined;

  constructor(options: CircuitBreakerOptions) {
    this.threshold = options.threshold;
    this.cooldownMs = options.cooldownMs;
    this.minCallers = options.minCallers;
    this.now = options.now;
    this.onChange = options.onChange;
  }

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
