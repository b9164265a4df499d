import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { API_VERSIONS, type ApiVersion } from '../../src/upstream/api-version.js';
import { createBackupApi } from '../../src/datasource/backup-api.js';
import { ORGANIZATION_IDS } from '../../src/simulator/index.js';
import { adapterFor } from '../../src/upstream/adapters/index.js';
import { createUpstreamClient } from '../../src/upstream/client.js';
import { pathFromHref } from '../../src/upstream/links.js';
import { createUpstream } from '../../src/upstream/pool.js';
import organizationResource from '../../src/upstream/resources/organization.js';
import { testUpstreamSettings } from '../helpers/upstream.js';
import { decodeRestorePoint } from '../../src/upstream/resources/restore-point.js';
import { decodeRestoreSessionEvent } from '../../src/upstream/resources/restore-session-event.js';
import { decodeRestoreStatistics } from '../../src/upstream/resources/restore-session-statistics.js';
import { decodeRestoreSession } from '../../src/upstream/resources/restore-session.js';
import { codes, paths, startHarness, type Harness } from '../helpers/harness.js';

interface RawPoint {
  id: string;
  backupTime: string;
  organizationId: string;
  jobId: string;
  repositoryId: string;
  isExchange: boolean;
  isOneDrive: boolean;
  isSharePoint: boolean;
  isTeams: boolean;
  isCopy?: boolean;
  immutabilityExpiresOn?: string | null;
}

interface RawSession {
  id: string;
  name: string;
  organization: string;
  type: string;
  creationTime: string;
  endTime: string | null;
  state: string;
  result: string;
  initiatedBy: string;
  clientHost: string;
  reason: string;
  _links: { organization: { href: string } };
}

interface RawEvent {
  id: string;
  itemName?: string;
  itemSizeBytes?: number;
  type: string;
  status: string;
  startTime: string;
}

const POINT_FIELDS = 'id backupTime isExchange isOneDrive isSharePoint isTeams isCopy immutableUntil';
const SESSION_FIELDS = 'id name type state result initiatedBy clientHost reason creationTime endTime organizationName';
const EVENT_FIELDS = 'id itemName itemSizeBytes type status creationTime';

const expectedPoint = (version: ApiVersion) => (p: RawPoint) => ({
  id: p.id,
  backupTime: p.backupTime,
  isExchange: p.isExchange,
  isOneDrive: p.isOneDrive,
  isSharePoint: p.isSharePoint,
  isTeams: p.isTeams,
  isCopy: version === 'v6' ? null : p.isCopy,
  immutableUntil: version === 'v8' ? p.immutabilityExpiresOn : null,
});

const expectedSession = (s: RawSession) => ({
  id: s.id,
  name: s.name,
  type: s.type,
  state: s.state,
  result: s.result,
  initiatedBy: s.initiatedBy,
  clientHost: s.clientHost,
  reason: s.reason,
  creationTime: s.creationTime,
  endTime: s.endTime,
  organizationName: s.organization,
});

const expectedEvent = (e: RawEvent) => ({
  id: e.id,
  itemName: e.itemName ?? null,
  itemSizeBytes: e.itemSizeBytes ?? null,
  type: e.type,
  status: e.status,
  creationTime: e.startTime,
});

const nodes = <T>(connection: unknown): T[] => (connection as { edges: { node: T }[] }).edges.map((e) => e.node);

