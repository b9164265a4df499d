import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOW_SPACE_SHARE, SESSIONS_PAGE, summary, type SummaryCountsModel } from '../../src/servers/summary.js';
import type { SessionRecord } from '../../src/simulator/index.js';
import backupRepository from '../../src/upstream/resources/backup-repository.js';
import { recordWaves } from '../helpers/waves.js';
import { apisOf, onlyOwnToken, pathsOf, resetRequests, startServers, stopServers, type TestServer } from './three-servers.js';

const HOUR = 3_600_000;
let servers: TestServer[];
let since: string;

beforeAll(async () => {
  servers = await startServers();
  since = new Date(servers[0]!.simulator.startedAt - 24 * HOUR).toISOString();
});
afterAll(() => stopServers(servers));
beforeEach(() => {
  resetRequests(servers);
  for (const server of servers) server.simulator.clearFaults();
});

/** What the simulator holds: its sessions created since `since`, by status. */
function expectedCounts(server: TestServer): SummaryCountsModel {
  const counts = { success: 0, warning: 0, failed: 0, running: 0, other: 0 };
  const sessions: readonly SessionRecord[] = [...server.simulator.data.sessions, ...server.simulator.data.copySessions];
  for (const session of sessions) {
    if (Date.parse(session.creationTime) < Date.parse(since)) continue;
    const key = ({ Success: 'success', Warning: 'warning', Failed: 'failed', Running: 'running' } as const)[session.status as 'Success'] ?? 'other';
    counts[key] += 1;
  }
  return counts;
}

/** The floor: one read of sessions, jobs, repositories and the license, in the server's version. */
function floor(server: TestServer): string[] {
  const v = server.version;
  const paged = v === 'v8' ? '?offset=0&limit=1000' : '';
  return [`/${v}/backuprepositories${paged}`, `/${v}/jobs${paged}`, `/${v}/jobsessions?offset=0&limit=1000`, `/${v}/license`];
}

/** The sessions page eu1 (v8) answers the summary's read with, as JSON. */
async function eu1SessionsPage(): Promise<{ results: Record<string, unknown>[] }> {
  const eu1 = servers[0]!;
  const response = await fetch(`${eu1.simulator.baseUrl('v8')}/JobSessions?offset=0&limit=${SESSIONS_PAGE}`, { headers: { authorization: `Bearer ${eu1.token}` } });
  resetRequests(servers);
  return (await response.json()) as { results: Record<string, unknown>[] };
}

/** A full page of Success sessions without page links (so more may follow), those from `olderFrom` on created before `since`. */
function fullPage(olderFrom = SESSIONS_PAGE): string {
  const recent = new Date(Date.parse(since) + HOUR).toISOString();
  const older = new Date(Date.parse(since) - HOUR).toISOString();
  const results = Array.from({ length: SESSIONS_PAGE }, (_, i) => {
    const id = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    return { id, creationTime: i < olderFrom ? recent : older, endTime: recent, status: 'Success', jobType: 'Backup', _links: { self: { href: `/v8/jobsessions/${id}` } } };
  });
  return JSON.stringify({ offset: 0, limit: SESSIONS_PAGE, results });
}

