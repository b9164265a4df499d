import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Plugin } from 'graphql-yoga';
import type { DeliveryEvent } from '../alerts/delivery.js';
import type { OutboxStats } from '../alerts/outbox.js';
import type { Alert } from '../alerts/types.js';
import type { BreakerState } from '../upstream/breaker.js';
import type { CacheLocation, UpstreamEvent, UpstreamEvents, UpstreamRequestEvent } from '../upstream/events.js';
import { createOperationLabels, operationName } from './operation-name.js';

const CACHE_STATES: readonly CacheLocation[] = ['local', 'redis', 'degraded'];

const BREAKER_STATES: readonly BreakerState[] = ['closed', 'open', 'half-open'];

/** Prometheus metrics of one server instance (a registry of its own, not the global one). */
export interface Metrics {
  registry: Registry;
  /** Serves `/metrics` and counts operations. */
  plugin: Plugin;
  /**
   * Counts what `events` reports: upstream attempts and retries, the breaker's state, lookups of
   * the cache under the loaders and where its entries live, loads answered by a loader's cache.
   * Returns the unsubscribe.
   */
  subscribeTo(events: UpstreamEvents): () => void;
  /**
   * The configured backup servers' names: the values of the `server` label on the upstream
   * metrics (attempts, their duration, retries, the breaker), each breaker shown closed until
   * its first change, and on the alert metrics. Bounded: the names come from the configuration.
   */
  knowServers(names: Iterable<string>): void;
  /** Operation names (of persisted operations) that always get their own label. */
  knowOperations(names: Iterable<string>): void;
  /**
   * Counts an alert the store recorded (`raise` resolved true; once per alert in the cluster) by
   * its server and kind. A server not in `knowServers` (an alert kept from an earlier
   * configuration) counts as `_other`.
   */
  alertRaised(alert: Pick<Alert, 'server' | 'kind'>): void;
  /**
   * Counts one delivery attempt by the alert's server (as `alertRaised`), target (names from
   * ALERTS_FILE, so bounded) and outcome; pass as the delivery's `onDelivery`.
   */
  alertDelivery(event: DeliveryEvent): void;
  /** Reads the outbox length and its oldest entry's age from `outbox.stats()` at each scrape. */
  observeOutbox(outbox: { stats(): Promise<OutboxStats> }, now?: () => number): void;
}

/**
 * Builds the metrics of one server. Operation names are client-chosen: at most
 * `maxOperations` distinct ones (besides known persisted ones and `anonymous`) become label
 * values, later ones are counted as `other`, so /metrics stays bounded.
 */
