import type { Plugin } from 'graphql-yoga';
import type { CacheState } from '../cache/types.js';
import type { Upstream } from '../upstream/pool.js';
import type { ApiVersionState } from '../upstream/version-state.js';

type ProbeResult = Awaited<ReturnType<Upstream['probe']>>;

/**
 * `/ready`: 200 when the upstream answers an anonymous probe within `timeoutMs` (a 401 counts),
 * else 503. Callers share one probe in flight and its result for `cacheMs`, so any number of
 * `/ready` callers cause at most one upstream request per `cacheMs` (plus the probe's own time;
 * and, while the API version is a guess, the version discovery at most once per its recheck period).
 * The probe goes through the upstream's pool (its CA file and TLS settings), as every request does.
 * The body also names where cached entries live (`local`, `redis`, or `degraded` while Redis is down).
 */
export function useReadiness(
  upstream: Upstream,
  options: { timeoutMs: number; cacheMs: number; versions?: ApiVersionState; cacheState?: () => CacheState },
): Plugin {
  const { timeoutMs, cacheMs, versions, cacheState } = options;
  let inFlight: Promise<ProbeResult> | undefined;
  let last: { result: ProbeResult; at: number } | undefined;

  const check = (): Promise<ProbeResult> => {
    if (last && upstream.clock.now() - last.at < cacheMs) return Promise.resolve(last.result);
    // While the version is a guess (no answer at start), the probe waits for the check it starts or joins.
    inFlight ??= Promise.resolve(versions?.confirm())
      .then(() => upstream.probe(timeoutMs, versions?.baseUrl()))
      .then((result) => {
        last = { result, at: upstream.clock.now() };
        inFlight = undefined;
        return result;
      });
    return inFlight;
  };

  return {
    // Synchronous for every other path: an async hook costs each GraphQL request a promise and a tick.
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== '/ready') return;
      return check().then(({ reachable, status }) => {
        const body = JSON.stringify({
          ready: reachable,
          upstreamStatus: status ?? null,
          apiVersion: versions?.current() ?? null,
          breaker: upstream.breaker.state,
          // A degraded cache (Redis down) does not make the replica unready: it serves from the upstream.
          cache: cacheState?.() ?? 'local',
        });
        endResponse(
          new fetchAPI.Response(body, {
            status: reachable ? 200 : 503,
            headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
          }),
        );
      });
    },
  };
}
