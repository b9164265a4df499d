import { randomUUID } from 'node:crypto';
import type { RedisLink } from './redis.js';

/** Who polls a (caller, resource) pair: one replica in the cluster holds its lease. */
export interface PollerLeases {
  readonly replicaId: string;
  /** Takes the lease if free (or already ours, then renews it); true means this replica polls. */
  tryLead(key: string, ttlMs: number): Promise<boolean>;
  /** Extends our lease; false when it expired or another replica took it. */
  renew(key: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if it is ours (a clean stop hands over at once instead of after the TTL). */
  release(key: string): Promise<void>;
}

const PREFIX = 'vbm:lead:';

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * Poller leadership by `SET key me NX PX ttl`: the lease of a replica that dies expires and the
 * next `tryLead` elsewhere wins. While Redis is down every replica leads its own pollers, as a
 * single replica does today. A link still making its first connection is not down: the answer
 * waits for that attempt (bounded by its connect timeout), or two replicas starting together
 * would both lead. Keys should be tokenHash-based (never a raw token).
 */
export function createPollerLeases(link: RedisLink | undefined, replicaId: string = randomUUID()): PollerLeases {
  const up = async () => link !== undefined && (await link.settled()) === 'up';
  const renew = async (key: string, ttlMs: number): Promise<boolean> => {
    if (!(await up())) return true;
    try {
      return Number(await link!.client.eval(RENEW, 1, PREFIX + key, replicaId, Math.ceil(ttlMs))) === 1;
    } catch {
      return true;
    }
  };
  return {
    replicaId,
    renew,
    async tryLead(key, ttlMs) {
      if (!(await up())) return true;
      try {
        const taken = await link!.client.set(PREFIX + key, replicaId, 'PX', Math.ceil(ttlMs), 'NX');
        return taken === 'OK' || (await renew(key, ttlMs));
      } catch {
        return true;
      }
    },
    async release(key) {
      if (!(await up())) return;
      try {
        await link!.client.eval(RELEASE, 1, PREFIX + key, replicaId);
      } catch {
        // it expires by itself
      }
    },
  };
}
