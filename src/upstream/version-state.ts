import { request, type Dispatcher } from 'undici';
import type { Logger } from 'pino';
import { adapterFor, type ApiAdapter } from './adapters/index.js';
import { API_VERSIONS, splitApiUrl, versionedUrl, type ApiVersion } from './api-version.js';

/** Versions worth probing, newest first; v5 is the fallback and has no `ServiceInstance`. */
const PROBED: readonly ApiVersion[] = [...API_VERSIONS].filter((v) => v !== 'v5').reverse();

/**
 * Finds the newest API version the server serves: an anonymous `GET /{v}/ServiceInstance`
 * answers 401 where the version is served and 404 where it is not. v5 when none of v6-v8 is
 * served; `answered` is false when the server gave no HTTP answer at all.
 */
export async function discoverApiVersion(
  base: URL,
  options: { dispatcher?: Dispatcher; timeoutMs: number },
): Promise<{ version: ApiVersion; answered: boolean }> {
  const probes = await Promise.all(PROBED.map((version) => probeVersion(base, version, options)));
  const served = PROBED.find((_version, i) => probes[i] === 'served');
  return { version: served ?? 'v5', answered: probes.some((p) => p !== 'no-answer') };
}

type Probe = 'served' | 'not-served' | 'no-answer';

async function probeVersion(base: URL, version: ApiVersion, { dispatcher, timeoutMs }: { dispatcher?: Dispatcher; timeoutMs: number }): Promise<Probe> {
  try {
    const response = await request(`${versionedUrl(base, version).href}/ServiceInstance`, {
      method: 'GET',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
      ...(dispatcher ? { dispatcher } : {}),
    });
    await response.body.dump();
    if (response.statusCode === 404) return 'not-served';
    return response.statusCode < 500 ? 'served' : 'no-answer';
  } catch {
    return 'no-answer';
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
   * An upstream read answered 404: maybe the server stopped routing this version (after an
   * update). Checks, at most once per `recheckMs` and one probe at a time, whatever the number
   * of callers, and switches to the newest served version when the current one is gone.
   */
  suspect(): void;
  /** Probes now (start-up); resolves with the version in use afterwards. */
  discover(): Promise<ApiVersion>;
}

export interface ApiVersionStateOptions {
  /** The configured upstream URL, with or without a version. */
  url: URL;
  /** The version to start with when the URL names none (from a discovery already run), default v5. */
  initial?: ApiVersion;
  dispatcher?: Dispatcher;
  timeoutMs?: number;
  recheckMs?: number;
  logger?: Logger;
}

/** Holds the process's API version; holds no caller data. */
export function createApiVersionState(options: ApiVersionStateOptions): ApiVersionState {
  const { base, version: named } = splitApiUrl(options.url);
  const timeoutMs = options.timeoutMs ?? 5_000;
  const recheckMs = options.recheckMs ?? 30_000;
  let current: ApiVersion = named ?? options.initial ?? 'v5';
  let lastCheck = -Infinity;
  let checking: Promise<ApiVersion> | undefined;

  const discover = (): Promise<ApiVersion> => {
    if (named) return Promise.resolve(current);
    lastCheck = performance.now();
    checking ??= discoverApiVersion(base, { dispatcher: options.dispatcher, timeoutMs })
      .then(({ version, answered }) => {
        if (answered && version !== current) {
          options.logger?.warn({ from: current, to: version }, 'backup server API version changed');
          current = version;
        }
        return current;
      })
      .finally(() => {
        checking = undefined;
      });
    return checking;
  };

  return {
    current: () => current,
    adapter: () => adapterFor(current),
    baseUrl: () => versionedUrl(base, current),
    pinned: named !== undefined,
    suspect() {
      if (named || checking || performance.now() - lastCheck < recheckMs) return;
      void discover();
    },
    discover,
  };
}
