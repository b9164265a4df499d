import type { RedisLink } from '../cluster/redis.js';
import { createFileAlertStore } from './file-store.js';
import type { DurableAlertStore } from './outbox.js';
import type { Alert } from './types.js';
import { createRedisAlertStore } from './redis-store.js';

/**
 * The alert store of this deployment: in Redis when the replicas share one (REDIS_URL), else files
 * under STATE_DIR. `defaultServer` (the first configured server) owns what was stored before
 * alerts and positions named their server.
 */
export function createAlertStore(options: { link?: RedisLink; stateDir: string; now?: () => number; defaultServer?: string }): Promise<DurableAlertStore> {
  const { now, defaultServer } = options;
  return options.link ? Promise.resolve(createRedisAlertStore({ link: options.link, now, defaultServer })) : createFileAlertStore({ dir: options.stateDir, now, defaultServer });
}

/**
 * The store as the app uses it: opened in the background (the file store reads its journal
 * first), so the facade starts listening at once; every call waits for the opening, and an
 * opening that failed fails each call. `onRaised` sees each alert this process recorded first.
 */
export function openedStore(opening: Promise<DurableAlertStore>, hooks: { onRaised?: (alert: Alert) => void } = {}): DurableAlertStore {
  const ready = () => opening;
  return {
    async raise(alert, targets) {
      const recorded = await (await ready()).raise(alert, targets);
      if (recorded) hooks.onRaised?.(alert);
      return recorded;
    },
    resolve: async (id, resolvedAt) => (await ready()).resolve(id, resolvedAt),
    firing: async () => (await ready()).firing(),
    page: async (options) => (await ready()).page(options),
    position: async (server) => (await ready()).position(server),
    setPosition: async (position, server) => (await ready()).setPosition(position, server),
    pending: async (limit) => (await ready()).pending(limit),
    settle: async (key) => (await ready()).settle(key),
    stats: async () => (await ready()).stats(),
    watch(listener) {
      let stopped = false;
      let unwatch: (() => void) | undefined;
      opening.then(
        (store) => {
          if (!stopped) unwatch = store.watch(listener);
        },
        () => undefined,
      );
      return () => {
        stopped = true;
        unwatch?.();
      };
    },
    async close() {
      await opening.then(
        (store) => store.close(),
        () => undefined,
      );
    },
  };
}
