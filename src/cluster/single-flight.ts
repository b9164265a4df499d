import type { PollerLeases } from './poller-lease.js';
import type { RedisLink } from './redis.js';

/** Work done once in the cluster per key: one replica does it, the others take its result. */
export interface ClusterSingleFlight {
  /**
   * `work`'s result for `key`: one stored by any replica within `keepMs`; else this replica's
   * own, when it takes the key's lease (stored for the others, then the lease let go); else the
   * one the lease holder stores, waited for up to `waitMs` (a holder that fails lets go, and the
   * next replica to look takes the lease). After `waitMs`, without Redis, or when a Redis
   * command fails, `work` runs here. Results sit in Redis as they are: only values safe to keep
   * there (sealed), never a secret in `key` (hash it).
   */
  run(key: string, work: () => Promise<string>): Promise<string>;
}

export interface ClusterSingleFlightOptions {
  /** The lease: `SET NX PX`, for `waitMs`, so a replica that dies holding it frees the key. */
  leases: PollerLeases;
  /** The longest `work` may take, and so the longest wait for another replica's result. */
  waitMs: number;
  /** How long a result stays in Redis for callers that come late. */
  keepMs: number;
  /** Between two looks for another replica's result; default 25 ms. */
  pollMs?: number;
}

const PREFIX = 'vbm:flight:';

/** Single flights over the shared Redis (REDIS_URL); each process keeps its own single flight above this. */
export function createClusterSingleFlight(link: RedisLink, options: ClusterSingleFlightOptions): ClusterSingleFlight {
  const { leases, waitMs, keepMs } = options;
  const pollMs = options.pollMs ?? 25;
  const pause = () => new Promise<void>((resolve) => setTimeout(resolve, pollMs));
  return {
    async run(key, work) {
      const stored = PREFIX + key;
      const giveUpAt = Date.now() + waitMs;
      for (;;) {
        // A link still making its first connection is waited for: another replica may hold the key.
        if ((await link.settled()) !== 'up') return work();
        let found: string | null;
        try {
          found = await link.client.get(stored);
        } catch {
          return work();
        }
        if (found !== null) return found;
        // Past the wait, the holder is gone or failed: do it here, as a process without Redis would.
        if (Date.now() >= giveUpAt) return work();
        // tryLead says yes while Redis is down or failing: then this replica does it itself.
        if (await leases.tryLead(`flight:${key}`, waitMs)) {
          try {
            // The holder before may have stored its result and let go since the look above.
            const since = await link.client.get(stored).catch(() => null);
            if (since !== null) return since;
            const result = await work();
            // Stored before the lease is let go, so a replica that finds the lease free finds the result.
            await link.client.set(stored, result, 'PX', keepMs).catch(() => undefined);
            return result;
          } finally {
            await leases.release(`flight:${key}`);
          }
        }
        await pause();
      }
    },
  };
}
