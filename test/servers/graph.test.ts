import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { timeKey } from '../../src/servers/merge.js';
import type { SessionFilters } from '../../src/upstream/adapters/index.js';
import backupRepository from '../../src/upstream/resources/backup-repository.js';
import licensedUser from '../../src/upstream/resources/licensed-user.js';
import { sseClient, watch } from '../helpers/sse.js';
import { directly, SERVERS, signIn, startServersHarness, type Replica, type ServerName, type ServersHarness } from './servers-harness.js';

const HOUR = 3_600_000;
const NAMES = SERVERS.map((server) => server.name);

const JOB_SESSIONS = `query ($servers: [String!], $status: JobSessionStatus, $endedAfter: DateTime, $first: Int, $after: String) {
  jobSessions(servers: $servers, status: $status, endedAfter: $endedAfter, first: $first, after: $after) {
    edges { cursor node { id creationTime server { name } } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;

interface SessionsPage {
  edges: { cursor: string; node: { id: string; creationTime: string; server: { name: string } } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number | null;
}

/** An answer error's extensions, the server included. */
const ext = (error: { extensions?: unknown }) => (error.extensions ?? {}) as { code?: string; server?: string };

const filters = (changes: Partial<SessionFilters>): SessionFilters => ({ status: null, jobType: null, jobId: null, endedAfter: null, endedBefore: null, ...changes });

/** The merged order: newest first by creationTime, then server name, then each server's own order. */
async function expectedUnion(harness: ServersHarness, names: readonly ServerName[], wanted: SessionFilters): Promise<string[]> {
  const lists = await directly(harness, names, async (api) => (await api.jobSessions({ offset: 0, limit: 1000 }, wanted)).items);
  return Object.entries(lists)
    .flatMap(([name, items]) => items.map((session, i) => ({ name, key: timeKey(session.creationTime), id: session.id, i })))
    .sort((a, b) => (a.key !== b.key ? (a.key > b.key ? -1 : 1) : a.name !== b.name ? (a.name < b.name ? -1 : 1) : a.i - b.i))
    .map(({ name, id }) => `${name}/${id}`);
}

/** Every bearer token a simulator saw. */
const tokensSeen = (harness: ServersHarness, name: ServerName) =>
  new Set(harness.calls(name).flatMap((call) => (call.authorization ? [call.authorization] : [])));

interface Walk {
  rows: string[];
  pages: number;
  errors: { code: unknown; server: unknown }[][];
  /** Each server's tokens over the walk. */
  tokens: Record<string, Set<string>>;
}

/** Walks `jobSessions` page by page (bounded), checking each page's order and each server's token. */
async function walk(harness: ServersHarness, replica: Replica, token: string, variables: Record<string, unknown>, first: number): Promise<Walk> {
  const result: Walk = { rows: [], pages: 0, errors: [], tokens: Object.fromEntries(NAMES.map((name) => [name, new Set<string>()])) };
  let after: string | null = null;
  for (let page = 0; page < 100; page += 1) {
    harness.reset();
    const answer = await replica.query(JOB_SESSIONS, { token, variables: { ...variables, first, after } });
    result.pages += 1;
    result.errors.push((answer.errors ?? []).map((error) => ({ code: error.extensions?.code, server: ext(error).server })));
    const connection = answer.data?.jobSessions as SessionsPage;
    expect(connection.edges.length).toBeLessThanOrEqual(first);
    expect(connection.totalCount).toBeNull();
    for (const name of NAMES) for (const seen of tokensSeen(harness, name)) result.tokens[name]!.add(seen);
    const keys = connection.edges.map((edge) => timeKey(edge.node.creationTime));
    expect(keys).toEqual([...keys].sort().reverse());
    result.rows.push(...connection.edges.map((edge) => `${edge.node.server.name}/${edge.node.id}`));
    if (!connection.pageInfo.hasNextPage) return result;
    expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1)!.cursor);
    after = connection.pageInfo.endCursor;
  }
  throw new Error('The walk did not end');
}

/** Each server saw one token of its own, and no server saw another's. */
function expectOwnTokens(tokens: Record<string, Set<string>>, names: readonly string[]) {
  const all = names.flatMap((name) => [...tokens[name]!]);
  for (const name of names) expect(tokens[name]!.size, name).toBe(1);
  expect(new Set(all).size).toBe(all.length);
}

describe('the graph over eu1 (v8), us1 (v7) and apac1 (v6)', () => {
  let harness: ServersHarness;
  let facade: Replica;
  let token: string;
  let since: string;

  beforeAll(async () => {
    harness = await startServersHarness();
    // One attempt per call: a failing server's outcome is one call, whatever the timing.
    facade = await harness.replica({ config: { retryAttempts: 1 } });
    token = await signIn(facade);
    since = new Date(Date.now() - 24 * HOUR).toISOString();
  });
  afterAll(() => harness.close());
  beforeEach(() => harness.reset());

  it('jobSessions(endedAfter:) is the union of the three servers newest first, page after page with no repeat or gap, each server with its own token', async () => {
    const expected = await expectedUnion(harness, NAMES, filters({ endedAfter: since }));
    expect(new Set(expected.map((row) => row.split('/')[0]))).toEqual(new Set(NAMES));
    const result = await walk(harness, facade, token, { endedAfter: since }, 7);
    expect(result.rows).toEqual(expected);
    expect(result.pages).toBeGreaterThan(2);
    expect(result.errors.flat()).toEqual([]);
    expectOwnTokens(result.tokens, NAMES);
  });

  it('jobSessions(status: FAILED, endedAfter:): eu1 filters; us1 (v7) and apac1 (v6) cannot and contribute NOT_SUPPORTED_BY_SERVER with no call', async () => {
    const expected = await expectedUnion(harness, ['eu1'], filters({ status: 'FAILED', endedAfter: since }));
    expect(expected.length).toBeGreaterThan(0);
    const answer = await facade.query(JOB_SESSIONS, { token, variables: { status: 'FAILED', endedAfter: since, first: 100 } });
    const connection = answer.data?.jobSessions as SessionsPage;
    expect(connection.edges.map((edge) => `${edge.node.server.name}/${edge.node.id}`)).toEqual(expected);
    expect(answer.errors?.map((error) => ({ code: error.extensions?.code, server: ext(error).server, path: error.path }))).toEqual([
      { code: 'NOT_SUPPORTED_BY_SERVER', server: 'us1', path: ['jobSessions'] },
      { code: 'NOT_SUPPORTED_BY_SERVER', server: 'apac1', path: ['jobSessions'] },
    ]);
    expect(harness.calls('us1')).toEqual([]);
    expect(harness.calls('apac1')).toEqual([]);
    expect(harness.calls('eu1').map((call) => call.path.toLowerCase())).toEqual([expect.stringMatching(/^\/v8\/jobsessions\?/)]);
    expect(harness.calls('eu1')[0]!.path).toMatch(/status=failed/i);
  });

  it('a server that does not answer: the other two answer, one error names it', async () => {
    harness.simulators.apac1.injectFault({ reset: true });
    try {
      const expected = await expectedUnion(harness, ['eu1', 'us1'], filters({ endedAfter: since }));
      const answer = await facade.query(JOB_SESSIONS, { token, variables: { endedAfter: since, first: 1000 } });
      const connection = answer.data?.jobSessions as SessionsPage;
      expect(connection.edges.map((edge) => `${edge.node.server.name}/${edge.node.id}`)).toEqual(expected);
      expect(answer.errors?.map((error) => ({ code: error.extensions?.code, server: ext(error).server }))).toEqual([{ code: 'UPSTREAM_UNAVAILABLE', server: 'apac1' }]);
      expect(answer.errors?.[0]?.message).toContain('apac1');
      expect(harness.calls('apac1')).toHaveLength(1);

      // The whole lists alike.
      harness.reset();
      const jobs = await facade.query('{ jobs { id server { name } } }', { token });
      const names = new Set((jobs.data?.jobs as { server: { name: string } }[]).map((job) => job.server.name));
      expect(names).toEqual(new Set(['eu1', 'us1']));
      expect(jobs.errors?.map((error) => ({ code: error.extensions?.code, server: ext(error).server, path: error.path }))).toEqual([
        { code: 'UPSTREAM_UNAVAILABLE', server: 'apac1', path: ['jobs'] },
      ]);
    } finally {
      harness.simulators.apac1.clearFaults();
    }
  });

  it('jobs and organizations: every server\'s, by name then server, each named', async () => {
    const direct = await directly(harness, NAMES, async (api) => ({ jobs: await api.jobs(), organizations: await api.organizations() }));
    const answer = await facade.query('{ jobs { id name server { name } } organizations { id name server { name } } }', { token });
    expect(answer.errors).toBeUndefined();
    for (const field of ['jobs', 'organizations'] as const) {
      const rows = answer.data?.[field] as { id: string; name: string; server: { name: string } }[];
      const expected = NAMES.flatMap((name) => direct[name]![field].map((row) => ({ id: row.id, name: row.name, server: { name } })));
      expect(new Set(rows.map((row) => `${row.server.name}/${row.id}`))).toEqual(new Set(expected.map((row) => `${row.server.name}/${row.id}`)));
      expect(rows).toHaveLength(expected.length);
      const order = rows.map((row) => [row.name, row.server.name]);
      expect(order).toEqual([...order].sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : a[1]! < b[1]! ? -1 : a[1]! > b[1]! ? 1 : 0)));
    }
    for (const name of NAMES) {
      const paths = harness.calls(name).map((call) => call.path.toLowerCase().split('?')[0]);
      expect(new Set(paths), name).toEqual(new Set([`/${harness.versions[name]}/jobs`, `/${harness.versions[name]}/organizations`]));
    }
    expectOwnTokens(Object.fromEntries(NAMES.map((name) => [name, tokensSeen(harness, name)])), NAMES);
  });

  it('backupRepositories, proxies and licensedUsers merge too, each row named by its server', async () => {
    const direct = await directly(harness, NAMES, async (api) => ({
      repositories: (await api.list(backupRepository)).map((row) => row.id),
      users: (await api.page(licensedUser, { offset: 0, limit: 1000 })).items.map((row) => row.id),
    }));
    const answer = await facade.query('{ backupRepositories { id server { name } } proxies { id server { name } } licensedUsers(first: 1000) { edges { node { id server { name } } } pageInfo { hasNextPage } } }', { token });
    expect(answer.errors).toBeUndefined();
    const repositories = answer.data?.backupRepositories as { id: string; server: { name: string } }[];
    expect(new Set(repositories.map((row) => `${row.server.name}/${row.id}`))).toEqual(new Set(NAMES.flatMap((name) => direct[name]!.repositories.map((id) => `${name}/${id}`))));
    expect(new Set((answer.data?.proxies as { server: { name: string } }[]).map((row) => row.server.name))).toEqual(new Set(NAMES));
    // Licensed users have no time: server after server by name, each in its own order.
    const users = (answer.data?.licensedUsers as { edges: { node: { id: string; server: { name: string } } }[] }).edges.map((edge) => `${edge.node.server.name}/${edge.node.id}`);
    expect(users).toEqual([...NAMES].sort().flatMap((name) => direct[name]!.users.map((id) => `${name}/${id}`)));
    expectOwnTokens(Object.fromEntries(NAMES.map((name) => [name, tokensSeen(harness, name)])), NAMES);
  });

  it('a server that refuses its token: UNAUTHENTICATED naming it, the others answer', async () => {
    const other = await signIn(facade);
    await facade.query('{ jobs(servers: ["us1"]) { id } }', { token: other });
    const upstreamToken = harness.calls('us1').at(-1)!.authorization!.replace(/^Bearer /, '');
    expect(harness.simulators.us1.revokeToken(upstreamToken)).toBe(true);
    harness.reset();
    const answer = await facade.query('{ jobs { id server { name } } }', { token: other });
    expect(new Set((answer.data?.jobs as { server: { name: string } }[]).map((job) => job.server.name))).toEqual(new Set(['eu1', 'apac1']));
    expect(answer.errors?.map((error) => ({ code: ext(error).code, server: ext(error).server }))).toEqual([{ code: 'UNAUTHENTICATED', server: 'us1' }]);
    expect(harness.calls('us1')).toHaveLength(1);
  });

  it('servers: naming a server that is not configured, or not held, is BAD_USER_INPUT with no upstream call', async () => {
    for (const query of [
      '{ jobSessions(servers: ["eu1", "nope"]) { edges { cursor } } }',
      '{ jobs(servers: ["nope"]) { id } }',
      '{ organizations(servers: ["Not A Name!"]) { id } }',
      '{ backupRepositories(servers: ["nope"]) { id } }',
      '{ proxies(servers: ["nope"]) { id } }',
      '{ licensedUsers(servers: ["nope"]) { edges { cursor } } }',
      '{ summary(servers: ["nope"], since: "2026-01-01T00:00:00Z") { since } }',
    ]) {
      const answer = await facade.query(query, { token });
      expect(answer.errors?.map((error) => error.extensions?.code), query).toEqual(['BAD_USER_INPUT']);
    }
    const partial = await signIn(facade, { only: ['eu1', 'us1'] });
    harness.reset();
    const refused = await facade.query('{ jobs(servers: ["apac1"]) { id } }', { token: partial });
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(harness.totalCalls()).toBe(0);
    // Without servers: the session's servers only, and no error for the others.
    const held = await facade.query('{ jobs { server { name } } }', { token: partial });
    expect(held.errors).toBeUndefined();
    expect(new Set((held.data?.jobs as { server: { name: string } }[]).map((job) => job.server.name))).toEqual(new Set(['eu1', 'us1']));
    expect(harness.calls('apac1')).toEqual([]);
  });

  it('a cursor of one walk is refused by another (other servers): BAD_USER_INPUT, no call', async () => {
    const first = await facade.query(JOB_SESSIONS, { token, variables: { endedAfter: since, first: 2 } });
    const cursor = (first.data?.jobSessions as SessionsPage).pageInfo.endCursor;
    harness.reset();
    const answer = await facade.query(JOB_SESSIONS, { token, variables: { servers: ['eu1', 'us1'], endedAfter: since, first: 2, after: cursor } });
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(harness.totalCalls()).toBe(0);
  });

  it('license: per server on BackupServer and with server:; without it, BAD_USER_INPUT with no call', async () => {
    const refused = await facade.query('{ license { totalUsers } }', { token });
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors?.[0]?.message).toContain('servers { name license');
    expect(harness.totalCalls()).toBe(0);
    const one = await facade.query('{ license(server: "us1") { totalUsers server { name } } }', { token });
    expect(one.errors).toBeUndefined();
    expect(one.data?.license).toMatchObject({ server: { name: 'us1' } });
    expect(harness.calls('us1').map((call) => call.path.toLowerCase())).toEqual(['/v7/license']);
    expect(harness.calls('eu1').length + harness.calls('apac1').length).toBe(0);
  });

  const SUMMARY = `query ($since: DateTime!, $servers: [String!]) {
    summary(since: $since, servers: $servers) {
      total { success warning failed running other }
      servers {
        server { name apiVersion signedIn }
        sessions { success warning failed running other }
        failedJobs { id server { name } }
        repositoriesLowOnSpace { id }
        license { totalUsers server { name } }
      }
    }
  }`;

  it('summary: every server\'s part at one call per field and server, each server its full BackupServer', async () => {
    const answer = await facade.query(SUMMARY, { token, variables: { since } });
    expect(answer.errors).toBeUndefined();
    const summary = answer.data?.summary as {
      total: Record<string, number>;
      servers: { server: { name: string; apiVersion: string; signedIn: boolean }; sessions: Record<string, number>; license: { server: { name: string } } }[];
    };
    expect(summary.servers.map((part) => part.server)).toEqual(SERVERS.map((server) => ({ name: server.name, apiVersion: server.version, signedIn: true })));
    expect(summary.servers.map((part) => part.license.server.name)).toEqual(NAMES);
    for (const key of Object.keys(summary.total)) expect(summary.total[key]).toBe(summary.servers.reduce((sum, part) => sum + part.sessions[key]!, 0));
    for (const name of NAMES) {
      const v = harness.versions[name];
      expect(harness.calls(name).map((call) => call.path.toLowerCase().split('?')[0]).sort(), name).toEqual([`/${v}/backuprepositories`, `/${v}/jobs`, `/${v}/jobsessions`, `/${v}/license`]);
    }
    expectOwnTokens(Object.fromEntries(NAMES.map((name) => [name, tokensSeen(harness, name)])), NAMES);
  });

  it('summary: one server\'s failed read leaves its field null with an error naming the server; the others are whole', async () => {
    harness.simulators.us1.injectFault({ path: /\/license$/, status: 503 });
    try {
      const answer = await facade.query(SUMMARY, { token, variables: { since } });
      const parts = (answer.data?.summary as { servers: Record<string, unknown>[] }).servers;
      expect(parts.map((part) => part.license === null)).toEqual([false, true, false]);
      expect(parts.every((part) => part.sessions !== null && part.failedJobs !== null && part.repositoriesLowOnSpace !== null)).toBe(true);
      expect(answer.errors?.map((error) => ({ path: error.path, code: error.extensions?.code, server: ext(error).server }))).toEqual([
        { path: ['summary', 'servers', 1, 'license'], code: 'UPSTREAM_UNAVAILABLE', server: 'us1' },
      ]);
    } finally {
      harness.simulators.us1.clearFaults();
    }
  });

  it('jobSessionsChanged(servers:) merges the servers\' streams; each event names its server', async () => {
    const socket = await harness.replica({ overSocket: true, config: { subscriptionPollMs: 50 } });
    const session = await signIn(socket);
    harness.reset();
    const sse = sseClient(socket.origin!, session);
    const changes = watch(sse, 'subscription { jobSessionsChanged(servers: ["us1", "apac1"]) { id server { name } } }');
    try {
      // Both streams have read where their server stands before the jobs start.
      await expect.poll(() => harness.calls('us1').length > 0 && harness.calls('apac1').length > 0, { timeout: 15_000 }).toBe(true);
      const started = {
        us1: harness.simulators.us1.startFailingSession(harness.simulators.us1.data.jobs.find((job) => job.isEnabled)!.id).id,
        apac1: harness.simulators.apac1.startFailingSession(harness.simulators.apac1.data.jobs.find((job) => job.isEnabled)!.id).id,
      };
      const seen = () => new Set(changes.results.map((result) => JSON.stringify(result.data?.jobSessionsChanged)));
      await expect
        .poll(() => [...seen()].filter((event) => event === JSON.stringify({ id: started.us1, server: { name: 'us1' } }) || event === JSON.stringify({ id: started.apac1, server: { name: 'apac1' } })).length, { timeout: 15_000 })
        .toBe(2);
      expect(changes.results.every((result) => result.errors === undefined)).toBe(true);
      expect(harness.calls('eu1')).toEqual([]);
      expectOwnTokens(Object.fromEntries(['us1', 'apac1'].map((name) => [name, tokensSeen(harness, name as ServerName)])), ['us1', 'apac1']);
    } finally {
      changes.dispose();
      sse.dispose();
    }
  });

  it('jobSessionsChanged: a server that cannot apply the filters refuses the subscription, naming it, before any call', async () => {
    const response = await facade.yoga.fetch('http://facade.invalid/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'subscription { jobSessionsChanged(status: FAILED) { id } }' }),
    });
    const text = await response.text();
    expect(text).toContain('NOT_SUPPORTED_BY_SERVER');
    expect(text).toContain('"server":"us1"');
    expect(harness.totalCalls()).toBe(0);
  });
});

describe('three v8 servers', () => {
  let harness: ServersHarness;
  let facade: Replica;
  let token: string;
  let since: string;

  beforeAll(async () => {
    harness = await startServersHarness({ versions: { us1: 'v8', apac1: 'v8' } });
    facade = await harness.replica({ config: { retryAttempts: 1 } });
    token = await signIn(facade);
    since = new Date(Date.now() - 24 * HOUR).toISOString();
  });
  afterAll(() => harness.close());

  it('jobSessions(status: FAILED, endedAfter:) is the union of the three servers\' failed sessions, newest first, page after page', async () => {
    const expected = await expectedUnion(harness, NAMES, filters({ status: 'FAILED', endedAfter: since }));
    expect(new Set(expected.map((row) => row.split('/')[0])).size).toBeGreaterThan(1);
    const result = await walk(harness, facade, token, { status: 'FAILED', endedAfter: since }, 2);
    expect(result.rows).toEqual(expected);
    expect(result.pages).toBeGreaterThan(1);
    expect(result.errors.flat()).toEqual([]);
    expectOwnTokens(result.tokens, NAMES);
  });
});
