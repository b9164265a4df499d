/**
 * The four systems the benchmark compares, how each is started on loopback against the
 * simulator, and the request each sends per scenario. The facade, the Apollo peer and the
 * proxy take the same query text; Hive Gateway serves the schema Omnigraph derives from
 * bench/peers/vbm365-v5.openapi.json, so its queries use that schema's names.
 */
import { join } from 'node:path';
import type { GraphQLPayload } from './lib/graphql-client.js';
import { waitUntilServing } from './lib/graphql-client.js';
import { PEER_GROUPS } from './lib/peers.js';
import { ORPHAN_GUARD, ROOT, childEnv, freePort, start, type Service } from './lib/processes.js';
import { Q2_PAGE_SIZE, Q3_PAGE_SIZE, type Scenario, type ScenarioId } from './scenarios.js';

export type SystemId = 'facade' | 'facade-v8' | 'hive' | 'apollo' | 'proxy';

export interface RunningSystem {
  id: SystemId;
  url: string;
  service: Service;
}

export interface StartContext {
  /** The simulator's v5 base URL. */
  simulatorUrl: string;
  /** The simulator's v8 base URL (the facade's v8 floors). */
  simulatorV8Url: string;
  token: string;
  /** Extra node flags (the profile run adds --cpu-prof). */
  nodeFlags?: string[];
}

export interface SystemSpec {
  id: SystemId;
  label: string;
  /** GraphQL or not: only GraphQL servers count as "GraphQL peers" for the targets. */
  graphql: boolean;
  /** Whether its responses have exactly the facade's shape and spelling (compared whole). */
  sameShape: boolean;
  /** Only in the calls and round trips phase (not under load): a second configuration of a system measured above. */
  floorsOnly?: boolean;
  payload(scenario: Scenario): GraphQLPayload;
  start(context: StartContext): Promise<RunningSystem>;
}

const STARTUP_MS = 60_000;

const same = (scenario: Scenario): GraphQLPayload => ({
  query: scenario.query,
  variables: scenario.variables,
  operationName: scenario.id,
});

const HIVE_QUERIES: Record<ScenarioId, string> = {
  Q1: `query Q1($s: String!, $l: String!) {
  jobSession(jobSessionId: $s) {
    status
    logItem(id: $l) {
      title
      jobSession { status }
    }
  }
}`,
  // Omnigraph's schema has the upstream page shape and no parsed log status.
  Q2: `query Q2($s: String!) {
  jobSession(jobSessionId: $s) {
    id
    status
    job { name }
    logItems(offset: 0, limit: ${Q2_PAGE_SIZE}) {
      results {
        title
        jobSession { id }
      }
    }
  }
}`,
  Q3: `query Q3 {
  jobSessions(offset: 0, limit: ${Q3_PAGE_SIZE}) {
    results {
      status
      creationTime
      job { name lastStatus }
    }
  }
}`,
};

/** LOG_LEVEL for the facade process; `warn` keeps per-request info logs out of the figures. */
export const FACADE_LOG_LEVEL = 'warn';

/**
 * The facade runs without its upstream cache by default, so every request makes its REST calls as
 * the peers' do and throughput compares the work of answering; `BENCH_FACADE_CACHE=on` measures
 * it with the cache, as `npm start` runs (repeated Q1 requests then make no upstream call).
 */
export const FACADE_CACHE_OFF = process.env.BENCH_FACADE_CACHE !== 'on';
const FACADE_CACHE_ENV: Record<string, string> =
  FACADE_CACHE_OFF ? { CACHE_TTL_MS: '0', CACHE_FINISHED_TTL_MS: '0' } : {};

async function startFacade(id: 'facade' | 'facade-v8', upstreamUrl: string, nodeFlags: string[]): Promise<RunningSystem> {
  const service = start({
    name: id,
    command: process.execPath,
    // What `npm start` runs; bench/run.ts builds it first.
    args: [...nodeFlags, '--import', ORPHAN_GUARD, 'dist/index.mjs'],
    cwd: ROOT,
    env: childEnv({ VBM_API_URL: upstreamUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: FACADE_LOG_LEVEL, ...FACADE_CACHE_ENV }),
  });
  const [, url] = await service.waitFor(/listening: (http:\/\/127\.0\.0\.1:\d+\/graphql)/, STARTUP_MS);
  return { id, url: url!, service };
}

