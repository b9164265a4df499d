/**
 * Process-wide bound on retries, like gRPC's retry throttling: every first attempt earns
 * `ratio` of a retry, every retry spends one, and the balance never exceeds `burst`. Over any
 * stretch, retries are at most `ratio` × first attempts + `burst`, so a failing upstream sees
 * at most that much extra traffic however many callers retry at once.
 */
export interface RetryBudget {
  /** Records a first attempt. */
  deposit(): void;
  /** Takes one retry if the budget has one. */
  withdraw(): boolean;
  /** Retries left now. */
  readonly balance: number;
}

/** Builds the retry budget; `ratio` is a fraction (0.2 = retries up to 20% of first attempts). */
export function createRetryBudget(ratio: number, burst = 10): RetryBudget {
  let balance = burst;
  return {
    deposit() {
      balance = Math.min(burst, balance + ratio);
    },
    withdraw() {
      if (balance < 1) return false;
      balance -= 1;
      return true;
    },
    get balance() {
      return balance;
    },
  };
}
