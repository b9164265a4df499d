import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { API_VERSIONS } from '../../src/upstream/api-version.js';
import { decodeProxy } from '../../src/upstream/resources/proxy.js';
import { codes, paths, startHarness, type Harness } from '../helpers/harness.js';

const FIELDS = 'id hostName description port status maintenanceMode maintenanceModeState cpuUsagePercent memoryUsagePercent version proxyPoolId';

interface RawProxy {
  id: string;
  hostName: string;
  description?: string;
  port?: number;
  status?: string;
  maintenanceModeState?: string;
  cpuUsagePercent?: number | null;
  memoryUsagePercent?: number | null;
  version?: string;
  proxyPoolId?: string | null;
}

/** What the GraphQL answer must say for a proxy the server wrote so. */
const expected = (p: RawProxy) => ({
  id: p.id,
  hostName: p.hostName,
  description: p.description ?? null,
  port: p.port ?? null,
  status: p.status === 'Online' ? 'ONLINE' : p.status === 'Offline' ? 'OFFLINE' : 'UNKNOWN',
  maintenanceMode: p.maintenanceModeState === undefined ? null : p.maintenanceModeState === 'Enabled',
  maintenanceModeState: p.maintenanceModeState ?? null,
  cpuUsagePercent: p.cpuUsagePercent ?? null,
  memoryUsagePercent: p.memoryUsagePercent ?? null,
  version: p.version ?? null,
  proxyPoolId: p.proxyPoolId ?? null,
});