export const SYSTEMS: readonly SystemSpec[] = [
  {
    id: 'facade',
    label: 'this facade',
    graphql: true,
    sameShape: true,
    payload: same,
    start: ({ simulatorUrl, nodeFlags = [] }) => startFacade('facade', simulatorUrl, nodeFlags),
  },
  {
    id: 'facade-v8',
    label: 'this facade on API v8',
    graphql: true,
    // Q2 and Q3 differ by version (v6+ lists backup-copy sessions too, v8 logs read differently): Q1 is compared.
    sameShape: false,
    floorsOnly: true,
    payload: same,
    start: ({ simulatorV8Url, nodeFlags = [] }) => startFacade('facade-v8', simulatorV8Url, nodeFlags),
  },
  {
    id: 'hive',
    label: 'Hive Gateway 2.15.1 (Mesh OpenAPI)',
    graphql: true,
    sameShape: false,
    payload: (scenario) => ({ query: HIVE_QUERIES[scenario.id], variables: scenario.variables, operationName: scenario.id }),
    async start({ token, nodeFlags = [] }) {
      const dir = PEER_GROUPS.find((group) => group.name === 'hive')!.dir;
      const port = await freePort();
      const service = start({
        name: 'hive',
        command: process.execPath,
        args: [
          ...nodeFlags,
          '--import',
          ORPHAN_GUARD,
          join(dir, 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.js'),
          'supergraph',
          'supergraph.graphql',
          '--fork',
          '1',
        ],
        cwd: dir,
        env: childEnv({ PORT: String(port), HOST: '127.0.0.1' }),
      });
      const url = `http://127.0.0.1:${port}/graphql`;
      await Promise.race([
        waitUntilServing(url, token, { query: '{ __typename }' }, STARTUP_MS),
        service.exited.then((code) => {
          throw new Error(`hive exited (${String(code)}):\n${service.output().slice(-3000)}`);
        }),
      ]);
      return { id: 'hive', url, service };
    },
  },
  {
    id: 'apollo',
    label: 'Apollo Server 5.5.1 + RESTDataSource 6.4.1',
    graphql: true,
    sameShape: true,
    payload: same,
    async start({ simulatorUrl, nodeFlags = [] }) {
      const dir = PEER_GROUPS.find((group) => group.name === 'apollo')!.dir;
      const service = start({
        name: 'apollo',
        command: process.execPath,
        args: [...nodeFlags, '--import', ORPHAN_GUARD, 'apollo.mjs'],
        cwd: dir,
        env: childEnv({ VBM_API_URL: simulatorUrl, PORT: '0', HOST: '127.0.0.1' }),
      });
      const [, url] = await service.waitFor(/listening: (http:\/\/127\.0\.0\.1:\d+\/)/, STARTUP_MS);
      return { id: 'apollo', url: `${url!}graphql`, service };
    },
  },
  {
    id: 'proxy',
    label: 'hand-written node:http proxy (no GraphQL)',
    graphql: false,
    sameShape: true,
    payload: same,
    async start({ simulatorUrl, nodeFlags = [] }) {
      const service = start({
        name: 'proxy',
        command: process.execPath,
        args: [...nodeFlags, '--import', 'tsx', '--import', ORPHAN_GUARD, 'bench/peers/proxy.ts'],
        cwd: ROOT,
        env: childEnv({ VBM_API_URL: simulatorUrl, PORT: '0', HOST: '127.0.0.1' }),
      });
      const [, url] = await service.waitFor(/listening: (http:\/\/127\.0\.0\.1:\d+\/graphql)/, STARTUP_MS);
      return { id: 'proxy', url: url!, service };
    },
  },
];

export function system(id: SystemId): SystemSpec {
  return SYSTEMS.find((s) => s.id === id)!;
}