/** Reads the simulator directly (not through the facade) and forgets the request. */
async function upstream<T>(h: Harness, path: string, token = h.adminToken): Promise<T> {
  const response = await fetch(`${h.simulator.baseUrl(h.version)}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  const body = (await response.json()) as T;
  h.reset();
  return body;
}

const results = <T>(body: T[] | { results: T[] }): T[] => (Array.isArray(body) ? body : body.results);

describe.each(API_VERSIONS.filter((v) => v !== 'v5'))('restore points and restore sessions on API %s', (version) => {
  let h: Harness;
  const allPoints = () => upstream<RawPoint[] | { results: RawPoint[] }>(h, '/restorepoints?limit=10000').then(results);
  const allSessions = () => upstream<{ results: RawSession[] }>(h, '/restoresessions?limit=10000').then((b) => b.results);
  /** v6 lists every restore point in one array (the facade slices it); v7+ read the page asked for. */
  const pointsPath = (query: string, offset: number, limit: number) =>
    version === 'v6' ? `/restorepoints${query ? `?${query}` : ''}` : `/restorepoints?${query ? `${query}&` : ''}offset=${offset}&limit=${limit}`;

  beforeAll(async () => {
    h = await startHarness({ version });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('restorePoints: the server\'s restore points, newest first, in one call with the caller token', async () => {
    const raw = await allPoints();
    expect(raw.length).toBeGreaterThan(10);
    const body = await h.query(`{ restorePoints(first: 5) { totalCount pageInfo { hasNextPage } edges { node { ${POINT_FIELDS} } } } }`);
    expect(body.errors).toBeUndefined();
    expect(nodes(body.data?.restorePoints)).toEqual(raw.slice(0, 5).map(expectedPoint(version)));
    expect((body.data?.restorePoints as { pageInfo: { hasNextPage: boolean } }).pageInfo.hasNextPage).toBe(true);
    expect(paths(h.calls())).toEqual([pointsPath('', 0, 5)]);
    expect(h.calls().map((c) => c.authorization)).toEqual([`Bearer ${h.adminToken}`]);
  });

  it('restorePoints: the next page after a cursor (v6: sliced from the one list)', async () => {
    const raw = await allPoints();
    const first = await h.query('{ restorePoints(first: 2) { pageInfo { endCursor } } }');
    const after = (first.data?.restorePoints as { pageInfo: { endCursor: string } }).pageInfo.endCursor;
    h.reset();
    const body = await h.query(`{ restorePoints(first: 3, after: "${after}") { edges { node { id } } } }`);
    expect(nodes(body.data?.restorePoints)).toEqual(raw.slice(2, 5).map((p) => ({ id: p.id })));
    expect(paths(h.calls())).toEqual([pointsPath('', 2, 3)]);
  });

  it('restorePoints(organizationId, jobId): the server filters; the facade sends both parameters', async () => {
    const raw = await allPoints();
    const { organizationId, jobId } = raw[0]!;
    const expected = raw.filter((p) => p.organizationId === organizationId && p.jobId === jobId);
    expect(expected.length).toBeLessThan(raw.length);
    const body = await h.query(
      `{ restorePoints(first: 100, organizationId: "${organizationId.toUpperCase()}", jobId: "${jobId}") { edges { node { id } } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(nodes(body.data?.restorePoints)).toEqual(expected.slice(0, 100).map((p) => ({ id: p.id })));
    expect(paths(h.calls())).toEqual([pointsPath(`organizationid=${organizationId}&jobid=${jobId}`, 0, 100)]);
  });

  it('restorePoints: organization, job and repository are read once per distinct id, through the loaders', async () => {
    const raw = (await allPoints()).slice(0, 30);
    const body = await h.query('{ restorePoints(first: 30) { edges { node { id organization { id } job { id } repository { id } } } } }');
    expect(body.errors).toBeUndefined();
    expect(nodes(body.data?.restorePoints)).toEqual(
      raw.map((p) => ({ id: p.id, organization: { id: p.organizationId }, job: { id: p.jobId }, repository: { id: p.repositoryId } })),
    );
    const related = [
      ...new Set(raw.map((p) => `/organizations/${p.organizationId}`)),
      ...new Set(raw.map((p) => `/jobs/${p.jobId}`)),
      ...new Set(raw.map((p) => `/backuprepositories/${p.repositoryId}`)),
    ];
    expect(related.length).toBeLessThan(30);
    const made = paths(h.calls());
    expect(made[0]).toBe(pointsPath('', 0, 30));
    expect(made.slice(1).sort()).toEqual([...related].sort());
  });

  it('restorePoints: a caller sees only the restore points the server shows that caller', async () => {
    const raw = results(await upstream<RawPoint[] | { results: RawPoint[] }>(h, '/restorepoints?limit=10000', h.operatorToken));
    const body = await h.query('{ restorePoints(first: 10) { edges { node { id } } } }', { token: h.operatorToken });
    expect(nodes(body.data?.restorePoints)).toEqual(raw.slice(0, 10).map((p) => ({ id: p.id })));
    expect(h.calls().map((c) => c.authorization)).toEqual([`Bearer ${h.operatorToken}`]);
  });

  it('restorePoints: bad arguments are BAD_USER_INPUT before any call', async () => {
    for (const query of [
      '{ restorePoints(organizationId: "../jobs") { totalCount } }',
      '{ restorePoints(jobId: "x") { totalCount } }',
      '{ restorePoints(first: 0) { totalCount } }',
      '{ restorePoints(first: 100000) { totalCount } }',
      '{ restorePoints(after: "nope") { totalCount } }',
    ]) {
      const body = await h.query(query);
      expect(codes(body), query).toEqual(['BAD_USER_INPUT']);
    }
    expect(h.calls()).toHaveLength(0);
  });

  it('restoreSessions: one page of /RestoreSessions with the caller token', async () => {
    const raw = await allSessions();
    expect(raw.length).toBeGreaterThan(3);
    const body = await h.query(`{ restoreSessions(first: 3) { edges { node { ${SESSION_FIELDS} } } } }`);
    expect(body.errors).toBeUndefined();
    expect(nodes(body.data?.restoreSessions)).toEqual(raw.slice(0, 3).map(expectedSession));
    expect(paths(h.calls())).toEqual(['/restoresessions?offset=0&limit=3']);
    expect(h.calls()[0]!.authorization).toBe(`Bearer ${h.adminToken}`);
  });

  it('restoreSessions(startedAfter, startedBefore): sent as startTimeFrom and startTimeTo, filtered by the server', async () => {
    const raw = await allSessions();
    const from = raw[raw.length - 2]!.creationTime;
    const to = raw[1]!.creationTime;
    const expected = raw.filter((s) => Date.parse(s.creationTime) >= Date.parse(from) && Date.parse(s.creationTime) <= Date.parse(to));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(raw.length);
    const body = await h.query('query ($from: DateTime, $to: DateTime) { restoreSessions(first: 50, startedAfter: $from, startedBefore: $to) { edges { node { id } } } }', {
      variables: { from, to },
    });
    expect(body.errors).toBeUndefined();
    expect(nodes(body.data?.restoreSessions)).toEqual(expected.map((s) => ({ id: s.id })));
    const query = new URLSearchParams({ startTimeFrom: from, startTimeTo: to, offset: '0', limit: '50' }).toString().toLowerCase();
    expect(paths(h.calls())).toEqual([`/restoresessions?${query}`]);
  });

  it('restoreSession(id): the session, its organization, its events and (v8) its statistics, one call each', async () => {
    const session = (await allSessions()).find((s) => s.endTime !== null)!;
    const events = await upstream<{ results: RawEvent[] }>(h, `/restoresessions/${session.id}/events?limit=1000`);
    const organizationId = session._links.organization.href.split('/').pop()!;
    const body = await h.query(
      `{ restoreSession(id: "${session.id.toUpperCase()}") { ${SESSION_FIELDS} organization { id } events(first: 50) { edges { node { ${EVENT_FIELDS} } } } statistics { total restored failed skipped } } }`,
    );
    expect(body.errors).toBeUndefined();
    const answer = body.data?.restoreSession as Record<string, unknown>;
    const { organization, events: eventPage, statistics, ...fields } = answer;
    expect(fields).toEqual(expectedSession(session));
    expect(organization).toEqual({ id: organizationId });
    expect(nodes(eventPage)).toEqual(events.results.map(expectedEvent));
    const made = paths(h.calls());
    expect(made[0]).toBe(`/restoresessions/${session.id}`);
    const rest = [`/organizations/${organizationId}`, `/restoresessions/${session.id}/events?offset=0&limit=50`];
    if (version === 'v8') {
      const raw = await upstream<Record<string, number>>(h, `/restoresessions/${session.id}/statistics`);
      expect(statistics).toEqual({ total: raw.totalItemsCount, restored: raw.restoredItemsCount, failed: raw.failedItemsCount, skipped: raw.skippedItemsCount });
      rest.push(`/restoresessions/${session.id}/statistics`);
    } else {
      expect(statistics).toBeNull();
    }
    expect(made.slice(1).sort()).toEqual(rest.sort());
  });

  it('restoreSession(id) validates the GUID before any call; an unknown one is NOT_FOUND after one call', async () => {
    const bad = await h.query('{ restoreSession(id: "../restoresessions") { id } }');
    expect(bad.data).toEqual({ restoreSession: null });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(h.calls()).toHaveLength(0);
    const id = '00000000-0000-4000-8000-000000000000';
    const unknown = await h.query(`{ restoreSession(id: "${id}") { id } }`);
    expect(codes(unknown)).toEqual(['NOT_FOUND']);
    expect(paths(h.calls())).toEqual([`/restoresessions/${id}`]);
  });

  it('restoreSession(id).events: first beyond the page limit is BAD_USER_INPUT, the session alone is read', async () => {
    const session = (await allSessions())[0]!;
    const body = await h.query(`{ restoreSession(id: "${session.id}") { id events(first: 100000) { totalCount } } }`);
    expect(codes(body)).toEqual(['BAD_USER_INPUT']);
    expect(paths(h.calls())).toEqual([`/restoresessions/${session.id}`]);
  });
});