describe.each(API_VERSIONS)('Query.proxies / proxy on API %s', (version) => {
  let h: Harness;
  const listPath = version === 'v8' ? '/proxies?offset=0&limit=1000' : '/proxies';

  /** The proxies the server lists for a token, read directly (not through the facade) and not recorded. */
  const upstreamList = async (token: string): Promise<RawProxy[]> => {
    const response = await fetch(`${h.simulator.baseUrl(version)}/proxies?limit=1000`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as RawProxy[] | { results: RawProxy[] };
    h.reset();
    return Array.isArray(body) ? body : body.results;
  };

  beforeAll(async () => {
    h = await startHarness({ version });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('lists every proxy the server lists, in one read (v5-v7 a plain array, v8 read page by page), with the caller token', async () => {
    const raw = await upstreamList(h.adminToken);
    expect(raw.length).toBeGreaterThan(1);
    const body = await h.query(`{ proxies { ${FIELDS} } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data?.proxies).toEqual(raw.map(expected));
    expect(paths(h.calls())).toEqual([listPath]);
    expect(h.calls().map((c) => c.authorization)).toEqual([`Bearer ${h.adminToken}`]);
  });

  it('status, maintenance and load: ONLINE/OFFLINE on every version; maintenance, CPU and memory (with their fractions), version and pool on v8 only', async () => {
    const body = await h.query(`{ proxies { ${FIELDS} } }`);
    const proxies = body.data?.proxies as ReturnType<typeof expected>[];
    expect(new Set(proxies.map((p) => p.status))).toEqual(new Set(['ONLINE', 'OFFLINE']));
    if (version === 'v8') {
      expect(proxies.map((p) => [p.maintenanceModeState, p.maintenanceMode])).toEqual(
        expect.arrayContaining([
          ['Disabled', false],
          ['Enabled', true],
        ]),
      );
      expect(proxies.map((p) => p.cpuUsagePercent)).toContain(37.5);
      expect(proxies.map((p) => p.memoryUsagePercent)).toContain(61.25);
      expect(proxies.every((p) => typeof p.version === 'string')).toBe(true);
      expect(proxies.some((p) => p.proxyPoolId !== null)).toBe(true);
    } else {
      for (const p of proxies) {
        expect([p.maintenanceMode, p.maintenanceModeState, p.cpuUsagePercent, p.memoryUsagePercent, p.version, p.proxyPoolId]).toEqual([null, null, null, null, null, null]);
      }
    }
  });

  it('proxy(id) reads /Proxies/{id} once, with the caller token; the id is case-insensitive', async () => {
    const [first] = await upstreamList(h.adminToken);
    const body = await h.query(`{ proxy(id: "${first!.id.toUpperCase()}") { ${FIELDS} } }`, { token: h.operatorToken });
    expect(body.errors).toBeUndefined();
    expect(body.data?.proxy).toEqual(expected(first!));
    expect(paths(h.calls())).toEqual([`/proxies/${first!.id}`]);
    expect(h.calls()[0]!.authorization).toBe(`Bearer ${h.operatorToken}`);
  });

  it('proxy(id) validates the GUID before any upstream call: BAD_USER_INPUT and no call', async () => {
    const body = await h.query('{ proxy(id: "../backuprepositories") { id } }');
    expect(body.data).toEqual({ proxy: null });
    expect(codes(body)).toEqual(['BAD_USER_INPUT']);
    expect(h.calls()).toHaveLength(0);
  });

  it('proxy(id) of a proxy the server does not have is NOT_FOUND after one call', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const body = await h.query(`{ proxy(id: "${id}") { id } }`);
    expect(body.data).toEqual({ proxy: null });
    expect(codes(body)).toEqual(['NOT_FOUND']);
    expect(paths(h.calls())).toEqual([`/proxies/${id}`]);
  });

  it('proxies listed first serve the repositories\' proxies in the same query: no call per proxy', async () => {
    const body = await h.query('{ proxies { id } backupRepositories { proxy { id } } }');
    expect(body.errors).toBeUndefined();
    const repositoriesPath = version === 'v8' ? '/backuprepositories?offset=0&limit=1000' : '/backuprepositories';
    // The two lists start together; a repository's proxy then comes from the primed loader.
    expect(paths(h.calls()).sort()).toEqual([listPath, repositoriesPath].sort());
  });
});

describe('proxies and repositories live CACHE_TTL_MS', () => {
  let h: Harness;
  let now = 1_000_000;
  beforeAll(async () => {
    // The token's mark is rechecked only after an hour, so the TTL alone decides here.
    h = await startHarness({ version: 'v8', config: { cacheTtlMs: 60_000, cacheFinishedTtlMs: 600_000, cacheRevalidateMs: 3_600_000 }, now: () => now });
  });
  afterAll(() => h.close());
  afterEach(() => h.reset());

  it('a second read within the TTL makes no call; at the TTL it reads again', async () => {
    const query = '{ proxies { id } backupRepositories { id } }';
    expect((await h.query(query)).errors).toBeUndefined();
    expect(h.calls()).toHaveLength(2);
    h.reset();
    now += 59_999;
    expect((await h.query(query)).errors).toBeUndefined();
    expect(h.calls()).toHaveLength(0);
    now += 1;
    expect((await h.query(query)).errors).toBeUndefined();
    expect(paths(h.calls()).sort()).toEqual(['/backuprepositories?offset=0&limit=1000', '/proxies?offset=0&limit=1000']);
  });
});

describe('decodeProxy', () => {
  const id = '5c6b8e8a-5d3a-4f0e-9a51-6d2f1c1b2a3e';
  it('any status but Online or Offline is UNKNOWN; maintenance is on only when Enabled', () => {
    expect(decodeProxy({ id, hostName: 'p.invalid', status: 'Rebooting' }).status).toBe('UNKNOWN');
    expect(decodeProxy({ id, hostName: 'p.invalid' }).status).toBe('UNKNOWN');
    expect(decodeProxy({ id, hostName: 'p.invalid', maintenanceModeState: 'Enabling' })).toMatchObject({ maintenanceMode: false, maintenanceModeState: 'Enabling' });
    expect(decodeProxy({ id, hostName: 'p.invalid', maintenanceModeState: 'Enabled' }).maintenanceMode).toBe(true);
    expect(decodeProxy({ id, hostName: 'p.invalid', maintenanceModeState: 'Disabled' }).maintenanceMode).toBe(false);
    expect(decodeProxy({ id, hostName: 'p.invalid', cpuUsagePercent: 12.345 }).cpuUsagePercent).toBe(12.345);
  });
  it('refuses a malformed proxy', () => {
    expect(() => decodeProxy({ id, status: 'Online' })).toThrow(/malformed backup proxy/);
    expect(() => decodeProxy({ id: 'nope', hostName: 'p.invalid' })).toThrow(/malformed backup proxy/);
    expect(() => decodeProxy({ id, hostName: 'p.invalid', cpuUsagePercent: '5' })).toThrow(/malformed backup proxy/);
    expect(() => decodeProxy({ id, hostName: 'p.invalid', port: 2 ** 40 })).toThrow(/malformed backup proxy/);
  });
});
