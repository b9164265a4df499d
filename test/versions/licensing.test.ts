import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { segmentArg } from '../../src/resolvers/arguments.js';
import { API_VERSIONS } from '../../src/upstream/api-version.js';
import { decodeLicenseV5, decodeLicenseV7 } from '../../src/upstream/resources/license.js';
import { decodeLicensedUser } from '../../src/upstream/resources/licensed-user.js';
import { decodeServerHealth } from '../../src/upstream/resources/server-health.js';
import { codes, paths, startHarness, type Harness } from '../helpers/harness.js';

interface RawLicense {
  status: string;
  type: string;
  licensedTo: string;
  expirationDate?: string;
  licenseExpires?: string;
  gracePeriodExpires?: string;
  totalNumber: number;
  usedNumber: number;
  newNumber?: number;
}

interface RawLicensedUser {
  id: string;
  name: string;
  isBackedUp: boolean;
  lastBackupDate: string;
  licenseState: string;
  organizationId: string;
  organizationName: string;
}

const USER_FIELDS = 'id name isBackedUp lastBackupDate licenseState organizationName';

describe.each(API_VERSIONS)('Query.license / licensedUsers / serverHealth on API %s', (version) => {
  let h: Harness;
  const pagesLicensedUsers = version !== 'v5';

  /** What the server answers at a path for a token, read directly (not through the facade) and not recorded. */
  const upstream = async <T>(path: string, token = h.adminToken): Promise<T> => {
    const response = await fetch(`${h.simulator.baseUrl(version)}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as T;
    h.reset();
    return body;
  };

  beforeAll(async () => {
    h = await startHarness({ version });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('license reads /License once with the caller token; the expiry and grace period come from the version\'s own fields', async () => {
    const raw = await upstream<RawLicense>('/license');
    const body = await h.query('{ license { status type licensedTo expirationDate gracePeriodExpirationDate totalUsers usedUsers newUsers } }');
    expect(body.errors).toBeUndefined();
    const v7 = version === 'v7' || version === 'v8';
    expect(body.data?.license).toEqual({
      status: raw.status,
      type: raw.type,
      licensedTo: raw.licensedTo,
      expirationDate: v7 ? raw.licenseExpires : raw.expirationDate,
      gracePeriodExpirationDate: v7 ? raw.gracePeriodExpires : null,
      totalUsers: raw.totalNumber,
      usedUsers: raw.usedNumber,
      newUsers: version === 'v5' ? null : raw.newNumber,
    });
    expect(typeof (body.data?.license as { expirationDate: unknown }).expirationDate).toBe('string');
    expect(paths(h.calls())).toEqual(['/license']);
    expect(h.calls().map((c) => c.authorization)).toEqual([`Bearer ${h.adminToken}`]);
  });

  it('license asked twice in one operation is one call', async () => {
    const body = await h.query('{ a: license { status } b: license { totalUsers } }');
    expect(body.errors).toBeUndefined();
    expect(paths(h.calls())).toEqual(['/license']);
  });

  it('serverHealth reads /Health on v8 (status and each entry); NOT_SUPPORTED_BY_SERVER before, with no call', async () => {
    const body = await h.query('{ serverHealth { status components { name status description } } }');
    if (version !== 'v8') {
      expect(body.data).toEqual({ serverHealth: null });
      expect(codes(body)).toEqual(['NOT_SUPPORTED_BY_SERVER']);
      expect(h.calls()).toHaveLength(0);
      return;
    }
    expect(body.errors).toBeUndefined();
    expect(body.data?.serverHealth).toEqual({
      status: 'HEALTHY',
      components: [
        { name: 'NATS', status: 'HEALTHY', description: null },
        { name: 'PostgreSQL', status: 'HEALTHY', description: null },
      ],
    });
    expect(paths(h.calls())).toEqual(['/health']);
    expect(h.calls()[0]!.authorization).toBe(`Bearer ${h.adminToken}`);
  });

  it('licensedUsers reads one page of /LicensedUsers with the caller token (v6+); NOT_SUPPORTED_BY_SERVER on v5, with no call', async () => {
    const query = `{ licensedUsers(first: 4) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${USER_FIELDS} } } } }`;
    if (!pagesLicensedUsers) {
      const body = await h.query(query);
      expect(body.data).toBeNull();
      expect(codes(body)).toEqual(['NOT_SUPPORTED_BY_SERVER']);
      expect(h.calls()).toHaveLength(0);
      return;
    }
    const raw = await upstream<{ results: RawLicensedUser[]; totalCount?: number }>('/licensedusers?offset=0&limit=10000');
    expect(raw.results.length).toBeGreaterThan(4);
    const body = await h.query(query);
    expect(body.errors).toBeUndefined();
    const connection = body.data?.licensedUsers as {
      totalCount: number | null;
      pageInfo: { hasNextPage: boolean; endCursor: string };
      edges: { cursor: string; node: Record<string, unknown> }[];
    };
    expect(connection.edges.map((e) => e.node)).toEqual(
      raw.results.slice(0, 4).map((u) => ({
        id: u.id,
        name: u.name,
        isBackedUp: u.isBackedUp,
        lastBackupDate: u.lastBackupDate.startsWith('0001-') ? null : u.lastBackupDate,
        licenseState: u.licenseState,
        organizationName: u.organizationName,
      })),
    );
    expect(connection.totalCount).toBe(version === 'v8' ? null : raw.results.length);
    expect(connection.pageInfo.hasNextPage).toBe(true);
    expect(paths(h.calls())).toEqual(['/licensedusers?offset=0&limit=4']);
    expect(h.calls()[0]!.authorization).toBe(`Bearer ${h.adminToken}`);

    h.reset();
    const next = await h.query(`{ licensedUsers(first: 4, after: "${connection.pageInfo.endCursor}") { edges { node { id } } } }`);
    expect((next.data?.licensedUsers as { edges: { node: { id: string } }[] }).edges.map((e) => e.node.id)).toEqual(raw.results.slice(4, 8).map((u) => u.id));
    expect(paths(h.calls())).toEqual(['/licensedusers?offset=4&limit=4']);
  });

  it.runIf(pagesLicensedUsers)('licensedUsers(organizationId) is applied by the server as its organizationId parameter', async () => {
    const all = await upstream<{ results: RawLicensedUser[] }>('/licensedusers?offset=0&limit=10000');
    const organizationId = all.results.at(-1)!.organizationId;
    const expected = all.results.filter((u) => u.organizationId === organizationId).map((u) => ({ id: u.id }));
    expect(expected.length).toBeLessThan(all.results.length);
    const body = await h.query(`{ licensedUsers(organizationId: "${organizationId.toUpperCase()}") { edges { node { id } } } }`);
    expect(body.errors).toBeUndefined();
    expect((body.data?.licensedUsers as { edges: { node: unknown }[] }).edges.map((e) => e.node)).toEqual(expected);
    expect(paths(h.calls())).toEqual([`/licensedusers?organizationid=${organizationId}&offset=0&limit=30`]);
  });

  it.runIf(pagesLicensedUsers)('the organization of N licensed users is read once per distinct organization', async () => {
    const all = await upstream<{ results: RawLicensedUser[] }>('/licensedusers?offset=0&limit=10000');
    const distinct = [...new Set(all.results.map((u) => u.organizationId))];
    expect(distinct.length).toBeGreaterThan(1);
    expect(all.results.length).toBeGreaterThan(distinct.length);
    const body = await h.query('{ licensedUsers(first: 100) { edges { node { id organization { id name } } } } }');
    expect(body.errors).toBeUndefined();
    const nodes = (body.data?.licensedUsers as { edges: { node: { id: string; organization: { id: string } } }[] }).edges.map((e) => e.node);
    expect(nodes.map((n) => n.organization.id)).toEqual(all.results.map((u) => u.organizationId));
    const calls = paths(h.calls());
    expect(calls[0]).toBe('/licensedusers?offset=0&limit=100');
    expect(calls.slice(1).sort()).toEqual(distinct.map((id) => `/organizations/${id}`).sort());
    expect(h.calls().every((c) => c.authorization === `Bearer ${h.adminToken}`)).toBe(true);
  });

  it.runIf(pagesLicensedUsers)('a caller sees only the licensed users of the organizations the server shows that caller', async () => {
    const mine = await upstream<{ results: RawLicensedUser[] }>('/licensedusers?offset=0&limit=10000', h.operatorToken);
    const all = await upstream<{ results: RawLicensedUser[] }>('/licensedusers?offset=0&limit=10000');
    expect(mine.results.length).toBeLessThan(all.results.length);
    const body = await h.query('{ licensedUsers(first: 100) { edges { node { id } } } }', { token: h.operatorToken });
    expect((body.data?.licensedUsers as { edges: { node: unknown }[] }).edges.map((e) => e.node)).toEqual(mine.results.map((u) => ({ id: u.id })));
    expect(h.calls().map((c) => c.authorization)).toEqual([`Bearer ${h.operatorToken}`]);
  });

  it('licensedUsers validates organizationId before any upstream call: BAD_USER_INPUT and no call', async () => {
    const body = await h.query('{ licensedUsers(organizationId: "../jobs") { totalCount } }');
    expect(body.data).toBeNull();
    expect(codes(body)).toEqual(['BAD_USER_INPUT']);
    expect(h.calls()).toHaveLength(0);
  });

  it('licensedUsers bounds first by MAX_PAGE_SIZE and checks after: BAD_USER_INPUT and no call', async () => {
    for (const args of ['first: 1001', 'first: 0', 'after: "not-a-cursor"']) {
      const body = await h.query(`{ licensedUsers(${args}) { totalCount } }`);
      expect(codes(body)).toEqual(['BAD_USER_INPUT']);
    }
    expect(h.calls()).toHaveLength(0);
  });
});

describe('license, licensed users and health through the cache', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ version: 'v8', config: { cacheTtlMs: 600_000 } });
  });
  afterAll(() => h.close());

  it('live CACHE_TTL_MS: a second request of the same caller reads none of them again', async () => {
    const query = '{ license { status } serverHealth { status } licensedUsers(first: 3) { edges { node { id } } } }';
    expect((await h.query(query)).errors).toBeUndefined();
    expect(paths(h.calls()).sort()).toEqual(['/health', '/license', '/licensedusers?offset=0&limit=3']);
    h.reset();
    expect((await h.query(query)).errors).toBeUndefined();
    expect(h.calls()).toHaveLength(0);
    // Another caller's token is another cache (a second admin token: the operator may not read the license).
    expect((await h.query(query, { token: h.simulator.issueToken('admin') })).errors).toBeUndefined();
    expect(h.calls()).toHaveLength(3);
  });
});

describe('decoders', () => {
  it('license: v5/v6 expirationDate and no grace period; v7+ licenseExpires and gracePeriodExpires', () => {
    const v6 = decodeLicenseV5({ status: 'Valid', expirationDate: '2026-01-01T00:00:00Z', totalNumber: 10, usedNumber: 4, newNumber: 1 });
    expect(v6).toMatchObject({ expirationDate: '2026-01-01T00:00:00Z', gracePeriodExpirationDate: null, totalUsers: 10, usedUsers: 4, newUsers: 1 });
    const v7 = decodeLicenseV7({ licenseExpires: '2026-01-01T00:00:00Z', gracePeriodExpires: '2026-02-01T00:00:00Z', expirationDate: '1999-01-01T00:00:00Z' });
    expect(v7).toMatchObject({ expirationDate: '2026-01-01T00:00:00Z', gracePeriodExpirationDate: '2026-02-01T00:00:00Z', totalUsers: null });
    expect(() => decodeLicenseV7({ totalNumber: '10' })).toThrow(/malformed license/);
    expect(() => decodeLicenseV7({ licenseExpires: 'soon' })).toThrow(/malformed license/);
  });

  it('licensed user: a plain string id that is one safe path segment; never-backed-up dates are null', () => {
    const user = { id: 'a1b2c3', name: 'u', lastBackupDate: '0001-01-01T00:00:00', organizationId: 'A4D2F7C9-61E8-4B05-8F3A-9C27B5E4D016' };
    expect(decodeLicensedUser(user)).toMatchObject({ id: 'a1b2c3', lastBackupDate: null, organizationId: 'a4d2f7c9-61e8-4b05-8f3a-9c27b5e4d016' });
    for (const id of ['../jobs', 'a/b', '', '.', 'a b', 'x'.repeat(129), 42]) {
      expect(() => decodeLicensedUser({ ...user, id })).toThrow(/malformed licensed user/);
    }
    expect(() => decodeLicensedUser({ ...user, organizationId: 'contoso' })).toThrow(/malformed licensed user/);
  });

  it('health: entries by name; an unknown or missing status is UNKNOWN; entries that are not objects are malformed', () => {
    expect(decodeServerHealth({ status: 'Degraded', entries: { NATS: { status: 'Unhealthy', description: 'down' }, Db: {} } })).toEqual({
      status: 'UNKNOWN',
      components: [
        { name: 'NATS', status: 'UNHEALTHY', description: 'down' },
        { name: 'Db', status: 'UNKNOWN', description: null },
      ],
    });
    expect(decodeServerHealth({ status: 'Healthy' })).toEqual({ status: 'HEALTHY', components: [] });
    expect(() => decodeServerHealth({ status: 'Healthy', entries: { NATS: 'Healthy' } })).toThrow(/malformed health report/);
    expect(() => decodeServerHealth({ status: 'Healthy', entries: [] })).toThrow(/malformed health report/);
  });

  it('segmentArg accepts plain ids and refuses anything that is not one safe path segment', () => {
    expect(segmentArg('93089cfa-81d6-4551-8a7b-a7290868d6f9', 'id')).toBe('93089cfa-81d6-4551-8a7b-a7290868d6f9');
    expect(segmentArg('user_1.x~y', 'id')).toBe('user_1.x~y');
    for (const bad of ['..', '.hidden', 'a/b', 'a%2Fb', 'a?b', '', 'x'.repeat(129)]) {
      expect(() => segmentArg(bad, 'id')).toThrow(/Argument "id"/);
    }
  });
});
