import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { loadConfig, type Config } from '../../src/config.js';
import { createHttpServer } from '../../src/http-server.js';
import type { Metrics } from '../../src/observability/metrics.js';
import { startSimulator, type DemoUser, type RecordedRequest, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import type { ApiVersion } from '../../src/upstream/api-version.js';
import { buildYoga, type BuildYogaOptions } from '../../src/yoga.js';
import { createBackupApi, type BackupApi } from '../../src/datasource/backup-api.js';
import { adapterFor } from '../../src/upstream/adapters/index.js';
import { createUpstreamClient } from '../../src/upstream/client.js';
import { createUpstream } from '../../src/upstream/pool.js';
import { HARNESS_DEFAULTS, type GraphQLResponseBody } from '../helpers/harness.js';
import { testUpstreamSettings } from '../helpers/upstream.js';

/** The three servers: each its own API version, dataset and users. */
export const SERVERS = [
  { name: 'eu1', version: 'v8', user: { userName: 'eu-admin', password: 'eu-password', organizations: 'all' } },
  { name: 'us1', version: 'v7', user: { userName: 'us-admin', password: 'us-password', organizations: 'all' } },
  { name: 'apac1', version: 'v6', user: { userName: 'apac-admin', password: 'apac-password', organizations: 'all' } },
] as const satisfies readonly { name: string; version: ApiVersion; user: DemoUser }[];

export type ServerName = (typeof SERVERS)[number]['name'];

export interface Clock {
  now: () => number;
  advance(ms: number): void;
}

export function manualClock(start = Date.now()): Clock {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

export interface Replica {
  yoga: ReturnType<typeof buildYoga>;
  /** The loopback origin, with `overSocket`. */
  origin?: string;
  /** POSTs one operation; the answer and its `x-session-token` header. */
  query(query: string, options?: { token?: string | null; variables?: Record<string, unknown> }): Promise<GraphQLResponseBody & { sessionToken: string | null }>;
  close(): Promise<void>;
}

export interface ServersHarness {
  simulators: Record<ServerName, Simulator>;
  /** The API version each server speaks (its own unless `startServersHarness` was given another). */
  versions: Record<ServerName, ApiVersion>;
  key: Buffer;
  clock: Clock;
  /** A facade over the three simulators (another replica with the same key, or another key). */
  replica(options?: {
    key?: Buffer;
    previousKey?: Buffer;
    overSocket?: boolean;
    servers?: readonly ServerName[];
    config?: Partial<Config>;
    logger?: Logger;
    /** An alert store of the test's own (with `config.alerts`), as `buildYoga` takes it. */
    alerting?: BuildYogaOptions['alerting'];
    metrics?: Metrics;
  }): Promise<Replica>;
  /** Upstream requests each simulator served since the last reset. */
  calls(name: ServerName): RecordedRequest[];
  totalCalls(): number;
  reset(): void;
  close(): Promise<void>;
}

/**
 * Three simulators (v8, v7, v6, unless `versions` names others) on loopback ports, and facades
 * over them built on demand. `simulator` sets each simulator's clock; `users` adds users of a
 * server's own beside its admin.
 */
export async function startServersHarness(
  options: { versions?: Partial<Record<ServerName, ApiVersion>>; simulator?: Pick<SimulatorOptions, 'clock' | 'stepMs'>; users?: Partial<Record<ServerName, readonly DemoUser[]>> } = {},
): Promise<ServersHarness> {
  const versions = Object.fromEntries(SERVERS.map((server) => [server.name, options.versions?.[server.name] ?? server.version])) as Record<ServerName, ApiVersion>;
  const entries = await Promise.all(
    SERVERS.map(async (server) => {
      const users = [server.user, ...(options.users?.[server.name] ?? [])];
      return [server.name, await startSimulator({ host: '127.0.0.1', port: 0, versions: [versions[server.name]], variant: server.name, users, ...options.simulator })] as const;
    }),
  );
  const simulators = Object.fromEntries(entries) as Record<ServerName, Simulator>;
  const key = randomBytes(32);
  const clock = manualClock();
  const replicas: Replica[] = [];
  return {
    simulators,
    versions,
    key,
    clock,
    async replica(options = {}) {
      const config: Config = {
        ...loadConfig({}),
        ...HARNESS_DEFAULTS,
        sessionKey: options.key ?? key,
        sessionKeyPrevious: options.previousKey,
        ...options.config,
      };
      const names = options.servers ?? SERVERS.map((server) => server.name);
      const inProcess = buildYoga({
        config,
        now: clock.now,
        logger: options.logger,
        metrics: options.metrics,
        alerting: options.alerting,
        servers: SERVERS.filter((server) => names.includes(server.name)).map((server) => ({
          // The version named in the URL: nothing is probed at start.
          setting: { name: server.name, url: new URL(simulators[server.name].baseUrl(versions[server.name])), insecure: false },
        })),
      });
      let fetcher: (url: string, init: RequestInit) => Promise<Response> = (url, init) => Promise.resolve(inProcess.fetch(url, init));
      let stop = () => Promise.resolve();
      let origin: string | undefined;
      if (options.overSocket) {
        const server = createHttpServer(inProcess, config);
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const at = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        origin = at;
        fetcher = (url, init) => fetch(`${at}${new URL(url).pathname}`, init);
        stop = () => {
          server.closeAllConnections();
          return new Promise<void>((resolve) => server.close(() => resolve()));
        };
      }
      const replica: Replica = {
        yoga: inProcess,
        origin,
        async query(query, { token, variables } = {}) {
          const response = await fetcher('http://facade.invalid/graphql', {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
            body: JSON.stringify({ query, variables }),
          });
          const body = (await response.json()) as GraphQLResponseBody;
          return { ...body, sessionToken: response.headers.get('x-session-token') };
        },
        async close() {
          await stop();
          await inProcess.dispose();
        },
      };
      replicas.push(replica);
      return replica;
    },
    calls: (name) => simulators[name].requests.slice(),
    totalCalls: () => Object.values(simulators).reduce((sum, simulator) => sum + simulator.requests.length, 0),
    reset() {
      for (const simulator of Object.values(simulators)) simulator.resetRequests();
    },
    async close() {
      await Promise.all(replicas.map((replica) => replica.close()));
      await Promise.all(Object.values(simulators).map((simulator) => simulator.close()));
    },
  };
}

export const CREATE_SESSION = `mutation ($credentials: [ServerCredentials!]!) {
  createSession(credentials: $credentials) { token expiresAt servers { server ok error userName expiresAt } }
}`;

/** Every server's right credentials, except `wrong`'s password. */
export function credentials(options: { wrong?: ServerName; only?: readonly ServerName[] } = {}) {
  return SERVERS.filter((server) => !options.only || options.only.includes(server.name)).map((server) => ({
    server: server.name,
    username: server.user.userName,
    password: server.name === options.wrong ? 'not-the-password' : server.user.password,
  }));
}

/** Signs in over the given servers through `replica`; the session token. */
export async function signIn(replica: Replica, options: { wrong?: ServerName; only?: readonly ServerName[] } = {}): Promise<string> {
  const answer = await replica.query(CREATE_SESSION, { variables: { credentials: credentials(options) } });
  const token = (answer.data?.createSession as { token?: string } | undefined)?.token;
  if (!token) throw new Error(`createSession failed: ${JSON.stringify(answer.errors)}`);
  return token;
}

/** A session id of `simulator` (read directly, not recorded): the newest one its admin sees. */
export async function someSessionId(harness: ServersHarness, name: ServerName): Promise<string> {
  const server = SERVERS.find((s) => s.name === name)!;
  const simulator = harness.simulators[name];
  const token = simulator.issueToken(server.user.userName);
  const response = await fetch(`${simulator.baseUrl(harness.versions[name])}/jobsessions?limit=20`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { results?: { id: string; status: string }[] } | { id: string; status: string }[];
  const list = Array.isArray(body) ? body : (body.results ?? []);
  simulator.revokeToken(token);
  simulator.resetRequests();
  // A finished one: its watch ends after the first state.
  return list.find((session) => !/running|queued/i.test(session.status))!.id;
}

/**
 * Reads each server directly, with a token of its own issued for the test (not through the
 * graph), then forgets those requests: what the graph's answer must equal.
 */
export async function directly<T>(harness: ServersHarness, names: readonly ServerName[], read: (api: BackupApi) => Promise<T>): Promise<Record<string, T>> {
  const parts = await Promise.all(
    names.map(async (name) => {
      const simulator = harness.simulators[name];
      const version = harness.versions[name];
      const baseUrl = new URL(simulator.baseUrl(version));
      const upstream = createUpstream(testUpstreamSettings(baseUrl));
      const token = simulator.issueToken(SERVERS.find((server) => server.name === name)!.user.userName);
      try {
        const api = createBackupApi({ client: createUpstreamClient({ upstream, token, baseUrl }), adapter: adapterFor(version), server: name });
        return [name, await read(api)] as const;
      } finally {
        simulator.revokeToken(token);
        await upstream.dispatcher.close();
      }
    }),
  );
  harness.reset();
  return Object.fromEntries(parts);
}
