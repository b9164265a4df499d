import type { Logger } from 'pino';
import type { LeaderElection } from '../live/hub.js';
import type { Upstream } from '../upstream/pool.js';
import type { ApiVersionState } from '../upstream/version-state.js';
import type { AlertsAccess } from './access.js';
import type { AlertsConfig, AlertStore } from './types.js';
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
  /** Between two evaluations of the rules; default the watcher's (30 s). */
  intervalMs?: number;
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
