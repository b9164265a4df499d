import { roundTrips, startSimulator, type RecordedRequest, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import type { ApiVersion } from '../../src/upstream/api-version.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createUpstreamEvents, type UpstreamEvent } from '../../src/upstream/events.js';
import type { AddressInfo } from 'node:net';
import { createHttpServer } from '../../src/http-server.js';
import { buildYoga, type BuildYogaOptions } from '../../src/yoga.js';

export interface GraphQLResponseBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

export interface QueryOptions {
  token?: string | null;
  variables?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export interface Harness {
  /** The API version the facade speaks to the simulator. */
  version: ApiVersion;
  simulator: Simulator;
  /**
   * The facade. With `overSocket`, its `fetch` goes over a loopback socket to the `node:http`
   * server `index.ts` listens with (what `npm start` serves, fast path included); otherwise it
   * calls Yoga in process.
   */
  yoga: ReturnType<typeof buildYoga>;
  /** Every event of the facade's upstream event stream since the last reset, in order. */
  events: UpstreamEvent[];
  /** A valid token of the all-seeing demo user. */
  adminToken: string;
  /** A valid token of the user who sees only fabrikam. */
  operatorToken: string;
  query(query: string, options?: QueryOptions): Promise<GraphQLResponseBody>;
  /**
   * What the simulator lists at `/jobsessions` for a token, newest first, read directly (not
   * through the facade) and not recorded: the truth a listing is compared with (v6+ also lists
   * backup-copy sessions).
   */
  listedSessionIds(token?: string): Promise<string[]>;
  /** Upstream requests served since the last reset, excluding none. */
  calls(): RecordedRequest[];
  reset(): void;
  close(): Promise<void>;
}

/**
 * The API version the contract suite runs against: vitest.config.ts runs the contract files once
 * per version (projects `v5` to `v8`), each with TEST_API_VERSION set.
 */
export const API_VERSION = (process.env.TEST_API_VERSION ?? 'v5') as ApiVersion;

/** What the harness changes from the documented defaults (tests that test these set their own). */
export const HARNESS_DEFAULTS: Partial<Config> = { cacheTtlMs: 0, cacheFinishedTtlMs: 0, signInPerSecond: 0, signInPerMinute: 0, signInPerMinutePerAddress: 0 };

/** The simulator on a loopback port and the facade in process, wired together. */
export async function startHarness(
  options: { simulator?: SimulatorOptions; config?: Partial<Config>; version?: ApiVersion; overSocket?: boolean } & Pick<
    BuildYogaOptions,
    'logger' | 'metrics' | 'tracing' | 'now' | 'upstreamClock' | 'alerting'
  > = {},
): Promise<Harness> {
  const version = options.version ?? API_VERSION;
  const simulator = await startSimulator({ host: '127.0.0.1', port: 0, ...options.simulator });
  const events: UpstreamEvent[] = [];
  const stream = createUpstreamEvents();
  stream.subscribe((event) => events.push(event));
  // The documented defaults, deadline included: calls that must succeed get all of it on a
  // busy machine; a test about deadlines sets its own. The cache under the loaders and the
  // sign-in throttle are off unless a test turns them on, so upstream calls stay countable.
  const config = { ...loadConfig({}), ...HARNESS_DEFAULTS, ...options.config };
  const inProcess = buildYoga({
    config,
    upstreamUrl: new URL(simulator.baseUrl(version)),
    logger: options.logger,
    metrics: options.metrics,
    tracing: options.tracing,
    now: options.now,
    upstreamClock: options.upstreamClock,
    alerting: options.alerting,
    events: stream,
  });
  const served = options.overSocket ? await serveOnLoopback(inProcess, config) : undefined;
  const yoga = served?.yoga ?? inProcess;
  const adminToken = simulator.issueToken('admin');
  const operatorToken = simulator.issueToken('fabrikam-operator');

  return {
    version,
    simulator,
    yoga,
    events,
    adminToken,
    operatorToken,
    async query(query, { token = adminToken, variables, headers = {} } = {}) {
      const response = await yoga.fetch('http://facade.invalid/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json',
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponseBody;
    },
    async listedSessionIds(token = adminToken) {
      const response = await fetch(`${simulator.baseUrl(version)}/jobsessions?limit=10000`, { headers: { authorization: `Bearer ${token}` } });
      const page = (await response.json()) as { results: { id: string }[] };
      simulator.requests.pop();
      return page.results.map((session) => session.id);
    },
    calls: () => [...simulator.requests],
    reset() {
      simulator.resetRequests();
      simulator.clearFaults();
      simulator.setLatency(0);
      events.length = 0;
    },
    async close() {
      await served?.close();
      await inProcess.dispose();
      await simulator.close();
    },
  };
}

/** Error codes of a response, in order. */
export function codes(body: GraphQLResponseBody): (string | undefined)[] {
  return (body.errors ?? []).map((error) => error.extensions?.code);
}

/** Waves of concurrent upstream requests (see src/simulator/round-trips.ts). */
export { roundTrips };

/** Lowercased request paths without the version prefix, e.g. `/jobsessions/<id>`. */
export function paths(requests: readonly RecordedRequest[]): string[] {
  return requests.map((r) => r.path.toLowerCase().replace(/^\/v\d+/, ''));
}

/** Where `version` reads a job's sessions page (v7 removed `/Jobs/{id}/JobSessions`). */
export function sessionsOfJobPath(jobId: string, offset: number, limit: number, version: ApiVersion = API_VERSION): string {
  return version === 'v5' || version === 'v6'
    ? `/jobs/${jobId}/jobsessions?offset=${offset}&limit=${limit}`
    : `/jobsessions?jobid=${jobId}&offset=${offset}&limit=${limit}`;
}

/** Where `version` reads a whole list the server pages from v8 on (`jobs`, `organizations`). */
export function listPath(list: 'jobs' | 'organizations', version: ApiVersion = API_VERSION): string {
  return version === 'v8' ? `/${list}?offset=0&limit=1000` : `/${list}`;
}

/** Whether `version` sends `totalCount` on session and log item pages (v8 does not). */
export const sendsTotalCount = (version: ApiVersion = API_VERSION) => version !== 'v8';

type Yoga = ReturnType<typeof buildYoga>;

/**
 * Listens with the production `node:http` server on 127.0.0.1 and gives back the facade with a
 * `fetch` that sends the request over that socket (the URL's origin replaced by the server's).
 */
async function serveOnLoopback(yoga: Yoga, config: Config): Promise<{ yoga: Yoga; close(): Promise<void> }> {
  const server = createHttpServer(yoga, config);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const overSocket = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = request.body ? await request.arrayBuffer() : undefined;
    return fetch(`${origin}${url.pathname}${url.search}`, { method: request.method, headers: request.headers, body, signal: init?.signal, redirect: 'manual' });
  };
  const proxied = new Proxy(yoga, { get: (target, name) => (name === 'fetch' ? overSocket : Reflect.get(target, name, target)) });
  return {
    yoga: proxied,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