describe('restore points and restore sessions on API v5', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ version: 'v5' });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('v5 has no restore points or restore sessions: NOT_SUPPORTED_BY_SERVER before any call', async () => {
    for (const query of [
      '{ restorePoints { totalCount } }',
      '{ restorePoints(organizationId: "3f1c6a2e-8d4b-4e57-9a0c-5b7e21d9c4f8") { totalCount } }',
      '{ restoreSessions { totalCount } }',
      '{ restoreSessions(startedAfter: "2021-01-01T00:00:00Z") { totalCount } }',
      '{ restoreSession(id: "3f1c6a2e-8d4b-4e57-9a0c-5b7e21d9c4f8") { id } }',
    ]) {
      const body = await h.query(query);
      expect(codes(body), query).toEqual(['NOT_SUPPORTED_BY_SERVER']);
    }
    expect(h.calls()).toHaveLength(0);
  });
});

describe.each(API_VERSIONS.filter((v) => v !== 'v5'))('restore sessions in the cache on API %s', (version) => {
  const harnesses: Harness[] = [];
  afterEach(async () => {
    await Promise.all(harnesses.splice(0).map((h) => h.close()));
  });
  const QUERY = 'query ($id: ID!) { restoreSession(id: $id) { id state endTime events(first: 50) { edges { node { id status } } } statistics { total } } }';

  const sessions = async (h: Harness) => {
    const response = await fetch(`${h.simulator.baseUrl(version)}/restoresessions?limit=1000`, { headers: { authorization: `Bearer ${h.adminToken}` } });
    const body = (await response.json()) as { results: RawSession[] };
    h.reset();
    return body.results;
  };

  it('a finished restore session, its events and statistics are served from the cache the second time: 0 calls', async () => {
    const h = await startHarness({ version, config: { cacheTtlMs: 0, cacheFinishedTtlMs: 60_000 } });
    harnesses.push(h);
    const finished = (await sessions(h)).find((s) => s.endTime !== null && s.state === 'Stopped')!;
    const first = await h.query(QUERY, { variables: { id: finished.id } });
    expect(first.errors).toBeUndefined();
    expect(paths(h.calls()).sort()).toEqual(
      [`/restoresessions/${finished.id}`, `/restoresessions/${finished.id}/events?offset=0&limit=50`, ...(version === 'v8' ? [`/restoresessions/${finished.id}/statistics`] : [])].sort(),
    );
    h.reset();
    const second = await h.query(QUERY, { variables: { id: finished.id } });
    expect(second).toEqual(first);
    expect(h.calls()).toHaveLength(0);
  });

  it('an open restore session and its events are read again (only finished ones are kept)', async () => {
    const h = await startHarness({ version, config: { cacheTtlMs: 0, cacheFinishedTtlMs: 60_000 } });
    harnesses.push(h);
    const open = (await sessions(h)).find((s) => s.endTime === null && s.state === 'Working')!;
    expect(open).toBeDefined();
    await h.query(QUERY, { variables: { id: open.id } });
    const calls = paths(h.calls()).length;
    expect(calls).toBe(version === 'v8' ? 3 : 2);
    h.reset();
    await h.query(QUERY, { variables: { id: open.id } });
    expect(paths(h.calls())).toHaveLength(calls);
  });
});

