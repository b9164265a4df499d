import { createServer, type RequestListener, type Server } from 'node:http';

/** Limits of the facade's own HTTP server. */
export interface HttpServerLimits {
  /** Time for a client to send its request headers (slow-header clients are cut off). */
  httpHeadersTimeoutMs: number;
  /** Time for a client to send its whole request, body included (slow-body clients are cut off). */
  httpRequestTimeoutMs: number;
  /** Most open client connections; more are refused at accept. */
  httpMaxConnections: number;
}

/**
 * The `node:http` server `index.ts` listens with: Yoga as the handler, plus timeouts that cut
 * off clients sending headers or a body too slowly, and a cap on open connections.
 */
export function createHttpServer(handler: RequestListener, limits: HttpServerLimits): Server {
  const server = createServer(
    {
      headersTimeout: limits.httpHeadersTimeoutMs,
      requestTimeout: limits.httpRequestTimeoutMs,
      // Node checks both timeouts on this interval (30 s by default): check often enough for them to hold.
      connectionsCheckingInterval: Math.min(1_000, limits.httpHeadersTimeoutMs),
    },
    handler,
  );
  server.maxConnections = limits.httpMaxConnections;
  return server;
}
