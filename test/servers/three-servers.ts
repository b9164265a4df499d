import { createBackupApi } from '../../src/datasource/backup-api.js';
import type { ServerApi } from '../../src/servers/server-errors.js';
import { startSimulator, type RecordedRequest, type Simulator } from '../../src/simulator/index.js';
import { adapterFor } from '../../src/upstream/adapters/index.js';
import type { ApiVersion } from '../../src/upstream/api-version.js';
import { createUpstreamClient } from '../../src/upstream/client.js';
import { createUpstream, type Upstream } from '../../src/upstream/pool.js';
import { testUpstreamSettings } from '../helpers/upstream.js';

/** One simulated backup server: its name, the API version the facade speaks to it, its own token. */
export interface TestServer {
  readonly name: string;
  readonly version: ApiVersion;
  readonly simulator: Simulator;
  readonly upstream: Upstream;
  readonly token: string;
}

/** The three servers of the tests: eu1 speaks v8, us1 v7, apac1 v6; each simulator draws its own data. */
export const SERVERS: readonly { name: string; version: ApiVersion; variant: string }[] = [
  { name: 'eu1', version: 'v8', variant: '' },
  { name: 'us1', version: 'v7', variant: 'us1' },
  { name: 'apac1', version: 'v6', variant: 'apac1' },
];

export async function startServers(options: { latencyMs?: number; versions?: readonly ApiVersion[] } = {}): Promise<TestServer[]> {
  // One clock for the three: their data ends at the same instant, so how their rows interleave is fixed.
  const startedAt = Date.now();
  return Promise.all(
    SERVERS.map(async ({ name, version: defaultVersion, variant }, i) => {
      const version = options.versions?.[i] ?? defaultVersion;
      const simulator = await startSimulator({
        host: '127.0.0.1',
        port: 0,
        variant,
        latencyMs: options.latencyMs ?? 0,
        clock: 'manual',
        now: () => startedAt,
      });
      // One attempt per call and a short deadline: a stopped server fails fast and the outcome is what is asserted.
      const upstream = createUpstream(testUpstreamSettings(new URL(simulator.baseUrl(version)), { timeoutMs: 5_000, maxUpstreamConnections: 4, retryAttempts: 1 }));
      return { name, version, simulator, upstream, token: simulator.issueToken('admin') };
    }),
  );
}

export async function stopServers(servers: readonly TestServer[]): Promise<void> {
  await Promise.all(servers.map(async ({ upstream, simulator }) => {
    await upstream.dispatcher.close();
    await simulator.close();
  }));
}

/** The data sources of one GraphQL request: a client per server, each with that server's token. */
export function apisOf(servers: readonly TestServer[], version?: ApiVersion): ServerApi[] {
  return servers.map((server) => {
    const speaks = version ?? server.version;
    const client = createUpstreamClient({ upstream: server.upstream, token: server.token, baseUrl: new URL(server.simulator.baseUrl(speaks)) });
    return { name: server.name, api: createBackupApi({ client, adapter: adapterFor(speaks) }) };
  });
}

export function resetRequests(servers: readonly TestServer[]): void {
  for (const { simulator } of servers) simulator.resetRequests();
}

/** Lowercased paths (with query) a simulator served. */
export const pathsOf = (requests: readonly RecordedRequest[]) => requests.map((r) => r.path.toLowerCase());

/** Every request a server received carried its own token, and no other. */
export function onlyOwnToken(server: TestServer): boolean {
  return server.simulator.requests.every((r) => r.authorization === `Bearer ${server.token}`);
}
