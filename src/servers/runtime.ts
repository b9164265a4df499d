import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import { createBackupApi, type BackupApi } from '../datasource/backup-api.js';
import { createLiveHub, type LiveCluster, type LiveHub, type LiveSettings } from '../live/hub.js';
import type { FeedChange } from '../live/feed.js';
import type { ApiVersion } from '../upstream/api-version.js';
import { createUpstreamClient } from '../upstream/client.js';
import { createUpstreamDispatcher } from '../upstream/dispatcher.js';
import { createUpstreamEvents, type UpstreamEvents } from '../upstream/events.js';
import { createUpstream, type Upstream, type UpstreamSettings } from '../upstream/pool.js';
import type { UpstreamClock } from '../upstream/resilience.js';
import type { SlotGate } from '../upstream/slot-gate.js';
import { createApiVersionState, type ApiVersionState } from '../upstream/version-state.js';
import type { ServerSetting } from './settings.js';

/** How long one outcome (a request's, a discovery's or a probe's) tells whether a server is reachable. */
export const REACHABLE_WINDOW_MS = 30_000;

/** Whether a server answers, and the HTTP status of the outcome that says so (none after a failure to connect, or after the discovery at start). */
export interface Reachability {
  reachable: boolean;
  status?: number;
}

/**
 * One backup server's machinery, built once per process: its own pool (its CA file, TLS),
 * fair queue, breaker, retry budget, API version and live hub, so one server's failure or
 * slowness never takes another's slots, breaker or budget. Holds no token or data.
 */
export interface ServerRuntime {
  readonly name: string;
  readonly upstream: Upstream;
  readonly versions: ApiVersionState;
  readonly live: LiveHub;
  /** This server's event stream (its 404s re-check only its version); every event is also on the process's stream. */
  readonly events: UpstreamEvents;
  /** The API version in use, spelled `v8`. */
  apiVersion(): ApiVersion;
  /**
   * Whether the last request, discovery or probe within REACHABLE_WINDOW_MS succeeded; with
   * none in that window, an anonymous probe (one at a time) answers.
   */
  reachable(): Promise<boolean>;
  /**
   * The same with the status seen, trusting an outcome for `maxAgeMs` (default
   * REACHABLE_WINDOW_MS; `/ready` passes READY_CACHE_MS). Shares the one probe in flight.
   */
  reachability(maxAgeMs?: number): Promise<Reachability>;
  close(): Promise<void>;
}

export interface ServerRuntimeOptions {
  setting: ServerSetting;
  /** The version discovered at start when the URL names none, and whether the server answered then. */
  apiVersion?: ApiVersion;
  apiVersionAnswered?: boolean;
  /** This server's pool when built before (the discovery at start used it); default one from the setting. */
  dispatcher?: Dispatcher;
  /** Settings every server shares (its own base URL, CA and TLS are put in). */
  upstream: Omit<UpstreamSettings, 'baseUrl' | 'ca' | 'tlsInsecure'>;
  live: LiveSettings;
  /** The process's stream: metrics and tracing see every server's events there. */
  processEvents: UpstreamEvents;
  recheckMs: number;
  /** Upstream requests one poll may make. */
  budget: number;
  logger?: Logger;
  cluster?: SlotGate;
  liveCluster?: LiveCluster;
  clock?: UpstreamClock;
  /** Epoch ms (the reachability window); default Date.now. */
  now?: () => number;
  /** Timeout of a reachability probe. */
  probeTimeoutMs: number;
  /** What the live hub's event feed reports: changes (with this server's cache base path, `/<name>/vN`) and a missing feed. */
  liveHooks?: {
    onChanges?: (token: string, changes: readonly FeedChange[], basePath: string) => void;
    onMissing?: () => void;
  };
}

/** Builds one server's machinery. */
export function createServerRuntime(options: ServerRuntimeOptions): ServerRuntime {
  const { setting, logger } = options;
  const now = options.now ?? Date.now;
  const events = createUpstreamEvents();
  events.subscribe((event) => options.processEvents.emit(event));
  const dispatcher =
    options.dispatcher ?? createUpstreamDispatcher({ ca: setting.ca, tlsInsecure: setting.insecure, maxConnections: options.upstream.maxConnections });
  const serverLogger = logger?.child({ server: setting.name });
  // The last outcome seen (a request's, a discovery's or a probe's): an HTTP answer below 500 is the server answering (a 401 included).
  let last: Reachability | undefined = options.apiVersionAnswered === undefined ? undefined : { reachable: options.apiVersionAnswered };
  let lastAt = now();
  const seen = (outcome: Reachability) => {
    last = outcome;
    lastAt = now();
  };
  const versions = createApiVersionState({
    url: setting.url,
    initial: options.apiVersion,
    answered: options.apiVersionAnswered,
    dispatcher,
    timeoutMs: options.upstream.timeoutMs,
    recheckMs: options.recheckMs,
    logger: serverLogger,
    events,
    onDiscovered: (answered) => seen({ reachable: answered }),
  });
  const upstream = createUpstream(
    { ...options.upstream, baseUrl: versions.baseUrl(), ca: setting.ca, tlsInsecure: setting.insecure },
    { server: setting.name, logger: serverLogger, events, cluster: options.cluster, dispatcher, clock: options.clock },
  );
  const live = createLiveHub(
    options.live,
    (token, signal, pollerId): BackupApi =>
      createBackupApi({
        client: createUpstreamClient({ upstream, token, signal, scope: { requestId: pollerId }, budget: options.budget, baseUrl: versions.baseUrl() }),
        adapter: versions.adapter(),
        server: setting.name,
      }),
    options.liveCluster,
    {
      onChanges: (token, changes) => options.liveHooks?.onChanges?.(token, changes, `/${setting.name}${versions.baseUrl().pathname.replace(/\/+$/, '')}`),
      onMissing: () => options.liveHooks?.onMissing?.(),
    },
  );

  events.subscribe((event) => {
    if (event.type !== 'request') return;
    seen({ reachable: event.status !== undefined && event.status < 500 && event.error === undefined, status: event.status });
  });
  let probing: Promise<Reachability> | undefined;
  const reachability = (maxAgeMs = REACHABLE_WINDOW_MS): Promise<Reachability> => {
    if (last !== undefined && now() - lastAt < maxAgeMs) return Promise.resolve(last);
    probing ??= upstream
      .probe(options.probeTimeoutMs, versions.baseUrl())
      .then((outcome) => {
        seen(outcome);
        return outcome;
      })
      .finally(() => {
        probing = undefined;
      });
    return probing;
  };

  return {
    name: setting.name,
    upstream,
    versions,
    live,
    events,
    apiVersion: () => versions.current(),
    reachable: () => reachability().then((seen) => seen.reachable),
    reachability,
    async close() {
      live.close();
      await dispatcher.close();
    },
  };
}