export function createMetrics(options: { maxOperations?: number } = {}): Metrics {
  const labels = createOperationLabels(options.maxOperations ?? 100);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const operations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations by name and outcome (success, partial, error).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });
  const operationSeconds = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'GraphQL operation execution time.',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const upstreamRequests = new Counter({
    name: 'upstream_requests_total',
    help: 'Upstream REST attempts by backup server, route template and status (or error).',
    labelNames: ['server', 'method', 'route', 'status'] as const,
    registers: [registry],
  });
  const upstreamSeconds = new Histogram({
    name: 'upstream_request_duration_seconds',
    help: 'Upstream REST attempt latency by backup server and route template.',
    labelNames: ['server', 'method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const retries = new Counter({
    name: 'upstream_retries_total',
    help: 'Upstream attempts that were retries of an earlier failed attempt, by backup server and route template.',
    labelNames: ['server', 'route'] as const,
    registers: [registry],
  });
  const breaker = new Gauge({
    name: 'upstream_circuit_breaker_state',
    help: "Each backup server's circuit breaker state: 1 for the current state, 0 for the others.",
    labelNames: ['server', 'state'] as const,
    registers: [registry],
  });
  const cacheHits = new Counter({
    name: 'loader_cache_hits_total',
    help: 'Loads answered from the per-request loader cache (upstream calls saved).',
    labelNames: ['loader'] as const,
    registers: [registry],
  });
  const cacheState = new Gauge({
    name: 'upstream_cache_state',
    help: 'Where cached upstream entries live: 1 for the current state (local, redis, or degraded while Redis is down), 0 for the others.',
    labelNames: ['state'] as const,
    registers: [registry],
  });
  const cacheLookups = new Counter({
    name: 'upstream_cache_lookups_total',
    help: 'Lookups of the per-caller upstream cache: hit, miss (read upstream), bypass (no token or caching off).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const alertsRaised = new Counter({
    name: 'alerts_raised_total',
    help: 'Alerts recorded by this replica, by backup server and kind (each alert once in the cluster).',
    labelNames: ['server', 'kind'] as const,
    registers: [registry],
  });
  const alertDeliveries = new Counter({
    name: 'alert_deliveries_total',
    help: "Alert delivery attempts by the alert's backup server, target and outcome (delivered, retry, gave-up, expired).",
    labelNames: ['server', 'target', 'outcome'] as const,
    registers: [registry],
  });
  // Alerts outlive a configuration (the outbox is durable): only configured names become labels,
  // the rest one value no server can be named (names are [a-z0-9-]).
  const knownServers = new Set<string>();
  const serverLabel = (name: string) => (knownServers.has(name) ? name : '_other');
  let outbox: { source: { stats(): Promise<OutboxStats> }; now: () => number } | undefined;
  let outboxRead: Promise<OutboxStats | undefined> | undefined;
  // One stats() per scrape for both gauges.
  const readOutbox = () => {
    outboxRead ??= (outbox?.source.stats().catch(() => undefined) ?? Promise.resolve(undefined)).finally(() => {
      outboxRead = undefined;
    });
    return outboxRead;
  };
  new Gauge({
    name: 'alert_outbox_length',
    help: 'Alert deliveries not yet accepted by their target nor given up.',
    registers: [registry],
    async collect() {
      const stats = await readOutbox();
      if (stats) this.set(stats.length);
    },
  });
  new Gauge({
    name: 'alert_outbox_oldest_age_seconds',
    help: 'Age of the oldest alert delivery not yet accepted; 0 when the outbox is empty.',
    registers: [registry],
    async collect() {
      const stats = await readOutbox();
      if (stats && outbox) this.set(stats.oldestQueuedAt === null ? 0 : Math.max(0, (outbox.now() - stats.oldestQueuedAt) / 1000));
    },
  });
  const cacheStateChanged = (state: CacheLocation) => {
    for (const s of CACHE_STATES) cacheState.set({ state: s }, s === state ? 1 : 0);
  };
  const breakerChanged = (server: string, state: BreakerState) => {
    for (const s of BREAKER_STATES) breaker.set({ server, state: s }, s === state ? 1 : 0);
  };
  const attempted = (event: UpstreamRequestEvent) => {
    const { server } = event;
    const status = event.status === undefined ? (event.error ?? 'error') : String(event.status);
    upstreamRequests.inc({ server, method: event.method, route: event.template, status });
    upstreamSeconds.observe({ server, method: event.method, route: event.template }, event.durationMs / 1000);
    if (event.attempt > 1) retries.inc({ server, route: event.template });
  };
  const listener = (event: UpstreamEvent) => {
    switch (event.type) {
      case 'request':
        return attempted(event);
      case 'breaker':
        return breakerChanged(event.server, event.state);
      case 'cache':
        return cacheLookups.inc({ outcome: event.outcome });
      case 'cache-state':
        return cacheStateChanged(event.state);
      case 'loader-hit':
        return cacheHits.inc({ loader: event.loader });
    }
  };

  return {
    registry,
    subscribeTo: (events) => events.subscribe(listener),
    knowServers(names) {
      for (const name of names) {
        knownServers.add(name);
        breakerChanged(name, 'closed');
      }
    },
    knowOperations: (names) => labels.know(names),
    alertRaised: (alert) => alertsRaised.inc({ server: serverLabel(alert.server), kind: alert.kind }),
    alertDelivery: (event) => alertDeliveries.inc({ server: serverLabel(event.server), target: event.target, outcome: event.outcome }),
    observeOutbox(source, now = Date.now) {
      outbox = { source, now };
    },
    plugin: {
      // Synchronous for every other path: an async hook costs each GraphQL request a promise and a tick.
      onRequest({ url, endResponse, fetchAPI }) {
        if (url.pathname !== '/metrics') return;
        return registry.metrics().then((text) => {
          endResponse(new fetchAPI.Response(text, { headers: { 'content-type': registry.contentType } }));
        });
      },
      onExecute({ args }) {
        const operation = labels.label(operationName(args));
        const stop = operationSeconds.startTimer({ operation });
        return {
          onExecuteDone({ result }) {
            stop();
            const errors = 'errors' in result ? (result.errors?.length ?? 0) : 0;
            const data = 'data' in result ? result.data : undefined;
            operations.inc({ operation, outcome: errors === 0 ? 'success' : data ? 'partial' : 'error' });
          },
        };
      },
    },
  };
}
