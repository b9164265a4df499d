import type { RedisLink } from '../cluster/redis.js';
import { createFileAlertStore } from './file-store.js';
import type { DurableAlertStore } from './outbox.js';
import { createRedisAlertStore } from './redis-store.js';

/** The alert store of this deployment: in Redis when the replicas share one (REDIS_URL), else files under STATE_DIR. */
export function createAlertStore(options: { link?: RedisLink; stateDir: string; now?: () => number }): Promise<DurableAlertStore> {
  return options.link ? Promise.resolve(createRedisAlertStore({ link: options.link, now: options.now })) : createFileAlertStore({ dir: options.stateDir, now: options.now });
}
