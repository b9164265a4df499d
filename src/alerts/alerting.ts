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

export interface AlertingOptions {
  config: AlertsConfig;
  /** The durable store (file under STATE_DIR, or Redis), shared by the replicas. */
  store: AlertStore;
  /** Delivery's test message to a target; true when the target accepted it. */
  sendTest(name: string): Promise<boolean>;
  /** WATCH_USERNAME / WATCH_PASSWORD; without them no watcher runs here (the history is still served). */
  credentials: { username: string; password: string } | undefined;
  publicUrl?: URL;
  /** The process's upstream and API version: the watcher's requests share the one pool. */
  upstream: Upstream;
  versions: ApiVersionState;
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
  watcher: AlertWatcher | undefined;
  stop(): Promise<void>;
}

/** Starts the watcher (with credentials) and builds what GraphQL reads: called once by the app with ALERTS_FILE. */
export function startAlerting(options: AlertingOptions): Alerting {
  const { config, store, credentials, logger } = options;
  const watcher = credentials
    ? createAlertWatcher({
        config,
        store,
        api: upstreamWatcherApi(options.upstream, options.versions),
        credentials,
        election: options.election ?? localLeader(),
        publicUrl: options.publicUrl,
        intervalMs: options.intervalMs,
        // v8: ended sessions arrive by the event feed, with the watcher's own token; other versions poll.
        sessionEnds: feedSessionEnds({
          timeoutSeconds: options.feedTimeoutSeconds ?? 25,
          onMissing: () => logger?.warn('alerts watcher: the backup server answers 404 on /Events; ended sessions are polled instead'),
        }),
        logger,
      })
    : undefined;
  if (!watcher) logger?.warn('ALERTS_FILE is set but WATCH_USERNAME/WATCH_PASSWORD are not: no alerts watcher runs in this process');
  watcher?.start();
  return {
    access: {
      store,
      targets: config.targets.map((target) => target.name),
      sendTest: options.sendTest,
      maxSubscribers: options.maxSubscribers,
      maxQueued: options.maxQueued,
      shutdown: options.shutdown,
    },
    watcher,
    stop: async () => {
      await watcher?.stop();
    },
  };
}

export interface AlertDeliveryParts {
  /** The store opened in the background, counting what this process records first. */
  store: DurableAlertStore;
  sendTest(name: string): Promise<boolean>;
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
  logger?: Logger;
  onRaised?: (alert: Alert) => void;
  onDelivery?: (event: DeliveryEvent) => void;
}): AlertDeliveryParts {
  const opening = createAlertStore({ link: options.link, stateDir: options.stateDir });
  opening.catch((error: unknown) => options.logger?.error({ code: (error as NodeJS.ErrnoException).code }, 'the alert store could not be opened; alerts are neither recorded nor delivered'));
  const store = openedStore(opening, { onRaised: options.onRaised });
  const delivery = createAlertDelivery({ store, targets: options.config.targets, retryBaseMs: options.retryBaseMs, logger: options.logger, leases: options.leases, onDelivery: options.onDelivery });
  void opening.then(() => delivery.start(), () => undefined);
  return {
    store,
    sendTest: async (name) => {
      try {
        return await delivery.sendTest(name);
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
