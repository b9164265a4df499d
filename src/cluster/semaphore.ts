import { randomUUID } from 'node:crypto';
import { SlotTimeout, type Release, type SlotGate } from '../upstream/slot-gate.js';
import type { RedisLink } from './redis.js';

export { SlotTimeout, type Release };

export interface ClusterSemaphoreOptions {
  /** The shared Redis; without it (or while it is down) the local limits apply. */
  link?: RedisLink;
  /** Concurrent upstream requests in the whole cluster (UPSTREAM_CLUSTER_CONCURRENCY). */
  limit: number;
  /** Concurrent upstream requests of one caller in the whole cluster, so one caller cannot hold every slot. */
  perCallerLimit?: number;
  /** Limit of this process while Redis is down; default `limit` (set it to limit / replicas to stay under the cap). */
  localLimit?: number;
  /** A slot is given back by itself after this long, so a replica that dies returns its slots; default 30 s. */
  leaseMs?: number;
  /** Longest wait for a slot before SlotTimeout; default 10 s. */
  waitMs?: number;
  /** Pause between tries while the cluster is full; default 20 ms (jittered). */
  retryMs?: number;
  /** Redis key namespace; default `vbm:sem:upstream`. */
  name?: string;
}

/** A counting semaphore over the whole cluster: the SlotGate the upstream client takes. */
export interface ClusterSemaphore extends SlotGate {
  /** Slots this process holds now (locally counted). */
  held(): number;
}

// A ZSET per scope of lease ids scored by expiry, on Redis's clock: expired leases are dropped
// before counting, so slots of a replica that died come back after `leaseMs`.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
if ARGV[4] ~= '' then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[4]) then return -1 end
  redis.call('ZADD', KEYS[2], now + lease, ARGV[3])
  redis.call('PEXPIRE', KEYS[2], lease)
end
redis.call('ZADD', KEYS[1], now + lease, ARGV[3])
redis.call('PEXPIRE', KEYS[1], lease)
return 1
`;

/**
 * The cluster-wide cap on concurrent upstream requests (Redis ZSET leases taken by a Lua script),
 * with a per-caller cap inside it. While Redis is down each process falls back to local limits.
 */
export function createClusterSemaphore(options: ClusterSemaphoreOptions): ClusterSemaphore {
  const { link, limit } = options;
  const perCaller = options.perCallerLimit;
  const localLimit = options.localLimit ?? limit;
  const leaseMs = options.leaseMs ?? 30_000;
  const waitMs = options.waitMs ?? 10_000;
  const retryMs = options.retryMs ?? 20;
  const name = options.name ?? 'vbm:sem:upstream';
  let held = 0;
  let localHeld = 0;
  const localByCaller = new Map<string, number>();

  const tryRedis = async (caller: string | undefined, id: string): Promise<number | undefined> => {
    if (!link || link.state !== 'up') return undefined;
    try {
      const keys = [name, `${name}:c:${caller ?? ''}`];
      const args = [limit, leaseMs, id, caller && perCaller ? perCaller : ''];
      return Number(await link.client.eval(ACQUIRE, 2, ...keys, ...args));
    } catch {
      return undefined;
    }
  };

  const tryLocal = (caller: string | undefined): number => {
    if (localHeld >= localLimit) return 0;
    const mine = caller ? (localByCaller.get(caller) ?? 0) : 0;
    if (caller && perCaller && mine >= perCaller) return -1;
    localHeld++;
    if (caller) localByCaller.set(caller, mine + 1);
    return 1;
  };

  const releaseLocal = (caller: string | undefined) => {
    localHeld--;
    if (!caller) return;
    const mine = (localByCaller.get(caller) ?? 1) - 1;
    if (mine <= 0) localByCaller.delete(caller);
    else localByCaller.set(caller, mine);
  };

  return {
    held: () => held,
    async acquire(caller, signal) {
      const id = randomUUID();
      const deadline = performance.now() + waitMs;
      let refusedBy: 'cluster' | 'caller' = 'cluster';
      for (;;) {
        signal?.throwIfAborted();
        const remote = await tryRedis(caller, id);
        const won = remote ?? tryLocal(caller);
        if (won === 1) {
          held++;
          let released = false;
          return () => {
            if (released) return;
            released = true;
            held--;
            if (remote === undefined) releaseLocal(caller);
            else if (link?.state === 'up') {
              void link.client
                .multi()
                .zrem(name, id)
                .zrem(`${name}:c:${caller ?? ''}`, id)
                .exec()
                .catch(() => undefined); // the lease expires by itself
            }
          };
        }
        refusedBy = won === -1 ? 'caller' : 'cluster';
        const left = deadline - performance.now();
        if (left <= 0) throw new SlotTimeout(refusedBy);
        await new Promise((resolve) => setTimeout(resolve, Math.min(left, retryMs * (0.5 + Math.random()))));
      }
    },
  };
}