describe('a restore point\'s route', () => {
  it('`/RestorePoints/{id}` takes a plain string id, kept in its case; anything unsafe as a path segment is refused', () => {
    expect(pathFromHref('/v8/RestorePoints/AbC-12_x.y~z')).toEqual({ kind: 'restorePoint', path: '/restorepoints/AbC-12_x.y~z', template: '/restorepoints/{key}' });
    expect(pathFromHref('https://vbm.invalid:4443/v6/restorepoints/fa64fd72602a9aa2d5d4f279', ['restorePoint']).path).toBe('/restorepoints/fa64fd72602a9aa2d5d4f279');
    for (const href of ['/v8/restorepoints/..', '/v8/restorepoints/.hidden', '/v8/restorepoints/a%2Fb', '/v8/restorepoints/a%20b']) {
      expect(() => pathFromHref(href), href).toThrow(/does not follow/);
    }
  });
});

describe('a restore session\'s organization link', () => {
  it('is followed when it names an organization; a link to another route (the session\'s own view) is null, with no call', async () => {
    const h = await startHarness({ version: 'v8' });
    const upstream = createUpstream(testUpstreamSettings(new URL(h.simulator.baseUrl('v8')), { timeoutMs: 10_000, maxUpstreamConnections: 2 }));
    try {
      const api = createBackupApi({ client: createUpstreamClient({ upstream, token: h.adminToken }), adapter: adapterFor('v8') });
      h.reset();
      const own = { organization: '/v8/RestoreSessions/5c6b8e8a-5d3a-4f0e-9a51-6d2f1c1b2a3e/organization' };
      expect(await api.relatedIfOf(own, 'organization', organizationResource)).toBeNull();
      expect(await api.relatedIfOf({}, 'organization', organizationResource)).toBeNull();
      await expect(api.related(own, 'organization', organizationResource)).rejects.toThrow(/does not follow/);
      expect(h.calls()).toHaveLength(0);
      const linked = await api.relatedIfOf({ organization: `/v8/organizations/${ORGANIZATION_IDS.contoso}` }, 'organization', organizationResource);
      expect(linked?.id).toBe(ORGANIZATION_IDS.contoso);
      expect(paths(h.calls())).toEqual([`/organizations/${ORGANIZATION_IDS.contoso}`]);
    } finally {
      await upstream.dispatcher.close();
      await h.close();
    }
  });
});

