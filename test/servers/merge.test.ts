import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jobSessionsList, mergedRows, resourceList } from '../../src/servers/lists.js';
import { MAX_READS, mergedPage, timeKey, type MergedList, type MergedPage } from '../../src/servers/merge.js';
import type { SessionRecord } from '../../src/simulator/index.js';
import type { SessionFilters } from '../../src/upstream/adapters/index.js';
import type { ApiVersion } from '../../src/upstream/api-version.js';
import job from '../../src/upstream/resources/job.js';
import licensedUser from '../../src/upstream/resources/licensed-user.js';
import type { ServerApi } from '../../src/servers/server-errors.js';
import { apisOf, onlyOwnToken, pathsOf, resetRequests, startServers, stopServers, type TestServer } from './three-servers.js';

const MAX_PAGE = 100;
const HOUR = 3_600_000;
let servers: TestServer[];
let since: string;
let clock: number;

beforeAll(async () => {
  servers = await startServers();
  clock = Math.max(...servers.map((s) => s.simulator.startedAt));
  since = new Date(clock - 24 * HOUR).toISOString();
});
afterAll(() => stopServers(servers));
beforeEach(() => resetRequests(servers));

const now = () => clock;

/** Each server's own list, read whole in one window; the merged order: newest first, then server name, then the server's order. */
async function expectedUnion(filters: SessionFilters, version?: ApiVersion): Promise<string[]> {
  const parts = await Promise.all(
    apisOf(servers, version).map(async ({ name, api }) => (await api.jobSessions({ offset: 0, limit: 1000 }, filters)).items.map((s, i) => ({ name, s, i }))),
  );
  resetRequests(servers);
  return parts
    .flat()
    .sort((a, b) => (timeKey(b.s.creationTime) > timeKey(a.s.creationTime) ? 1 : timeKey(b.s.creationTime) < timeKey(a.s.creationTime) ? -1 : a.name < b.name ? -1 : a.name > b.name ? 1 : a.i - b.i))
    .map(({ name, s }) => `${name}/${s.id}`);
}

interface Walk {
  rows: string[];
  pages: number;
  /** Calls per server, page by page. */
  calls: Record<string, number>[];
  errors: { code: unknown; server: unknown }[];
}

/** Walks every page (bounded), each page with fresh data sources as a GraphQL request has; `between` runs after each page. */
async function walk<T>(list: MergedList<T>, first: number, options: { version?: ApiVersion; between?: (page: number) => void; id?: (node: T) => string; errors?: string[] } = {}): Promise<Walk> {
  const result: Walk = { rows: [], pages: 0, calls: [], errors: [] };
  let after: string | null = null;
  for (let page = 0; page < 200; page += 1) {
    resetRequests(servers);
    const answer: MergedPage<T> = await mergedPage(apisOf(servers, options.version), list, { first, after, maxPageSize: MAX_PAGE }, { now });
    result.pages += 1;
    result.calls.push(Object.fromEntries(servers.map((s) => [s.name, s.simulator.requests.length])));
    result.errors.push(...answer.errors.map((e) => ({ code: e.extensions.code, server: e.extensions.server })));
    expect(answer.errors.map((e) => e.message)).toEqual(options.errors ?? []);
    for (const server of servers) {
      expect(onlyOwnToken(server)).toBe(true);
      // At most `first` rows and the anchor row per read, unless the list moved and the anchor is searched for.
      const limits = pathsOf(server.simulator.requests).map((path) => Number(/[?&]limit=(\d+)/.exec(path)?.[1]));
      if (options.between) expect(limits.length).toBeLessThanOrEqual(MAX_READS);
      else for (const limit of limits) expect(limit).toBeLessThanOrEqual(first + 1);
    }
    result.rows.push(...answer.edges.map((e) => `${e.server}/${options.id ? options.id(e.node) : (e.node as { id: string }).id}`));
    expect(answer.edges.length).toBeLessThanOrEqual(first);
    options.between?.(page);
    if (!answer.pageInfo.hasNextPage) return result;
    expect(answer.edges.length, JSON.stringify({ page, calls: result.calls.at(-1), paths: servers.map((s) => pathsOf(s.simulator.requests)), after })).toBeGreaterThan(0);
    expect(answer.pageInfo.endCursor).toBe(answer.edges.at(-1)!.cursor);
    after = answer.pageInfo.endCursor;
  }
  throw new Error('The walk did not end');
}

