import type { Plugin } from 'graphql-yoga';
import type { Upstream } from '../upstream/client.js';

/** `/ready`: 200 when the upstream answers an anonymous probe within `timeoutMs` (a 401 counts), else 503. */
export function useReadiness(upstream: Upstream, timeoutMs = 2_000): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== '/ready') return;
      const { reachable, status } = await upstream.probe(timeoutMs);
      const body = JSON.stringify({ ready: reachable, upstreamStatus: status ?? null, breaker: upstream.breaker.state });
      endResponse(
        new fetchAPI.Response(body, {
          status: reachable ? 200 : 503,
          headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
        }),
      );
    },
  };
}