describe('restore decoders', () => {
  const guid = '5c6b8e8a-5d3a-4f0e-9a51-6d2f1c1b2a3e';
  it('a restore point id is a plain string, but only a safe path segment', () => {
    expect(decodeRestorePoint({ id: 'a1b2c3', backupTime: '2021-03-01T10:00:00Z' }).id).toBe('a1b2c3');
    for (const id of ['..', '../jobs', 'a/b', 'a?b', '', 'a b', 7]) {
      expect(() => decodeRestorePoint({ id, backupTime: '2021-03-01T10:00:00Z' }), String(id)).toThrow(/malformed restore point/);
    }
    expect(() => decodeRestorePoint({ id: 'a1', backupTime: '2021-03-01T10:00:00Z', jobId: 'nope' })).toThrow(/malformed restore point/);
    expect(decodeRestorePoint({ id: 'a1', backupTime: '2021-03-01T10:00:00Z', immutabilityExpiresOn: '2021-04-01T10:00:00Z' }).immutableUntil).toBe('2021-04-01T10:00:00Z');
  });
  it('a restore session needs its required fields', () => {
    const session = { id: guid, type: 'Vex', state: 'Stopped', result: 'Success', creationTime: '2021-03-01T10:00:00Z', organization: 'contoso' };
    expect(decodeRestoreSession(session).organizationName).toBe('contoso');
    expect(() => decodeRestoreSession({ ...session, state: undefined })).toThrow(/malformed restore session/);
    expect(() => decodeRestoreSession({ ...session, id: 'x' })).toThrow(/malformed restore session/);
  });
  it('an event\'s creationTime is its startTime; a missing startTime or message is malformed', () => {
    const event = { id: guid, status: 'Success', message: 'm', startTime: '2021-03-01T10:00:00Z', order: 1, itemSizeBytes: 2 ** 40 };
    expect(decodeRestoreSessionEvent(event)).toMatchObject({ creationTime: '2021-03-01T10:00:00Z', itemSizeBytes: 2 ** 40 });
    expect(() => decodeRestoreSessionEvent({ ...event, startTime: undefined })).toThrow(/malformed restore session event/);
    expect(() => decodeRestoreSessionEvent({ ...event, message: undefined })).toThrow(/malformed restore session event/);
  });
  it('statistics need all four counts and the items array', () => {
    const statistics = { totalItemsCount: 4, restoredItemsCount: 2, failedItemsCount: 1, skippedItemsCount: 1, items: [] };
    expect(decodeRestoreStatistics(statistics)).toEqual({ total: 4, restored: 2, failed: 1, skipped: 1 });
    expect(() => decodeRestoreStatistics({ ...statistics, skippedItemsCount: undefined })).toThrow(/malformed restore session statistics/);
    expect(() => decodeRestoreStatistics({ ...statistics, items: undefined })).toThrow(/malformed restore session statistics/);
    expect(() => decodeRestoreStatistics({ ...statistics, totalItemsCount: '4' })).toThrow(/malformed restore session statistics/);
  });
});
