import type { Plugin } from 'graphql-yoga';
import type { CacheState } from '../cache/types.js';
import type { Reachability, ServerRuntime } from '../servers/runtime.js';

/**
 * `/ready`: every configured server checked in parallel through its own machinery
 * (`reachability`: an outcome younger than `cacheMs`, a request's, the discovery's or a
 * probe's, else the one anonymous probe in flight, where a 401 counts as reachable). 200 while
 * at least one server answers, 503 when none does: one customer's server being down must not
 * take every replica out of the load balancer, and the others' callers with it (with one server
 * this is 200 exactly when it answers). A server that has not answered within `timeoutMs` counts
 * as unreachable, so `/ready` answers within that time however many servers there are. While a
 * server's API version is a guess (no answer at start), its check waits for the discovery it
 * starts or joins. The body names each server (`servers`), and where cached entries live
 * (`local`, `redis`, or `degraded` while Redis is down, still ready); with one server also its
 * status, version and breaker at the top, as before several servers existed.
 */
export function useReadiness(servers: readonly ServerRuntime[], options: { timeoutMs: number; cacheMs: number; cacheState?: () => CacheState }): Plugin {
  const { timeoutMs, cacheMs, cacheState } = options;

  const check = (server: ServerRuntime): Promise<Reachability> =>
    Promise.resolve(server.versions.confirm()).then(() => server.reachability(cacheMs));

  /** Every server's check, each cut off at `timeoutMs` (what it would say later still lands in its runtime). */
  const checkAll = async (): Promise<Reachability[]> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<Reachability>((resolve) => {
      timer = setTimeout(() => resolve({ reachable: false }), timeoutMs);
      timer.unref?.();
    });
    try {
      return await Promise.all(servers.map((server) => Promise.race([check(server).catch((): Reachability => ({ reachable: false })), late])));
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    // Synchronous for every other path: an async hook costs each GraphQL request a promise and a tick.
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== '/ready') return;
      return checkAll().then((seen) => {
        const ready = seen.some((one) => one.reachable);
        const each = servers.map((server, i) => ({
          name: server.name,
          apiVersion: server.apiVersion(),
          reachable: seen[i]!.reachable,
          upstreamStatus: seen[i]!.status ?? null,
          breaker: server.upstream.breaker.state,
        }));
        const only = servers.length === 1 ? { upstreamStatus: each[0]!.upstreamStatus, apiVersion: each[0]!.apiVersion, breaker: each[0]!.breaker } : {};
        const body = JSON.stringify({
          ready,
          ...only,
          servers: each,
          // A degraded cache (Redis down) does not make the replica unready: it serves from the upstream.
          cache: cacheState?.() ?? 'local',
        });
        endResponse(
          new fetchAPI.Response(body, {
            status: ready ? 200 : 503,
            headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
          }),
        );
      });
    },
  };
}
