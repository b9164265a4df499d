import { request, type Dispatcher } from 'undici';
import type { Logger } from 'pino';
import { adapterFor, type ApiAdapter } from './adapters/index.js';
import { API_VERSIONS, splitApiUrl, versionedUrl, type ApiVersion } from './api-version.js';
import { tlsErrorCode } from './dispatcher.js';
import type { UpstreamEvents } from './events.js';

/** Versions worth probing, newest first; v5 is the fallback and has no `ServiceInstance`. */
const PROBED: readonly ApiVersion[] = [...API_VERSIONS].filter((v) => v !== 'v5').reverse();

/** What the discovery found; `tlsError` when the server refused the TLS handshake (no answer then). */
export interface Discovery {
  version: ApiVersion;
  /** Whether any probe got an HTTP answer. */
  answered: boolean;
  /** The TLS error code (e.g. `UNABLE_TO_VERIFY_LEAF_SIGNATURE`) when a probe failed on TLS. */
  tlsError?: string;
}

/**
 * Finds the newest API version the server serves: an anonymous `GET /{v}/ServiceInstance`
 * answers 401 where the version is served and 404 where it is not. v5 when none of v6-v8 is
 * served; `answered` is false when the server gave no HTTP answer at all. The probes go
 * through `dispatcher`, the pool every other upstream request uses (its CA file and TLS settings).
 */
export async function discoverApiVersion(base: URL, options: { dispatcher: Dispatcher; timeoutMs: number }): Promise<Discovery> {
  const probes = await Promise.all(PROBED.map((version) => probeVersion(base, version, options)));
  const served = PROBED.find((_version, i) => probes[i] === 'served');
  const tlsError = probes.find((p): p is { tlsError: string } => typeof p === 'object')?.tlsError;
  return {
    version: served ?? 'v5',
    answered: probes.some((p) => p === 'served' || p === 'not-served'),
    ...(tlsError ? { tlsError } : {}),
  };
}

type Probe = 'served' | 'not-served' | 'no-answer' | { tlsError: string };

async function probeVersion(base: URL, version: ApiVersion, { dispatcher, timeoutMs }: { dispatcher: Dispatcher; timeoutMs: number }): Promise<Probe> {
  try {
    const response = await request(`${versionedUrl(base, version).href}/ServiceInstance`, {
      dispatcher,
      method: 'GET',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body.dump();
    if (response.statusCode === 404) return 'not-served';
    return response.statusCode < 500 ? 'served' : 'no-answer';
  } catch (error) {
    const tlsError = tlsErrorCode(error);
    return tlsError ? { tlsError } : 'no-answer';
  }
}

/** The API version in use by the process: fixed by configuration, or discovered (and rediscovered). */
export interface ApiVersionState {
  /** The version requests use now. */
  current(): ApiVersion;
  adapter(): ApiAdapter;
  /** The versioned base URL requests use now. */
  baseUrl(): URL;
  /** Whether the configured URL named the version (then it never changes). */
  readonly pinned: boolean;
  /**
   * An upstream request answered 404: maybe the server stopped routing this version (after an
   * update). Called for each 404 on `events`. Checks, at most once per `recheckMs` and one probe at a time, whatever the number
   * of callers, and switches to the newest served version when the current one is gone.
   */
  suspect(): void;
  /**
   * While the version in use is a guess (the server gave no answer to the last discovery):
   * the check to wait for, started now unless one ran within `recheckMs`, one at a time.
   * Undefined when the version is known (or was checked within `recheckMs`): go on with it.
   */
  confirm(): Promise<ApiVersion> | undefined;
  /** Probes now (start-up); resolves with the version in use afterwards. */
  discover(): Promise<ApiVersion>;
}

export interface ApiVersionStateOptions {
  /** The configured upstream URL, with or without a version. */
  url: URL;
  /** The version to start with when the URL names none (from a discovery already run), default v5. */
  initial?: ApiVersion;
  /** False when the server gave no answer to the discovery `initial` came from: the next `confirm()` checks again. Default true. */
  answered?: boolean;
  /** The process's pool to the upstream: the probes trust what every other request trusts. */
  dispatcher: Dispatcher;
  /** How long each discovery probe waits. */
  timeoutMs: number;
  /** At most one discovery per this long, whatever the number of callers. */
  recheckMs: number;
  logger?: Logger;
  /** Milliseconds on a monotonic clock (default `performance.now`). */
  now?: () => number;
  /** The process's upstream events: each 404 answer calls `suspect()`. */
  events?: UpstreamEvents;
  /** Told each discovery's outcome: whether the server answered it (what its reachability reads). */
  onDiscovered?: (answered: boolean) => void;
}

/** Holds the process's API version; holds no caller data. */
export function createApiVersionState(options: ApiVersionStateOptions): ApiVersionState {
  const { base, version: named } = splitApiUrl(options.url);
  const { timeoutMs, recheckMs } = options;
  const now = options.now ?? (() => performance.now());
  let current: ApiVersion = named ?? options.initial ?? 'v5';
  let known = named !== undefined || options.answered !== false;
  let lastCheck = -Infinity;
  let checking: Promise<ApiVersion> | undefined;

  const discover = (): Promise<ApiVersion> => {
    if (named) return Promise.resolve(current);
    lastCheck = now();
    checking ??= discoverApiVersion(base, { dispatcher: options.dispatcher, timeoutMs })
      .then(({ version, answered, tlsError }) => {
        if (tlsError) {
          options.logger?.error({ tlsError }, `the backup server's TLS certificate was refused (${tlsError}) during the version discovery; check VBM_CA_FILE`);
        }
        options.onDiscovered?.(answered);
        if (!answered) return current;
        if (version !== current) {
          options.logger?.warn({ from: current, to: version }, known ? 'backup server API version changed' : 'backup server API version discovered');
          current = version;
        }
        known = true;
        return current;
      })
      .finally(() => {
        checking = undefined;
      });
    return checking;
  };

  const suspect = () => {
    if (named || checking || now() - lastCheck < recheckMs) return;
    void discover();
  };
  // A version named in the URL never changes: nothing to listen for.
  if (!named) {
    options.events?.subscribe((event) => {
      if (event.type === 'request' && event.status === 404) suspect();
    });
  }

  // Every request reads it: built once per version, not once per request.
  let built: { version: ApiVersion; url: URL } | undefined;
  return {
    current: () => current,
    adapter: () => adapterFor(current),
    baseUrl: () => (built?.version === current ? built.url : (built = { version: current, url: versionedUrl(base, current) }).url),
    pinned: named !== undefined,
    suspect,
    confirm() {
      if (known) return undefined;
      if (checking) return checking;
      return now() - lastCheck < recheckMs ? undefined : discover();
    },
    discover,
  };
}
