/**
 * The three benchmark scenarios as data: query text, variables and the floor of upstream
 * calls and round trips each one needs. Shared by `bench/run.ts` and
 * `test/bench-scenarios.test.ts`; everything here is deterministic (the simulator's dataset
 * is seeded), so the floors are counts a test can assert exactly.
 */
import { createSimulatorData, SEED, type SimulatorData } from '../src/simulator/index.js';

export type ScenarioId = 'Q1' | 'Q2' | 'Q3';

export interface Floor {
  /** Upstream REST calls the query needs at the least. */
  calls: number;
  /** Waves of upstream calls that must run one after the other. */
  roundTrips: number;
}

export interface Scenario {
  id: ScenarioId;
  title: string;
  /** GraphQL text sent to the facade (and to the Apollo peer, which serves the same shape). */
  query: string;
  variables: Record<string, string>;
  floor: Floor;
  /** Why the floor is what it is. */
  floorReason: string;
}

/** Log items a Q2 page asks for. */
export const Q2_PAGE_SIZE = 100;
/** Sessions on the Q3 dashboard. */
export const Q3_PAGE_SIZE = 20;

/** Q1 needs a session and one of its own log items, whose `jobsessions` link names that session. */
export function q1Pair(): { sessionId: string; logItemId: string } {
  return { sessionId: SEED.linkedJobSessionId, logItemId: SEED.servedLogItemId };
}

/** Q2 reads the session with the longest log, so a page of 100 is full. */
export function q2Session(data: SimulatorData): string {
  const longest = [...data.sessions].sort((a, b) => b.logItems.length - a.logItems.length)[0];
  if (longest === undefined || longest.logItems.length < Q2_PAGE_SIZE) {
    throw new Error(`The simulator has no session with ${Q2_PAGE_SIZE} log items`);
  }
  return longest.id;
}

/** Q3's floor: the page, then one call per distinct job among the newest sessions (all visible to admin). */
export function q3DistinctJobs(data: SimulatorData): number {
  return new Set(data.sessions.slice(0, Q3_PAGE_SIZE).map((session) => session.jobId)).size;
}

export const Q1_QUERY = `query Q1($s: ID!, $l: ID!) {
  jobSession(id: $s) {
    status
    logItem(id: $l) {
      title
      jobSession { status }
    }
  }
}`;

export const Q2_QUERY = `query Q2($s: ID!) {
  jobSession(id: $s) {
    id
    status
    job { name }
    logItems(first: ${Q2_PAGE_SIZE}) {
      edges {
        node {
          status
          title
          jobSession { id }
        }
      }
    }
  }
}`;

export const Q3_QUERY = `query Q3 {
  jobSessions(first: ${Q3_PAGE_SIZE}) {
    edges {
      node {
        status
        creationTime
        job { name lastStatus }
      }
    }
  }
}`;

function buildScenarios(): readonly Scenario[] {
  // Only ids and names are read here; they do not depend on the data's start time.
  const data = createSimulatorData(Date.now());
  const pair = q1Pair();
  const jobs = q3DistinctJobs(data);
  const scenarios: Scenario[] = [
    {
      id: 'Q1',
      title: 'seed query: session + its log item + the item\'s session (link back)',
      query: Q1_QUERY,
      variables: { s: pair.sessionId, l: pair.logItemId },
      floor: { calls: 2, roundTrips: 1 },
      floorReason: 'GET session and GET log item need only the arguments; the link back is the session already read',
    },
    {
      id: 'Q2',
      title: `one session's log page: session, job { name } (link), logItems(first: ${Q2_PAGE_SIZE})`,
      query: Q2_QUERY,
      variables: { s: q2Session(data) },
      floor: { calls: 3, roundTrips: 2 },
      floorReason: 'session and log page together, then the job named by the session\'s link; items link back to the session',
    },
    {
      id: 'Q3',
      title: `dashboard: jobSessions(first: ${Q3_PAGE_SIZE}) with status, creationTime, job { name lastStatus }`,
      query: Q3_QUERY,
      variables: {},
      floor: { calls: 1 + jobs, roundTrips: 2 },
      floorReason: `the page, then its ${jobs} distinct jobs together`,
    },
  ];
  return Object.freeze(scenarios);
}

export const SCENARIOS: readonly Scenario[] = buildScenarios();

export function scenario(id: ScenarioId): Scenario {
  const found = SCENARIOS.find((s) => s.id === id);
  if (!found) throw new Error(`No scenario ${id}`);
  return found;
}
