import { roundTrips, startSimulator, type RecordedRequest, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { UpstreamEvent } from '../../src/upstream/client.js';
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
  simulator: Simulator;
  yoga: ReturnType<typeof buildYoga>;
  events: UpstreamEvent[];
  /** A valid token of the all-seeing demo user. */
  adminToken: string;
  /** A valid token of the user who sees only fabrikam. */
  operatorToken: string;
  query(query: string, options?: QueryOptions): Promise<GraphQLResponseBody>;
  /** Upstream requests served since the last reset, excluding none. */
  calls(): RecordedRequest[];
  reset(): void;
  close(): Promise<void>;
}

/** The simulator on a loopback port and the facade in process, wired together. */
export async function startHarness(
  options: { simulator?: SimulatorOptions; config?: Partial<Config> } & Pick<BuildYogaOptions, 'logger' | 'metrics' | 'tracing'> = {},
): Promise<Harness> {
  const simulator = await startSimulator({ host: '127.0.0.1', port: 0, ...options.simulator });
  const events: UpstreamEvent[] = [];
  const yoga = buildYoga({
    // The documented defaults, deadline included: calls that must succeed get all of it on a
    // busy machine; a test about deadlines sets its own.
    config: { ...loadConfig({}), ...options.config },
    upstreamUrl: new URL(simulator.url),
    logger: options.logger,
    metrics: options.metrics,
    tracing: options.tracing,
    onUpstreamEvent: (event) => events.push(event),
  });
  const adminToken = simulator.issueToken('admin');
  const operatorToken = simulator.issueToken('fabrikam-operator');

  return {
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
    calls: () => [...simulator.requests],
    reset() {
      simulator.resetRequests();
      simulator.clearFaults();
      simulator.setLatency(0);
      events.length = 0;
    },
    async close() {
      await yoga.dispose();
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
  return requests.map((r) => r.path.toLowerCase().replace(/^\/v5/, ''));
}
