import { createServer, type Server } from 'node:http';
import { createClient, type Client } from 'graphql-sse';
import type { GraphQLResponseBody, Harness } from './harness.js';

/** The harness's facade on a loopback HTTP port, for real SSE clients. */
export async function listen(h: Harness): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(h.yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A graphql-sse client with the caller's token: distinct connections on /graphql, or one on /graphql/stream. */
export function sseClient(url: string, token: string, singleConnection = false): Client {
  return createClient({
    url: singleConnection ? `${url}/graphql/stream` : `${url}/graphql`,
    singleConnection,
    headers: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
}

/** Collects a subscription's results; `done` settles when the server completes it (or it fails). */
export function watch(sse: Client, query: string, variables: Record<string, unknown> = {}) {
  const results: GraphQLResponseBody[] = [];
  let dispose = () => {};
  const done = new Promise<void>((resolve, reject) => {
    dispose = sse.subscribe({ query, variables }, { next: (r) => void results.push(r as GraphQLResponseBody), error: reject, complete: resolve });
  });
  done.catch(() => undefined);
  return { results, done, dispose: () => dispose() };
}
