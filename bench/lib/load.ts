/** A bounded load run with autocannon's programmatic API; loopback only. */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { requestBody, requestHeaders, type GraphQLPayload } from './graphql-client.js';

export interface LoadOptions {
  url: string;
  token: string;
  payload: GraphQLPayload;
  connections: number;
  /** Either a duration in seconds or a fixed number of requests. */
  seconds?: number;
  amount?: number;
  /** The exact body every response must have; others count as mismatches. */
  expectBody?: string;
}

export interface LoadResult {
  /** Completed requests per second over the whole run. */
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  mismatches: number;
  non2xx: number;
  seconds: number;
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const { hostname } = new URL(options.url);
  if (hostname !== '127.0.0.1' && hostname !== 'localhost') throw new Error(`refusing to load ${options.url}: loopback only`);
  const started = performance.now();
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    headers: requestHeaders(options.token),
    body: requestBody(options.payload),
    connections: options.connections,
    pipelining: 1,
    timeout: 10,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.seconds ?? 8 }),
    ...(options.expectBody !== undefined ? { expectBody: options.expectBody } : {}),
  });
  // autocannon's own duration is whole seconds in `amount` mode; time the run here instead.
  const seconds = (performance.now() - started) / 1000;
  return {
    rps: seconds > 0 ? result.requests.total / seconds : 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors,
    mismatches: result.mismatches,
    non2xx: result.non2xx,
    seconds,
  };
}