describe('summary over three servers (v8, v7, v6)', () => {
  it('each server part: sessions since then by status, failed jobs, repositories low on space, license; the total adds them up', async () => {
    const answer = await summary(apisOf(servers), since);
    expect(answer.errors).toEqual([]);
    expect(answer.since).toBe(since);
    expect(answer.servers.map((s) => s.server)).toEqual(['eu1', 'us1', 'apac1']);
    const expected = servers.map(expectedCounts);
    expect(answer.servers.map((s) => s.sessions)).toEqual(expected);
    expect(expected.reduce((n, c) => n + c.success + c.failed, 0)).toBeGreaterThan(3);
    expect(answer.total).toEqual({
      success: expected.reduce((n, c) => n + c.success, 0),
      warning: expected.reduce((n, c) => n + c.warning, 0),
      failed: expected.reduce((n, c) => n + c.failed, 0),
      running: expected.reduce((n, c) => n + c.running, 0),
      other: expected.reduce((n, c) => n + c.other, 0),
    });
    for (const [i, part] of answer.servers.entries()) {
      const failedJobs = servers[i]!.simulator.data.jobs.filter((j) => j.lastStatus === 'Failed').map((j) => j.id);
      expect((part.failedJobs as { id: string }[]).map((j) => j.id).sort()).toEqual([...failedJobs].sort());
      expect(part.license).toMatchObject({ totalUsers: expect.any(Number), usedUsers: expect.any(Number) });
    }
    // Every repository under 15 % free and no other, each server read once more to compare.
    resetRequests(servers);
    const lists = await Promise.all(apisOf(servers).map(({ api }) => api.list(backupRepository)));
    for (const [i, part] of answer.servers.entries()) {
      const low = lists[i]!.filter((r) => r.capacityBytes && r.freeSpaceBytes !== null && r.freeSpaceBytes < LOW_SPACE_SHARE * r.capacityBytes);
      expect((part.repositoriesLowOnSpace as { id: string }[]).map((r) => r.id)).toEqual(low.map((r) => r.id));
    }
    expect(lists.flat().length).toBeGreaterThan(answer.servers.flatMap((s) => s.repositoriesLowOnSpace as unknown[]).length);
  });

  it('reads each server at the floor: four calls, once each, with its own token', async () => {
    await summary(apisOf(servers), since);
    for (const server of servers) {
      expect(pathsOf(server.simulator.requests).sort(), server.name).toEqual(floor(server));
      expect(onlyOwnToken(server)).toBe(true);
    }
  });

  it('the four reads of the three servers all run at once: one wave of twelve requests', async () => {
    const waves = recordWaves(servers.map((s) => s.simulator.origin));
    try {
      await summary(apisOf(servers), since);
    } finally {
      waves.stop();
    }
    expect(waves.requests()).toBe(12);
    expect(waves.roundTrips()).toBe(1);
  });

  it('a failed read nulls only its field of that server, with one error naming the server; the other servers stay whole', async () => {
    servers[1]!.simulator.injectFault({ path: /\/license$/, status: 503 });
    servers[2]!.simulator.injectFault({ path: /\/jobsessions$/, status: 401 });
    const answer = await summary(apisOf(servers), since);
    const [eu1, us1, apac1] = answer.servers;
    expect(us1!.license).toBeInstanceOf(GraphQLError);
    expect(us1!.sessions).toEqual(expectedCounts(servers[1]!));
    expect(apac1!.sessions).toBeInstanceOf(GraphQLError);
    expect(apac1!.license).not.toBeInstanceOf(GraphQLError);
    expect(Object.values(eu1!).some((v) => v instanceof GraphQLError)).toBe(false);
    expect(answer.errors.map((e) => [e.extensions.code, e.extensions.server])).toEqual([
      ['UPSTREAM_UNAVAILABLE', 'us1'],
      ['UNAUTHENTICATED', 'apac1'],
    ]);
    expect(answer.errors[0]!.message).toMatch(/^Server "us1": .*\(license left out\)$/);
    // The total counts the servers whose sessions were read.
    const [a, b] = [expectedCounts(servers[0]!), expectedCounts(servers[1]!)];
    expect(answer.total.success).toBe(a.success + b.success);
  });

  it('a stopped server: its four fields are null under one error; the others answer', async () => {
    const own = await startServers();
    try {
      await own[0]!.simulator.close();
      const answer = await summary(apisOf(own), since);
      expect(answer.errors.map((e) => [e.extensions.code, e.extensions.server])).toEqual([['UPSTREAM_UNAVAILABLE', 'eu1']]);
      expect(answer.errors[0]!.message).toMatch(/\(sessions, failedJobs, repositoriesLowOnSpace, license left out\)$/);
      expect(answer.servers[0]!.sessions).toBeInstanceOf(GraphQLError);
      expect(answer.servers.slice(1).flatMap((s) => Object.values(s)).some((v) => v instanceof GraphQLError)).toBe(false);
      expect(own.slice(1).map((s) => s.simulator.requests.length)).toEqual([4, 4]);
    } finally {
      await stopServers(own);
    }
  });

  it('sessions: a page is decoded down to its first session created before `since` only; a bad session past it fails nothing, one before it fails the field', async () => {
    const page = await eu1SessionsPage();
    const first = page.results.findIndex((s) => Date.parse(s.creationTime as string) < Date.parse(since));
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(page.results.length - 1);
    const withBadSession = (at: number) => JSON.stringify({ ...page, results: page.results.map((s, i) => (i === at ? { ...s, id: 42, status: 17 } : s)) });

    servers[0]!.simulator.injectFault({ path: /\/jobsessions$/, body: withBadSession(first + 1), times: 1 });
    const past = await summary(apisOf(servers.slice(0, 1)), since);
    expect(past.servers[0]!.sessions).toEqual(expectedCounts(servers[0]!));

    servers[0]!.simulator.injectFault({ path: /\/jobsessions$/, body: withBadSession(first - 1), times: 1 });
    const before = await summary(apisOf(servers.slice(0, 1)), since);
    expect(before.servers[0]!.sessions).toBeInstanceOf(GraphQLError);
    expect(before.errors.map((e) => [e.extensions.code, e.extensions.server])).toEqual([['UPSTREAM_BAD_RESPONSE', 'eu1']]);
    expect(pathsOf(servers[0]!.simulator.requests).filter((p) => p.startsWith('/v8/jobsessions'))).toEqual([
      `/v8/jobsessions?offset=0&limit=${SESSIONS_PAGE}`,
      `/v8/jobsessions?offset=0&limit=${SESSIONS_PAGE}`,
    ]);
  });

  it('sessions: a full page of sessions since then reads the next page; a page that reaches an older one ends the read though more pages follow', async () => {
    const eu1 = servers[0]!;
    eu1.simulator.injectFault({ path: /\/jobsessions$/, body: fullPage(), times: 1 });
    const all = await summary(apisOf([eu1]), since);
    // The second page is the simulator's own (its sessions end before offset 1000): empty.
    expect(all.servers[0]!.sessions).toEqual({ success: SESSIONS_PAGE, warning: 0, failed: 0, running: 0, other: 0 });
    expect(pathsOf(eu1.simulator.requests).filter((p) => p.startsWith('/v8/jobsessions'))).toEqual([
      `/v8/jobsessions?offset=0&limit=${SESSIONS_PAGE}`,
      `/v8/jobsessions?offset=${SESSIONS_PAGE}&limit=${SESSIONS_PAGE}`,
    ]);

    resetRequests(servers);
    eu1.simulator.injectFault({ path: /\/jobsessions$/, body: fullPage(500), times: 1 });
    const half = await summary(apisOf([eu1]), since);
    expect(half.servers[0]!.sessions).toEqual({ success: 500, warning: 0, failed: 0, running: 0, other: 0 });
    expect(pathsOf(eu1.simulator.requests).filter((p) => p.startsWith('/v8/jobsessions'))).toEqual([`/v8/jobsessions?offset=0&limit=${SESSIONS_PAGE}`]);
  });

  it('a `since` that is not a date-time is BAD_USER_INPUT before any call', async () => {
    await expect(summary(apisOf(servers), 'yesterday')).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(servers.map((s) => s.simulator.requests.length)).toEqual([0, 0, 0]);
  });
});

describe('summary over a v5 server', () => {
  let v5: TestServer[];
  beforeAll(async () => {
    v5 = (await startServers({ versions: ['v5'] })).slice(0, 1);
  });
  afterAll(() => stopServers(v5));

  it('counts its sessions since then (v5 lists no copy sessions) at the floor of four calls, with its own token', async () => {
    const [server] = v5;
    resetRequests(v5);
    const answer = await summary(apisOf(v5), since);
    expect(answer.errors).toEqual([]);
    const expected = { success: 0, warning: 0, failed: 0, running: 0, other: 0 };
    for (const session of server!.simulator.data.sessions) {
      if (Date.parse(session.creationTime) < Date.parse(since)) continue;
      const key = ({ Success: 'success', Warning: 'warning', Failed: 'failed', Running: 'running' } as const)[session.status as 'Success'] ?? 'other';
      expected[key] += 1;
    }
    expect(expected.success + expected.failed).toBeGreaterThan(0);
    expect(answer.servers[0]!.sessions).toEqual(expected);
    expect(pathsOf(server!.simulator.requests).sort()).toEqual(floor(server!).sort());
    expect(onlyOwnToken(server!)).toBe(true);
  });
});