describe('timeKey', () => {
  it('orders stamps by instant, whatever their offset and fraction digits', () => {
    expect(timeKey('2021-03-08T12:00:00.0000001+03:00') > timeKey('2021-03-08T09:00:00Z')).toBe(true);
    expect(timeKey('2021-03-08T12:00:00+03:00')).toBe(timeKey('2021-03-08T09:00:00.0000000Z'));
    expect(timeKey('2021-03-08T09:00:00.123Z') < timeKey('2021-03-08T09:00:00.1230001Z')).toBe(true);
    expect(() => timeKey('yesterday')).toThrow(expect.objectContaining({ extensions: { code: 'UPSTREAM_BAD_RESPONSE' } }));
  });
});

describe('jobSessions over three servers (v8, v7, v6)', () => {
  it('endedAfter: pages of every size walk the union newest first with no repeat or gap, each server with its own token', async () => {
    const filters = { endedAfter: since };
    const expected = await expectedUnion(filters);
    expect(new Set(expected.map((row) => row.split('/')[0]))).toEqual(new Set(['eu1', 'us1', 'apac1']));
    expect(expected.length).toBeGreaterThan(6);
    for (const first of [1, 2, 3, 5, expected.length + 1]) {
      const result = await walk(jobSessionsList(filters), first);
      expect(result.rows, `pages of ${first}`).toEqual(expected);
      expect(result.errors).toEqual([]);
    }
  });

  it('each server is asked only for its own slice: the filters in its version spelling, and no server more than once per page unless its list moved', async () => {
    const result = await walk(jobSessionsList({ endedAfter: since }), 3);
    const calls = result.calls.flatMap((page) => Object.values(page));
    expect(Math.max(...calls)).toBe(1);
    // What the cursor knows spares reads: a server whose next row comes after the page is not read.
    const failed = await walk(jobSessionsList({ status: 'FAILED', endedAfter: since }), 2, { version: 'v8' });
    expect(failed.calls.flatMap((page) => Object.values(page)).filter((n) => n === 0).length).toBeGreaterThan(0);
    resetRequests(servers);
    await mergedPage(apisOf(servers), jobSessionsList({ endedAfter: since }), { first: 3, maxPageSize: MAX_PAGE }, { now });
    const bound = encodeURIComponent(since).toLowerCase();
    expect(servers.map((s) => pathsOf(s.simulator.requests))).toEqual([
      [`/v8/jobsessions?endtimelowerbound=${bound}&offset=0&limit=3`],
      [`/v7/jobsessions?endtimelowerbound=${bound}&offset=0&limit=3`],
      [`/v6/jobsessions?endtimelowerbound=${bound}&offset=0&limit=3`],
    ]);
  });

  it('status FAILED and endedAfter on three v8 servers: the union of their failed sessions, newest first', async () => {
    const filters: SessionFilters = { status: 'FAILED', endedAfter: since };
    const expected = await expectedUnion(filters, 'v8');
    expect(new Set(expected.map((row) => row.split('/')[0])).size).toBeGreaterThan(1);
    for (const first of [1, 2, 4]) {
      const result = await walk(jobSessionsList(filters), first, { version: 'v8' });
      expect(result.rows).toEqual(expected);
    }
    for (const server of servers) expect(pathsOf(server.simulator.requests).every((p) => p.startsWith('/v8/jobsessions?') && p.includes('status=failed'))).toBe(true);
  });

  it('a server whose version cannot apply a filter contributes NOT_SUPPORTED_BY_SERVER naming it, no rows and no call', async () => {
    const filters: SessionFilters = { status: 'FAILED', endedAfter: since };
    const expected = (await expectedUnion(filters, 'v8')).filter((row) => row.startsWith('eu1/'));
    const answer = await mergedPage(apisOf(servers), jobSessionsList(filters), { first: 50, maxPageSize: MAX_PAGE }, { now });
    expect(answer.edges.map((e) => `${e.server}/${e.node.id}`)).toEqual(expected);
    expect(answer.errors.map((e) => [e.extensions.code, e.extensions.server])).toEqual([
      ['NOT_SUPPORTED_BY_SERVER', 'us1'],
      ['NOT_SUPPORTED_BY_SERVER', 'apac1'],
    ]);
    expect(answer.errors[1]!.message).toMatch(/^Server "apac1": /);
    expect(servers.map((s) => s.simulator.requests.length)).toEqual([1, 0, 0]);
  });

  it('sessions that appear between pages (new at the top, more than a page of them, or joining the filter by ending) are not mixed in; nothing is skipped', async () => {
    const filters: SessionFilters = { status: 'FAILED', endedAfter: since };
    const expected = await expectedUnion(filters, 'v8');
    let added = 0;
    const addSessions = (page: number) => {
      for (const server of servers) {
        const sessions = server.simulator.data.sessions;
        const template = sessions[0]!;
        // New failed sessions at the top of the list: they shift every offset below them.
        for (let i = 0; i < 3 + page; i += 1) {
          added += 1;
          const stamp = new Date(clock + (added + 1) * 60_000).toISOString();
          const id = `00000000-0000-4000-8000-${String(added).padStart(12, '0')}`;
          server.simulator.putSession({ ...template, id, status: 'Failed', creationTime: stamp, endTime: stamp } satisfies SessionRecord);
        }
        // A session of the past that fails only now: it joins the filtered list among older rows.
        const running = sessions.find((s) => s.status === 'Running' || s.status === 'Queued');
        if (running && page === 0) server.simulator.putSession({ ...running, status: 'Failed', endTime: new Date(clock + 30_000).toISOString() });
      }
    };
    const result = await walk(jobSessionsList(filters), 2, { version: 'v8', between: addSessions });
    expect(result.rows).toEqual(expected);
    expect(added).toBeGreaterThan(9);
    // The list without a status filter moves the same way on v7 and v6.
    // The next walk starts after the sessions added so far.
    clock += (added + 2) * 60_000;
    const all = await expectedUnion({ endedAfter: since });
    const unfiltered = await walk(jobSessionsList({ endedAfter: since }), 3, { between: addSessions });
    expect(unfiltered.rows).toEqual(all);
  });

  it('a tampered, foreign or garbage cursor is BAD_USER_INPUT before any call', async () => {
    const list = jobSessionsList({ endedAfter: since });
    const page = await mergedPage(apisOf(servers), list, { first: 2, maxPageSize: MAX_PAGE }, { now });
    const cursor = page.pageInfo.endCursor!;
    resetRequests(servers);
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { p: Record<string, unknown[]> };
    const edited = (change: (json: typeof decoded) => void) => {
      const copy = structuredClone(decoded);
      change(copy);
      return Buffer.from(JSON.stringify(copy)).toString('base64url');
    };
    const flipped = `${cursor.slice(0, 20)}${cursor[20] === 'A' ? 'B' : 'A'}${cursor.slice(21)}`;
    const bad = [
      'garbage',
      '',
      flipped,
      edited((json) => { json.p.eu1![0] = -1; }),
      edited((json) => { json.p.eu1![1] = '../../token'; }),
      edited((json) => { delete json.p.us1; }),
      `${cursor}=`,
    ];
    for (const after of bad) {
      await expect(mergedPage(apisOf(servers), list, { first: 2, after, maxPageSize: MAX_PAGE }, { now }), after).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    }
    // A cursor of other filters or other servers.
    await expect(mergedPage(apisOf(servers), jobSessionsList({ endedAfter: clockIso(-HOUR) }), { first: 2, after: cursor, maxPageSize: MAX_PAGE }, { now })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    await expect(mergedPage(apisOf(servers).slice(0, 2), list, { first: 2, after: cursor, maxPageSize: MAX_PAGE }, { now })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    await expect(mergedPage(apisOf(servers), list, { first: 0, maxPageSize: MAX_PAGE }, { now })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(servers.map((s) => s.simulator.requests.length)).toEqual([0, 0, 0]);
  });
});

const clockIso = (delta: number) => new Date(clock + delta).toISOString();

describe('other lists over three servers', () => {
  it('licensedUsers: server after server by name, each in its own order, pages of any size', async () => {
    const parts = await Promise.all(apisOf(servers).map(async ({ name, api }) => (await api.list(licensedUser)).map((u) => `${name}/${u.id}`)));
    resetRequests(servers);
    const expected = [...parts[2]!, ...parts[0]!, ...parts[1]!]; // apac1, eu1, us1
    expect(expected.length).toBeGreaterThan(3);
    for (const first of [1, 4]) expect((await walk(resourceList(licensedUser), first)).rows).toEqual(expected);
  });

  it('jobs: one list read per server, ordered by name, then server, then id', async () => {
    const merged = await mergedRows(apisOf(servers), job);
    expect(merged.errors).toEqual([]);
    const keys = merged.rows.map((r) => [r.node.name, r.server, r.node.id].join('\u0000'));
    expect(keys).toEqual([...keys].sort());
    expect(new Set(merged.rows.map((r) => r.server))).toEqual(new Set(['eu1', 'us1', 'apac1']));
    expect(servers.map((s) => pathsOf(s.simulator.requests))).toEqual([['/v8/jobs?offset=0&limit=1000'], ['/v7/jobs'], ['/v6/jobs']]);
    for (const server of servers) expect(onlyOwnToken(server)).toBe(true);
  });
});

describe('one server down', () => {
  let own: TestServer[];
  beforeAll(async () => {
    own = await startServers();
  });
  afterAll(() => stopServers(own));

  it('the other servers answer; one error names the stopped server with its code', async () => {
    await own[1]!.simulator.close();
    const answer = await mergedPage(apisOf(own), jobSessionsList({ endedAfter: since }), { first: 5, maxPageSize: MAX_PAGE }, { now });
    expect(new Set(answer.edges.map((e) => e.server))).toEqual(new Set(['eu1', 'apac1']));
    expect(answer.edges).toHaveLength(5);
    expect(answer.errors.map((e) => [e.extensions.code, e.extensions.server])).toEqual([['UPSTREAM_UNAVAILABLE', 'us1']]);
    const rows = await mergedRows(apisOf(own), job);
    expect(rows.errors.map((e) => [e.extensions.code, e.extensions.server])).toEqual([['UPSTREAM_UNAVAILABLE', 'us1']]);
    expect(new Set(rows.rows.map((r) => r.server))).toEqual(new Set(['eu1', 'apac1']));
    expect(own[0]!.simulator.requests.length).toBeGreaterThan(0);
  });
});



describe('what the cursor knows spares reads (in-memory lists)', () => {
  interface Item {
    id: string;
    time: string;
  }
  /** A server's newest-first list, served by window; every read is logged as `offset+limit`. */
  const server = (name: string, hours: readonly number[]) => {
    const rows: Item[] = hours.map((h, i) => ({ id: `${name}-${i}`, time: new Date(Date.UTC(2026, 0, 1, h)).toISOString() }));
    const reads: string[] = [];
    return { name, rows, reads, api: { name } as unknown as ServerApi['api'] };
  };
  const listOf = (all: ReturnType<typeof server>[]): MergedList<Item> => ({
    name: 'items',
    fingerprint: '',
    check: () => undefined,
    read: async (api, { offset, limit }) => {
      const s = all.find((x) => x.api === api)!;
      s.reads.push(`${offset}+${limit}`);
      return { items: s.rows.slice(offset, offset + limit), offset, hasNextPage: s.rows.length > offset + limit, totalCount: null };
    },
    id: (item) => item.id,
    time: (item) => item.time,
  });

  it('a server whose next row comes after everything the page can hold is not read; one known to be through is not read again', async () => {
    const a = server('a', [23, 22, 21, 20]);
    const b = server('b', [15, 14, 13, 12, 11]);
    const c = server('c', [5, 4, 3]);
    const all = [a, b, c];
    const apis = all.map(({ name, api }) => ({ name, api }));
    const rows: string[] = [];
    let after: string | null = null;
    const readsPerPage: string[][] = [];
    for (let page = 0; page < 10; page += 1) {
      for (const s of all) s.reads.length = 0;
      const answer: MergedPage<Item> = await mergedPage(apis, listOf(all), { first: 3, after, maxPageSize: MAX_PAGE }, { now: () => Date.UTC(2026, 0, 2) });
      rows.push(...answer.edges.map((e) => e.node.id));
      readsPerPage.push(all.map((s) => s.reads.join(' ')));
      if (!answer.pageInfo.hasNextPage) break;
      after = answer.pageInfo.endCursor;
    }
    expect(rows).toEqual([...a.rows, ...b.rows, ...c.rows].map((r) => r.id));
    expect(readsPerPage).toEqual([
      ['0+3', '0+3', '0+3'],
      // b's three rows seen fill the page: c, whose first row is older than all of them, is not
      // read; a reads on from the row after its last taken (read again as the anchor).
      ['2+4', '0+3', ''],
      // a answered it has no more: not read again; b reads on from its first row not taken.
      ['', '2+3', '0+3'],
      ['', '', '0+3'],
    ]);
  });
});
