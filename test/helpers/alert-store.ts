import type { Alert, AlertPage, AlertStore } from '../../src/alerts/types.js';

/** An AlertStore in memory, for tests: what it was asked to raise and resolve is kept in order. */
export interface MemoryAlertStore extends AlertStore {
  /** Every `raise` that recorded a new alert, with its targets, in order. */
  readonly raised: { alert: Alert; targets: readonly string[] }[];
  /** Every `resolve` that resolved a firing alert, in order. */
  readonly resolved: Alert[];
  /** Calls of `raise`, duplicates included. */
  raiseCalls: number;
  /** The history, newest first. */
  all(): Alert[];
  /** Listeners `watch` holds now. */
  watching(): number;
}

/**
 * `shared` lets two stores (two replicas) see one history and position, like the Redis store;
 * without it each store has its own.
 */
export function createMemoryAlertStore(shared?: MemoryAlertStore): MemoryAlertStore {
  if (shared) return shared;
  const alerts = new Map<string, Alert>();
  const order: string[] = [];
  const listeners = new Set<(alert: Alert) => void>();
  /** Each server's watcher position (`default` when none is named, as the stores do). */
  const positions = new Map<string, string>();
  const store: MemoryAlertStore = {
    raised: [],
    resolved: [],
    raiseCalls: 0,
    all: () => [...order].reverse().map((id) => alerts.get(id)!),
    watching: () => listeners.size,
    async raise(alert, targets) {
      store.raiseCalls++;
      if (alerts.has(alert.id)) return false;
      alerts.set(alert.id, alert);
      order.push(alert.id);
      store.raised.push({ alert, targets });
      for (const listener of listeners) listener(alert);
      return true;
    },
    async resolve(id, resolvedAt) {
      const alert = alerts.get(id);
      if (!alert || alert.state !== 'FIRING') return undefined;
      const next: Alert = { ...alert, state: 'RESOLVED', resolvedAt };
      alerts.set(id, next);
      store.resolved.push(next);
      for (const listener of listeners) listener(next);
      return next;
    },
    async firing() {
      return store.all().filter((alert) => alert.state === 'FIRING');
    },
    async page({ first, after, state, visible }): Promise<AlertPage> {
      const matching = store.all().filter((alert) => (!state || alert.state === state) && (!visible || visible(alert)));
      const start = after ? matching.findIndex((alert) => alert.id === after) + 1 : 0;
      const slice = matching.slice(start, start + first);
      return { alerts: slice, endCursor: slice.at(-1)?.id ?? null, hasNextPage: start + first < matching.length };
    },
    async position(server = 'default') {
      return positions.get(server);
    },
    async setPosition(next, server = 'default') {
      positions.set(server, next);
    },
    watch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
    },
  };
  return store;
}
