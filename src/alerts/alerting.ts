import type { Logger } from 'pino';
import type { LeaderElection } from '../live/hub.js';
import type { Upstream } from '../upstream/pool.js';
import type { ApiVersionState } from '../upstream/version-state.js';
import type { AlertsAccess } from './access.js';
import type { Alert, AlertsConfig, AlertStore } from './types.js';
import type { RedisLink } from '../cluster/redis.js';
import { facadeError } from '../errors.js';
import { createAlertDelivery, UnknownAlertTargetError, type DeliveryEvent } from './delivery.js';
import type { DurableAlertStore } from './outbox.js';
import { createAlertStore, openedStore } from './store.js';
import { feedSessionEnds } from './session-ends.js';
import { createAlertWatcher, localLeader, type AlertWatcher } from './watcher.js';
import { upstreamWatcherApi } from './watcher-api.js';

/** A backup server the alerts watch: its configured name and its machinery (a `ServerRuntime` fits). */
export interface WatchedServer {
  readonly name: string;
  /** The server's own pool, fair queue, breaker and retry budget: its watcher's requests go there. */
  readonly upstream: Upstream;
  readonly versions: ApiVersionState;
}

export interface AlertingOptions {
  config: AlertsConfig;
  /** The durable store (file under STATE_DIR, or Redis), shared by the replicas. */
  store: AlertStore;
  /** Delivery's test message to a target, naming the server it was tested from; true when the target accepted it. */
  sendTest(name: string, server?: string): Promise<boolean>;
  /**
   * WATCH_USERNAME / WATCH_PASSWORD: every server's watcher account unless ALERTS_FILE names the
   * server's own (`servers:`). A server with neither is not watched here (the history is still served).
   */
  credentials: { username: string; password: string } | undefined;
  publicUrl?: URL;
  /** The configured servers, in configuration order: one watcher each, on that server's own machinery. */
  servers: readonly WatchedServer[];
  /** The cluster's leases (REDIS_URL); default: this process always leads. */
  election?: LeaderElection;
  /** ALERTS_INTERVAL_MS: between two evaluations of the condition rules, and of polled sessions; default the watcher's (30 s). */
  intervalMs?: number;
  /** LIVE_FEED_TIMEOUT_SECONDS: one long poll of the v8 event feed; 0 polls the session list on every version. */
  feedTimeoutSeconds?: number;
  maxSubscribers: number;
  maxQueued: number;
  shutdown?: AbortSignal;
  logger?: Logger;
}

export interface Alerting {
  /** What GraphQL reaches (the context's `alerts`). */
  access: AlertsAccess;
  /** One watcher per server watched, by server name. */
  watchers: ReadonlyMap<string, AlertWatcher>;
  stop(): Promise<void>;
}

/**
 * Starts one watcher per configured server and builds what GraphQL reads: called once by the app
 * with ALERTS_FILE. Each watcher signs in to its own server only, holds its own lease
 * (`alerts:watcher:<server>` with several servers) and keeps its own schedule and position, so
 * one server down or refusing the sign-in leaves the others' watching as it was.
 */
export function startAlerting(options: AlertingOptions): Alerting {
  const { config, store, logger } = options;
  const named = options.servers.length > 1;
  const own = new Map((config.servers ?? []).map((account) => [account.name, { username: account.username, password: account.password }] as const));
  for (const name of own.keys()) {
    if (!options.servers.some((server) => server.name === name)) logger?.warn({ server: name }, 'ALERTS_FILE names a watcher account for a server that is not configured; it is not used');
  }
  const watchers = new Map<string, AlertWatcher>();
  for (const server of options.servers) {
    const credentials = own.get(server.name) ?? options.credentials;
    if (!credentials) {
      logger?.warn({ server: server.name }, 'ALERTS_FILE is set but neither WATCH_USERNAME/WATCH_PASSWORD nor the server\'s own account in ALERTS_FILE: this server is not watched by this process');
      continue;
    }
    const serverLogger = logger?.child({ server: server.name });
    watchers.set(
      server.name,
      createAlertWatcher({
        config,
        store,
        api: upstreamWatcherApi(server.upstream, server.versions, server.name),
        credentials,
        server: server.name,
        nameServer: named,
        election: options.election ?? localLeader(),
        publicUrl: options.publicUrl,
        intervalMs: options.intervalMs,
        // v8: ended sessions arrive by the event feed, with the watcher's own token; other versions poll.
        sessionEnds: feedSessionEnds({
          timeoutSeconds: options.feedTimeoutSeconds ?? 25,
          onMissing: () => serverLogger?.warn('alerts watcher: the backup server answers 404 on /Events; ended sessions are polled instead'),
        }),
        logger,
      }),
    );
  }
  for (const watcher of watchers.values()) watcher.start();
  return {
    access: {
      store,
      targets: config.targets.map((target) => target.name),
      sendTest: options.sendTest,
      maxSubscribers: options.maxSubscribers,
      maxQueued: options.maxQueued,
      shutdown: options.shutdown,
    },
    watchers,
    stop: async () => {
      await Promise.all([...watchers.values()].map((watcher) => watcher.stop()));
    },
  };
}

export interface AlertDeliveryParts {
  /** The store opened in the background, counting what this process records first. */
  store: DurableAlertStore;
  sendTest(name: string, server?: string): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * Opens the durable store (Redis with REDIS_URL, else files under STATE_DIR) and starts delivering
 * its outbox: called once by the app with ALERTS_FILE. Only the holder of the delivery lease sends.
 */
export function startAlertDelivery(options: {
  config: AlertsConfig;
  stateDir: string;
  retryBaseMs: number;
  link: RedisLink | undefined;
  leases: LeaderElection | undefined;
  /** The first configured server: what was stored before alerts named their server is its. */
  defaultServer?: string;
  logger?: Logger;
  onRaised?: (alert: Alert) => void;
  onDelivery?: (event: DeliveryEvent) => void;
}): AlertDeliveryParts {
  const opening = createAlertStore({ link: options.link, stateDir: options.stateDir, defaultServer: options.defaultServer });
  opening.catch((error: unknown) => options.logger?.error({ code: (error as NodeJS.ErrnoException).code }, 'the alert store could not be opened; alerts are neither recorded nor delivered'));
  const store = openedStore(opening, { onRaised: options.onRaised });
  const delivery = createAlertDelivery({ store, targets: options.config.targets, retryBaseMs: options.retryBaseMs, logger: options.logger, leases: options.leases, onDelivery: options.onDelivery });
  void opening.then(() => delivery.start(), () => undefined);
  return {
    store,
    sendTest: async (name, server) => {
      try {
        return await delivery.sendTest(name, server);
      } catch (error) {
        if (error instanceof UnknownAlertTargetError) throw facadeError('BAD_USER_INPUT', `No alert target is named "${name}" in ALERTS_FILE.`);
        throw error;
      }
    },
    async stop() {
      await delivery.stop();
      await store.close();
    },
  };
}
