/**
 * The root fields that read one server or a list, over eu1 (v8), us1 (v7) and apac1 (v6):
 * `serverHealth(server:)`, `BackupServer.health`, `server(server:)`, `restorePoints(servers:)`,
 * `restoreSessions(servers:)`, `restoreSessionUpdated(server:)`, and the plain-token mutations
 * (`createToken`, `refreshToken`, `signOut`), which serve one configured server only. Each test
 * asserts which simulator was called, at which path, with which token.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { timeKey } from '../../src/servers/merge.js';
import restorePoint from '../../src/upstream/resources/restore-point.js';
import restoreSession from '../../src/upstream/resources/restore-session.js';
import { directly, SERVERS, signIn, startServersHarness, type Replica, type ServerName, type ServersHarness } from './servers-harness.js';

const NAMES = SERVERS.map((server) => server.name);

/** An answer error's code, server and path. */
const described = (errors: readonly { message: string; path?: readonly (string | number)[]; extensions?: unknown }[] | undefined) =>
  (errors ?? []).map((error) => {
    const ext = (error.extensions ?? {}) as { code?: string; server?: string };
    return { code: ext.code, server: ext.server, path: error.path };
  });

/** The lowercased paths (without query) a simulator served. */
const pathsOf = (harness: ServersHarness, name: ServerName) => harness.calls(name).map((call) => call.path.toLowerCase().split('?')[0]);

/** Every bearer token a simulator saw. */
const tokensSeen = (harness: ServersHarness, name: ServerName) => new Set(harness.calls(name).flatMap((call) => (call.authorization ? [call.authorization] : [])));

/** Each server saw one token of its own, and no server saw another's. */
function expectOwnTokens(tokens: Record<string, Set<string>>, names: readonly string[]) {
  const all = names.flatMap((name) => [...tokens[name]!]);
  for (const name of names) expect(tokens[name]!.size, name).toBe(1);
  expect(new Set(all).size).toBe(all.length);
}

/** The merged order: newest first by the row's time, then server name, then each server's own order. */
function union<T extends { id: string }>(lists: Record<string, readonly T[]>, time: (row: T) => string): string[] {
  return Object.entries(lists)
    .flatMap(([name, rows]) => rows.map((row, i) => ({ name, key: timeKey(time(row)), id: row.id, i })))
    .sort((a, b) => (a.key !== b.key ? (a.key > b.key ? -1 : 1) : a.name !== b.name ? (a.name < b.name ? -1 : 1) : a.i - b.i))
    .map(({ name, id }) => `${name}/${id}`);
}

interface Page {
  edges: { cursor: string; node: { id: string; time: string; server: { name: string } } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number | null;
}

const RESTORE_POINTS = `query ($servers: [String!], $first: Int, $after: String, $organizationId: ID, $jobId: ID) {
  page: restorePoints(servers: $servers, first: $first, after: $after, organizationId: $organizationId, jobId: $jobId) {
    edges { cursor node { id time: backupTime server { name } } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;

const RESTORE_SESSIONS = `query ($servers: [String!], $first: Int, $after: String, $startedAfter: DateTime, $startedBefore: DateTime) {
  page: restoreSessions(servers: $servers, first: $first, after: $after, startedAfter: $startedAfter, startedBefore: $startedBefore) {
    edges { cursor node { id time: creationTime server { name } } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;

interface Walk {
  rows: string[];
  pages: number;
  errors: ReturnType<typeof described>;
  tokens: Record<string, Set<string>>;
  /** Each server's upstream paths (with query) over the walk. */
  calls: Record<string, string[]>;
}

/** Walks a merged list page by page (bounded), checking each page's order. */
async function walk(harness: ServersHarness, replica: Replica, token: string, query: string, variables: Record<string, unknown>, first: number): Promise<Walk> {
  const result: Walk = {
    rows: [],
    pages: 0,
    errors: [],
    tokens: Object.fromEntries(NAMES.map((name) => [name, new Set<string>()])),
    calls: Object.fromEntries(NAMES.map((name) => [name, [] as string[]])),
  };
  let after: string | null = null;
  for (let page = 0; page < 100; page += 1) {
    harness.reset();
    const answer = await replica.query(query, { token, variables: { ...variables, first, after } });
    result.pages += 1;
    result.errors.push(...described(answer.errors));
    const connection = answer.data?.page as Page;
    expect(connection.edges.length).toBeLessThanOrEqual(first);
    // A merged page has no total: no server counts the others' rows.
    expect(connection.totalCount).toBeNull();
    for (const name of NAMES) {
      for (const seen of tokensSeen(harness, name)) result.tokens[name]!.add(seen);
      result.calls[name]!.push(...harness.calls(name).map((call) => call.path.toLowerCase()));
    }
    const keys = connection.edges.map((edge) => timeKey(edge.node.time));
    expect(keys).toEqual([...keys].sort().reverse());
    result.rows.push(...connection.edges.map((edge) => `${edge.node.server.name}/${edge.node.id}`));
    if (!connection.pageInfo.hasNextPage) return result;
    expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1)!.cursor);
    after = connection.pageInfo.endCursor;
  }
  throw new Error('The walk did not end');
}

/** A subscription over the in-process facade, read to its end (the session watched has ended). */
async function subscribe(replica: Replica, token: string, query: string): Promise<string> {
  const response = await replica.yoga.fetch('http://facade.invalid/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return response.text();
}

describe('the root fields over eu1 (v8), us1 (v7) and apac1 (v6)', () => {
  let harness: ServersHarness;
  let facade: Replica;
  let token: string;

  beforeAll(async () => {
    harness = await startServersHarness();
    // One attempt per call: a failing server's outcome is one call, whatever the timing.
    facade = await harness.replica({ config: { retryAttempts: 1 } });
    token = await signIn(facade);
  });
  afterAll(() => harness.close());
  beforeEach(() => harness.reset());

  it('serverHealth(server: "eu1") reads /v8/health on eu1 only, with eu1\'s token; on us1 (v7) it is NOT_SUPPORTED_BY_SERVER with no call', async () => {
    const answer = await facade.query('{ serverHealth(server: "eu1") { status components { name } server { name } } }', { token });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.serverHealth).toMatchObject({ server: { name: 'eu1' } });
    expect((answer.data?.serverHealth as { components: unknown[] }).components.length).toBeGreaterThan(0);
    expect(pathsOf(harness, 'eu1')).toEqual(['/v8/health']);
    expect(harness.calls('us1').length + harness.calls('apac1').length).toBe(0);
    expect(tokensSeen(harness, 'eu1').size).toBe(1);

    harness.reset();
    const old = await facade.query('{ serverHealth(server: "us1") { status } }', { token });
    expect(described(old.errors)).toEqual([{ code: 'NOT_SUPPORTED_BY_SERVER', server: undefined, path: ['serverHealth'] }]);
    expect(harness.totalCalls()).toBe(0);
  });

  it('servers { name health }: eu1\'s report; us1 and apac1 null, each with NOT_SUPPORTED_BY_SERVER naming it, at no call', async () => {
    const answer = await facade.query('{ servers { name health { status server { name } } } }', { token });
    const servers = answer.data?.servers as { name: string; health: { status: string; server: { name: string } } | null }[];
    expect(servers.map((server) => [server.name, server.health?.server.name ?? null])).toEqual([
      ['eu1', 'eu1'],
      ['us1', null],
      ['apac1', null],
    ]);
    expect(described(answer.errors).sort((a, b) => Number(a.path?.[1]) - Number(b.path?.[1]))).toEqual([
      { code: 'NOT_SUPPORTED_BY_SERVER', server: 'us1', path: ['servers', 1, 'health'] },
      { code: 'NOT_SUPPORTED_BY_SERVER', server: 'apac1', path: ['servers', 2, 'health'] },
    ]);
    expect(answer.errors?.[0]?.message).toContain('us1');
    expect(pathsOf(harness, 'eu1')).toEqual(['/v8/health']);
    expect(harness.calls('us1')).toEqual([]);
    expect(harness.calls('apac1')).toEqual([]);
  });

  it('servers { name license health }: eu1\'s health failing is null with an error naming eu1; every license answers', async () => {
    harness.simulators.eu1.injectFault({ path: /\/health$/, status: 503 });
    try {
      const answer = await facade.query('{ servers { name license { server { name } } health { status } } }', { token });
      const servers = answer.data?.servers as { name: string; license: { server: { name: string } } | null; health: unknown }[];
      expect(servers.map((server) => [server.name, server.license?.server.name, server.health])).toEqual([
        ['eu1', 'eu1', null],
        ['us1', 'us1', null],
        ['apac1', 'apac1', null],
      ]);
      // In the order the reads ended: sorted by the server's place in the list.
      expect(described(answer.errors).sort((a, b) => Number(a.path?.[1]) - Number(b.path?.[1]))).toEqual([
        { code: 'UPSTREAM_UNAVAILABLE', server: 'eu1', path: ['servers', 0, 'health'] },
        { code: 'NOT_SUPPORTED_BY_SERVER', server: 'us1', path: ['servers', 1, 'health'] },
        { code: 'NOT_SUPPORTED_BY_SERVER', server: 'apac1', path: ['servers', 2, 'health'] },
      ]);
      expect(new Set(pathsOf(harness, 'eu1'))).toEqual(new Set(['/v8/license', '/v8/health']));
      expect(pathsOf(harness, 'us1')).toEqual(['/v7/license']);
      expect(pathsOf(harness, 'apac1')).toEqual(['/v6/license']);
      expectOwnTokens(Object.fromEntries(NAMES.map((name) => [name, tokensSeen(harness, name)])), NAMES);
    } finally {
      harness.simulators.eu1.clearFaults();
    }
  });

  it('servers { license productVersion }: a failing read is null with an error naming its server; the rest answers, one call per field and server', async () => {
    harness.simulators.us1.injectFault({ path: /\/license$/, status: 503 });
    harness.simulators.apac1.injectFault({ path: /\/serviceinstance$/, reset: true });
    try {
      const answer = await facade.query('{ servers { name productVersion license { totalUsers server { name } } } }', { token });
      const servers = answer.data?.servers as { name: string; productVersion: string | null; license: { server: { name: string } } | null }[];
      expect(servers.map((server) => [server.name, server.productVersion !== null, server.license?.server.name ?? null])).toEqual([
        ['eu1', true, 'eu1'],
        ['us1', true, null],
        ['apac1', false, 'apac1'],
      ]);
      expect(described(answer.errors).sort((a, b) => Number(a.path?.[1]) - Number(b.path?.[1]))).toEqual([
        { code: 'UPSTREAM_UNAVAILABLE', server: 'us1', path: ['servers', 1, 'license'] },
        { code: 'UPSTREAM_UNAVAILABLE', server: 'apac1', path: ['servers', 2, 'productVersion'] },
      ]);
      for (const error of answer.errors ?? []) expect(error.message).toContain(`Server "${(error.extensions as { server: string }).server}"`);
      for (const name of NAMES) expect(new Set(pathsOf(harness, name)), name).toEqual(new Set([`/${harness.versions[name]}/license`, `/${harness.versions[name]}/serviceinstance`]));
      for (const name of NAMES) expect(harness.calls(name), name).toHaveLength(2);
      expectOwnTokens(Object.fromEntries(NAMES.map((name) => [name, tokensSeen(harness, name)])), NAMES);
    } finally {
      harness.simulators.us1.clearFaults();
      harness.simulators.apac1.clearFaults();
    }
  });

  it('server(server: "us1") is us1\'s version and product build, read on us1 only with its token', async () => {
    const answer = await facade.query('{ server(server: "us1") { apiVersion productVersion server { name apiVersion } } }', { token });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.server).toMatchObject({ apiVersion: 'v7', server: { name: 'us1', apiVersion: 'v7' } });
    expect((answer.data?.server as { productVersion: string | null }).productVersion).toBeTruthy();
    expect(pathsOf(harness, 'us1')).toEqual(['/v7/serviceinstance']);
    expect(harness.calls('eu1').length + harness.calls('apac1').length).toBe(0);
    expect(tokensSeen(harness, 'us1').size).toBe(1);
    // The version alone costs nothing.
    harness.reset();
    const version = await facade.query('{ server(server: "apac1") { apiVersion } }', { token });
    expect(version.data?.server).toEqual({ apiVersion: 'v6' });
    expect(harness.totalCalls()).toBe(0);
  });

  it('without server: (three held), naming a server not configured, or one the session does not hold: BAD_USER_INPUT before any call', async () => {
    const partial = await signIn(facade, { only: ['eu1', 'us1'] });
    harness.reset();
    for (const [query, caller] of [
      ['{ serverHealth { status } }', token],
      ['{ serverHealth(server: "mars1") { status } }', token],
      ['{ serverHealth(server: "apac1") { status } }', partial],
      ['{ server { apiVersion } }', token],
      ['{ server(server: "mars1") { apiVersion } }', token],
      ['{ server(server: "Not A Name!") { apiVersion } }', token],
      ['{ restorePoints(servers: ["eu1", "mars1"]) { edges { cursor } } }', token],
      ['{ restorePoints(servers: ["apac1"]) { edges { cursor } } }', partial],
      ['{ restoreSessions(servers: ["mars1"]) { edges { cursor } } }', token],
      ['{ restoreSessions(servers: ["apac1"]) { edges { cursor } } }', partial],
    ] as const) {
      const answer = await facade.query(query, { token: caller });
      expect(answer.errors?.map((error) => (error.extensions as { code?: string }).code), query).toEqual(['BAD_USER_INPUT']);
    }
    const health = await facade.query('{ serverHealth { status } }', { token });
    expect(health.errors?.[0]?.message).toContain('servers { name health');
    for (const query of ['subscription { restoreSessionUpdated(id: "3f1c6a2e-8d4b-4e57-9a0c-5b7e21d9c4f8") { id } }', 'subscription { restoreSessionUpdated(server: "mars1", id: "3f1c6a2e-8d4b-4e57-9a0c-5b7e21d9c4f8") { id } }']) {
      const text = await subscribe(facade, token, query);
      expect(text, query).toContain('BAD_USER_INPUT');
    }
    expect(harness.totalCalls()).toBe(0);
  });

  it('restorePoints merges the three servers newest first by backupTime, page after page with no repeat or gap, each server read with its own token', async () => {
    const lists = await directly(harness, NAMES, async (api) => (await api.page(restorePoint, { offset: 0, limit: 1000 })).items);
    const expected = union(lists, (point) => point.backupTime);
    expect(new Set(expected.map((row) => row.split('/')[0]))).toEqual(new Set(NAMES));
    const result = await walk(harness, facade, token, RESTORE_POINTS, {}, 60);
    expect(result.rows).toEqual(expected);
    expect(new Set(result.rows).size).toBe(result.rows.length);
    expect(result.pages).toBeGreaterThan(2);
    expect(result.errors).toEqual([]);
    expectOwnTokens(result.tokens, NAMES);
    for (const name of NAMES) {
      const v = harness.versions[name];
      expect(new Set(result.calls[name]!.map((path) => path.split('?')[0])), name).toEqual(new Set([`/${v}/restorepoints`]));
    }
    // v6 sends one plain list (no window in the path); v7 and v8 page it.
    expect(result.calls.apac1!.every((path) => path === '/v6/restorepoints')).toBe(true);
    expect(result.calls.eu1!.every((path) => /^\/v8\/restorepoints\?offset=\d+&limit=\d+$/.test(path))).toBe(true);
  });

  it('restorePoints(organizationId:, jobId:): each server applies the filters itself', async () => {
    const some = (await directly(harness, ['us1'], async (api) => (await api.page(restorePoint, { offset: 0, limit: 1 })).items[0]!)).us1!;
    const filters = { organizationId: some.organizationId!, jobId: some.jobId! };
    const lists = await directly(harness, NAMES, async (api) => (await api.page(restorePoint, { offset: 0, limit: 1000 }, filters)).items);
    const expected = union(lists, (point) => point.backupTime);
    expect(expected.length).toBeGreaterThan(0);
    const answer = await facade.query(RESTORE_POINTS, { token, variables: { ...filters, first: 1000 } });
    expect(answer.errors).toBeUndefined();
    expect((answer.data?.page as Page).edges.map((edge) => `${edge.node.server.name}/${edge.node.id}`)).toEqual(expected);
    for (const name of NAMES) {
      const calls = harness.calls(name);
      expect(calls.length, name).toBe(1);
      expect(calls[0]!.path, name).toContain(`organizationId=${filters.organizationId}`);
      expect(calls[0]!.path, name).toContain(`jobId=${filters.jobId}`);
    }
  });

  it('restoreSessions merges the three servers newest first by creationTime, page after page with no repeat or gap', async () => {
    const lists = await directly(harness, NAMES, async (api) => (await api.page(restoreSession, { offset: 0, limit: 1000 })).items);
    const expected = union(lists, (session) => session.creationTime);
    expect(new Set(expected.map((row) => row.split('/')[0]))).toEqual(new Set(NAMES));
    const result = await walk(harness, facade, token, RESTORE_SESSIONS, {}, 7);
    expect(result.rows).toEqual(expected);
    expect(new Set(result.rows).size).toBe(result.rows.length);
    expect(result.pages).toBeGreaterThan(2);
    expect(result.errors).toEqual([]);
    expectOwnTokens(result.tokens, NAMES);
    for (const name of NAMES) {
      expect(new Set(result.calls[name]!.map((path) => path.split('?')[0])), name).toEqual(new Set([`/${harness.versions[name]}/restoresessions`]));
    }
  });

  it('restoreSessions(startedAfter:, servers:): the servers named apply the filter; the one left out is not read', async () => {
    const all = await directly(harness, ['eu1', 'apac1'], async (api) => (await api.page(restoreSession, { offset: 0, limit: 1000 })).items);
    // A time with sessions of both servers after it.
    const starts = [...all.eu1!, ...all.apac1!].map((session) => session.creationTime).sort((a, b) => (timeKey(a) < timeKey(b) ? 1 : -1));
    const since = new Date(Date.parse(starts[Math.floor(starts.length / 2)]!)).toISOString();
    const lists = await directly(harness, ['eu1', 'apac1'], async (api) => (await api.page(restoreSession, { offset: 0, limit: 1000 }, { startTimeFrom: since })).items);
    const expected = union(lists, (session) => session.creationTime);
    expect(expected.length).toBeGreaterThan(0);
    const result = await walk(harness, facade, token, RESTORE_SESSIONS, { servers: ['eu1', 'apac1'], startedAfter: since }, 3);
    expect(result.rows).toEqual(expected);
    expect(result.errors).toEqual([]);
    expect(result.calls.us1).toEqual([]);
    for (const name of ['eu1', 'apac1'] as const) {
      expect(result.calls[name]!.length, name).toBeGreaterThan(0);
      for (const path of result.calls[name]!) expect(path, name).toContain(`starttimefrom=${encodeURIComponent(since).toLowerCase()}`);
    }
  });

  it('a server that does not answer: restoreSessions and restorePoints are the others\' rows, with one error naming it', async () => {
    harness.simulators.apac1.injectFault({ reset: true });
    try {
      const lists = await directly(harness, ['eu1', 'us1'], async (api) => (await api.page(restoreSession, { offset: 0, limit: 1000 })).items);
      const answer = await facade.query(RESTORE_SESSIONS, { token, variables: { first: 1000 } });
      expect((answer.data?.page as Page).edges.map((edge) => `${edge.node.server.name}/${edge.node.id}`)).toEqual(union(lists, (session) => session.creationTime));
      expect(described(answer.errors)).toEqual([{ code: 'UPSTREAM_UNAVAILABLE', server: 'apac1', path: ['page'] }]);
      expect(answer.errors?.[0]?.message).toContain('apac1');
      expect(harness.calls('apac1')).toHaveLength(1);

      harness.reset();
      const points = await facade.query(RESTORE_POINTS, { token, variables: { first: 10 } });
      expect(new Set((points.data?.page as Page).edges.map((edge) => edge.node.server.name))).toEqual(new Set(['eu1', 'us1']));
      expect(described(points.errors)).toEqual([{ code: 'UPSTREAM_UNAVAILABLE', server: 'apac1', path: ['page'] }]);
    } finally {
      harness.simulators.apac1.clearFaults();
    }
  });

  it('a cursor of restorePoints is refused by restoreSessions: BAD_USER_INPUT, no call', async () => {
    const first = await facade.query(RESTORE_POINTS, { token, variables: { first: 2 } });
    const cursor = (first.data?.page as Page).pageInfo.endCursor;
    harness.reset();
    const answer = await facade.query(RESTORE_SESSIONS, { token, variables: { first: 2, after: cursor } });
    expect(described(answer.errors).map((error) => error.code)).toEqual(['BAD_USER_INPUT']);
    expect(harness.totalCalls()).toBe(0);
  });

  it('restoreSessionUpdated(server: "us1") watches us1 only, with us1\'s token; the event names its server', async () => {
    const sessions = (await directly(harness, ['us1'], async (api) => (await api.page(restoreSession, { offset: 0, limit: 1000 })).items)).us1!;
    const ended = sessions.find((session) => session.endTime !== null)!;
    const text = await subscribe(facade, token, `subscription { restoreSessionUpdated(server: "us1", id: "${ended.id}") { id state server { name } } }`);
    expect(text).toContain(`"restoreSessionUpdated":{"id":"${ended.id}","state":"Stopped","server":{"name":"us1"}}`);
    expect(text).not.toContain('"errors"');
    expect(pathsOf(harness, 'us1')).toEqual([`/v7/restoresessions/${ended.id}`]);
    expect(harness.calls('eu1').length + harness.calls('apac1').length).toBe(0);
    expect(tokensSeen(harness, 'us1').size).toBe(1);
  });

  it('createToken, refreshToken and signOut with several servers configured: BAD_USER_INPUT naming the session mutation, no call, whatever the credential', async () => {
    const plain = harness.simulators.eu1.issueToken('eu-admin');
    harness.reset();
    for (const [mutation, instead] of [
      ['mutation { createToken(username: "eu-admin", password: "eu-password") { accessToken } }', 'createSession'],
      ['mutation { refreshToken(refreshToken: "some-refresh-token") { accessToken } }', 'refreshSession'],
      ['mutation { signOut }', 'signOutSession'],
    ] as const) {
      for (const caller of [null, token, plain]) {
        const answer = await facade.query(mutation, { token: caller });
        expect(described(answer.errors).map((error) => error.code), `${mutation} ${caller === null ? 'no token' : caller === token ? 'session' : 'plain'}`).toEqual(['BAD_USER_INPUT']);
        expect(answer.errors?.[0]?.message).toContain(instead);
      }
    }
    expect(harness.totalCalls()).toBe(0);
    harness.simulators.eu1.revokeToken(plain);
  });
});

describe('one configured server (us1): the root fields and plain tokens as before', () => {
  let harness: ServersHarness;
  let single: Replica;

  beforeAll(async () => {
    harness = await startServersHarness();
    single = await harness.replica({ servers: ['us1'] });
  });
  afterAll(() => harness.close());
  beforeEach(() => harness.reset());

  it('createToken, a read, refreshToken and signOut reach us1 only, each with the token it concerns', async () => {
    const signedIn = await single.query('mutation { createToken(username: "us-admin", password: "us-password") { accessToken refreshToken } }');
    expect(signedIn.errors).toBeUndefined();
    const { accessToken, refreshToken } = signedIn.data?.createToken as { accessToken: string; refreshToken: string };
    expect(harness.calls('us1').map((call) => `${call.method} ${call.path.toLowerCase()}`)).toEqual(['POST /v7/token']);

    harness.reset();
    const read = await single.query('{ server { apiVersion server { name } } restoreSessions(first: 2) { totalCount edges { node { server { name } } } } }', { token: accessToken });
    expect(read.errors).toBeUndefined();
    expect(read.data?.server).toEqual({ apiVersion: 'v7', server: { name: 'us1' } });
    // One server's list is its own: its total is the server's.
    expect((read.data?.restoreSessions as { totalCount: number | null }).totalCount).toBeGreaterThan(0);
    expect(harness.calls('us1').map((call) => call.path.toLowerCase())).toEqual(['/v7/restoresessions?offset=0&limit=2']);
    expect(harness.calls('us1').map((call) => call.authorization)).toEqual([`Bearer ${accessToken}`]);

    harness.reset();
    const renewed = await single.query('mutation ($r: String!) { refreshToken(refreshToken: $r) { accessToken } }', { variables: { r: refreshToken } });
    expect(renewed.errors).toBeUndefined();
    const fresh = (renewed.data?.refreshToken as { accessToken: string }).accessToken;
    harness.reset();
    const out = await single.query('mutation { signOut }', { token: fresh });
    expect(out).toMatchObject({ data: { signOut: true } });
    expect(harness.calls('us1').map((call) => [call.path.toLowerCase(), call.authorization])).toEqual([['/v7/token/logout', `Bearer ${fresh}`]]);
    expect(harness.calls('eu1').length + harness.calls('apac1').length).toBe(0);
  });
});

describe('apac1 speaking v5 (no restore points, sessions or health)', () => {
  let harness: ServersHarness;
  let facade: Replica;
  let token: string;

  beforeAll(async () => {
    harness = await startServersHarness({ versions: { apac1: 'v5' } });
    facade = await harness.replica({ config: { retryAttempts: 1 } });
    token = await signIn(facade);
  });
  afterAll(() => harness.close());
  beforeEach(() => harness.reset());

  it('restorePoints and restoreSessions: eu1 and us1 answer; apac1 adds NOT_SUPPORTED_BY_SERVER naming it, with no call', async () => {
    const answer = await facade.query(`{
      points: restorePoints(first: 5) { edges { node { server { name } } } pageInfo { hasNextPage } }
      sessions: restoreSessions(first: 5) { edges { node { server { name } } } pageInfo { hasNextPage } }
    }`, { token });
    for (const field of ['points', 'sessions']) {
      const page = answer.data?.[field] as { edges: { node: { server: { name: string } } }[]; pageInfo: { hasNextPage: boolean } };
      expect(page.edges).toHaveLength(5);
      expect(new Set(page.edges.map((edge) => edge.node.server.name)).has('apac1')).toBe(false);
      expect(page.pageInfo.hasNextPage).toBe(true);
    }
    expect(described(answer.errors)).toEqual([
      { code: 'NOT_SUPPORTED_BY_SERVER', server: 'apac1', path: ['points'] },
      { code: 'NOT_SUPPORTED_BY_SERVER', server: 'apac1', path: ['sessions'] },
    ]);
    expect(answer.errors?.[0]?.message).toMatch(/apac1.*v5/);
    expect(harness.calls('apac1')).toEqual([]);
    expect(new Set(pathsOf(harness, 'eu1'))).toEqual(new Set(['/v8/restorepoints', '/v8/restoresessions']));
    expect(new Set(pathsOf(harness, 'us1'))).toEqual(new Set(['/v7/restorepoints', '/v7/restoresessions']));
  });

  it('restoreSessionUpdated(server: "apac1") is NOT_SUPPORTED_BY_SERVER before any call', async () => {
    const text = await subscribe(facade, token, 'subscription { restoreSessionUpdated(server: "apac1", id: "3f1c6a2e-8d4b-4e57-9a0c-5b7e21d9c4f8") { id } }');
    expect(text).toContain('NOT_SUPPORTED_BY_SERVER');
    expect(harness.totalCalls()).toBe(0);
  });
});
