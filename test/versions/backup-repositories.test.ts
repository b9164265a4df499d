import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { API_VERSIONS } from '../../src/upstream/api-version.js';
import { adapterFor } from '../../src/upstream/adapters/index.js';
import { decodeBackupRepository, decodeBackupRepositoryV8 } from '../../src/upstream/resources/backup-repository.js';
import objectStorageResource from '../../src/upstream/resources/object-storage.js';
import { codes, listPath as listPathOf, paths, startHarness, type Harness } from '../helpers/harness.js';

const FIELDS = 'id name description path capacityBytes freeSpaceBytes usedSpaceBytes isOutOfSync isOutdated isIndexed';
const OBJECT_STORAGE = 'id name usedSpaceBytes sizeLimitBytes immutabilityEnabled immutabilityPeriodDays';
const GIB = 2 ** 30;

interface RawObjectStorage {
  id: string;
  name?: string;
  sizeLimitEnabled?: boolean;
  sizeLimitGB?: number;
  usedSpaceBytes?: number;
  enableImmutability?: boolean;
  immutabilityPeriodDays?: number | null;
}

interface RawRepository {
  id: string;
  name: string;
  description?: string;
  path?: string;
  capacityBytes?: number;
  freeSpaceBytes?: number;
  isOutOfSync?: boolean;
  isOutdated?: boolean;
  isIndexed?: boolean;
  objectStorageId?: string;
  objectStorage?: RawObjectStorage;
  proxyId?: string | null;
  proxyPoolId?: string | null;
}

/** What the GraphQL answer must say for an object storage the server wrote so. */
const expectedStorage = (o: RawObjectStorage) => ({
  id: o.id,
  name: o.name ?? null,
  usedSpaceBytes: o.usedSpaceBytes ?? null,
  sizeLimitBytes: o.sizeLimitEnabled === true ? o.sizeLimitGB! * GIB : null,
  immutabilityEnabled: o.enableImmutability ?? null,
  immutabilityPeriodDays: o.immutabilityPeriodDays ?? null,
});

/** What the GraphQL answer must say for a repository the server wrote so (`storage`: its object storage, wherever it was read). */
const expected = (r: RawRepository, storage?: RawObjectStorage) => ({
  id: r.id,
  name: r.name,
  description: r.description ?? null,
  path: r.path ?? null,
  capacityBytes: r.capacityBytes ?? null,
  freeSpaceBytes: r.freeSpaceBytes ?? null,
  usedSpaceBytes: r.capacityBytes !== undefined ? r.capacityBytes - r.freeSpaceBytes! : (storage?.usedSpaceBytes ?? null),
  isOutOfSync: r.isOutOfSync ?? null,
  isOutdated: r.isOutdated ?? null,
  isIndexed: r.isIndexed ?? null,
});

describe.each(API_VERSIONS)('Query.backupRepositories / backupRepository on API %s', (version) => {
  let h: Harness;
  const listPath = version === 'v8' ? '/backuprepositories?offset=0&limit=1000' : '/backuprepositories';

  /** The repositories the server lists for a token, read directly (not through the facade) and not recorded. */
  const upstreamList = async (token: string): Promise<RawRepository[]> => {
    const response = await fetch(`${h.simulator.baseUrl(version)}/backuprepositories?limit=1000`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as RawRepository[] | { results: RawRepository[] };
    h.reset();
    return Array.isArray(body) ? body : body.results;
  };

  beforeAll(async () => {
    h = await startHarness({ version });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  /** An object storage as the server answers `/ObjectStorageRepositories/{id}` (v5-v7), read directly and not recorded. */
  const upstreamStorage = async (token: string, id: string): Promise<RawObjectStorage> => {
    const response = await fetch(`${h.simulator.baseUrl(version)}/objectstoragerepositories/${id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as RawObjectStorage;
    h.reset();
    return body;
  };

  /** Each repository's object storage: nested on v8, read by `objectStorageId` before. */
  const storagesOf = async (raw: RawRepository[]) =>
    Promise.all(raw.map((r) => (r.objectStorage ?? (r.objectStorageId === undefined ? undefined : upstreamStorage(h.adminToken, r.objectStorageId)))));

  it('lists every repository the server lists, in one read (v5-v7 a plain array, v8 read page by page), with the caller token', async () => {
    const raw = await upstreamList(h.adminToken);
    expect(raw.length).toBeGreaterThan(2);
    const local = raw.filter((r) => r.objectStorageId === undefined && r.objectStorage === undefined);
    expect(local.length).toBeGreaterThan(1);
    const body = await h.query(`{ backupRepositories { ${FIELDS.replace(' usedSpaceBytes', '')} } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data?.backupRepositories).toEqual(raw.map((r) => {
      const { usedSpaceBytes: _used, ...rest } = expected(r);
      return rest;
    }));
    expect(paths(h.calls())).toEqual([listPath]);
    expect(h.calls().map((c) => c.authorization)).toEqual([`Bearer ${h.adminToken}`]);
  });

  it('object storage: nested in the repository on v8 (no extra call), read once per distinct objectStorageId on v5-v7; used space falls back to it', async () => {
    const raw = await upstreamList(h.adminToken);
    const storages = await storagesOf(raw);
    const ids = [...new Set(storages.flatMap((o) => (o === undefined ? [] : [o.id])))];
    expect(ids.length).toBeGreaterThan(1);
    // Two fields (and an alias) need each object storage: still one read of it.
    const body = await h.query(`{ backupRepositories { ${FIELDS} objectStorage { ${OBJECT_STORAGE} } again: objectStorage { id } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data?.backupRepositories).toEqual(
      raw.map((r, i) => {
        const storage = storages[i];
        return { ...expected(r, storage), objectStorage: storage ? expectedStorage(storage) : null, again: storage ? { id: storage.id } : null };
      }),
    );
    for (const repository of body.data?.backupRepositories as { capacityBytes: number | null; objectStorage: unknown; usedSpaceBytes: number | null }[]) {
      // Every repository of the demo has a used space: its local one, or its object storage's.
      expect(repository.usedSpaceBytes).not.toBeNull();
      if (repository.objectStorage !== null) expect(repository.capacityBytes).toBeNull();
    }
    const storagePaths = version === 'v8' ? [] : ids.map((id) => `/objectstoragerepositories/${id}`).sort();
    expect(paths(h.calls()).slice(1).sort()).toEqual(storagePaths);
    expect(paths(h.calls())[0]).toBe(listPath);
    expect(h.calls().every((c) => c.authorization === `Bearer ${h.adminToken}`)).toBe(true);
  });

  it('object storage fields by version: immutability v7+, its period and no name on v8, sizeLimitBytes = sizeLimitGB x 2^30', async () => {
    const body = await h.query(`{ backupRepositories { objectStorage { ${OBJECT_STORAGE} } } }`);
    const storages = (body.data?.backupRepositories as { objectStorage: Record<string, unknown> | null }[]).flatMap((r) => (r.objectStorage ? [r.objectStorage] : []));
    expect(storages.length).toBeGreaterThan(1);
    for (const o of storages) {
      expect(o.name === null).toBe(version === 'v8');
      expect(o.immutabilityEnabled === null).toBe(version === 'v5' || version === 'v6');
      if (version !== 'v8') expect(o.immutabilityPeriodDays).toBeNull();
    }
    expect(storages.map((o) => o.sizeLimitBytes)).toContain(10240 * GIB);
    expect(storages.map((o) => o.sizeLimitBytes)).toContain(null);
    if (version === 'v8') expect(storages.map((o) => o.immutabilityPeriodDays)).toContain(30);
  });

  it('a local repository has no object storage and makes no object-storage call', async () => {
    const raw = await upstreamList(h.adminToken);
    const local = raw.find((r) => r.objectStorageId === undefined && r.objectStorage === undefined)!;
    const body = await h.query(`{ backupRepository(id: "${local.id}") { usedSpaceBytes objectStorage { id } } }`);
    expect(body.data?.backupRepository).toEqual({ usedSpaceBytes: local.capacityBytes! - local.freeSpaceBytes!, objectStorage: null });
    expect(paths(h.calls())).toEqual([`/backuprepositories/${local.id}`]);
  });

  it('BackupRepository.proxy: through proxyId, one read per distinct proxy for the whole list; a repository on a proxy pool (v8) has proxyPoolId and no proxy', async () => {
    const raw = await upstreamList(h.adminToken);
    const proxyIds = [...new Set(raw.flatMap((r) => (r.proxyId ? [r.proxyId] : [])))];
    // The demo's repositories share proxies: fewer reads than repositories.
    expect(proxyIds.length).toBeGreaterThan(1);
    expect(proxyIds.length).toBeLessThan(raw.length);
    const pooled = raw.filter((r) => r.proxyPoolId);
    expect(pooled.length > 0).toBe(version === 'v8');
    const body = await h.query('{ backupRepositories { id proxyPoolId proxy { id hostName } } }');
    expect(body.errors).toBeUndefined();
    const repositories = body.data?.backupRepositories as { id: string; proxyPoolId: string | null; proxy: { id: string; hostName: string } | null }[];
    expect(repositories.map((r) => [r.id, r.proxyPoolId, r.proxy?.id ?? null])).toEqual(raw.map((r) => [r.id, r.proxyPoolId ?? null, r.proxyId ?? null]));
    for (const r of repositories) if (r.proxy) expect(r.proxy.hostName).toMatch(/\.invalid$/);
    expect(paths(h.calls())[0]).toBe(listPath);
    expect(paths(h.calls()).slice(1).sort()).toEqual(proxyIds.map((id) => `/proxies/${id}`).sort());
    expect(h.calls().every((c) => c.authorization === `Bearer ${h.adminToken}`)).toBe(true);
  });

  it('Job.repository: through the job\'s backupRepository link, one read per distinct repository, with the caller token', async () => {
    const raw = await upstreamList(h.adminToken);
    const jobsBody = await h.query('{ jobs { id } }');
    const jobCount = (jobsBody.data?.jobs as unknown[]).length;
    h.reset();
    const body = await h.query('{ jobs { id repository { id name } } }');
    expect(body.errors).toBeUndefined();
    const jobs = body.data?.jobs as { id: string; repository: { id: string; name: string } | null }[];
    const ids = [...new Set(jobs.map((j) => j.repository!.id))];
    expect(ids.length).toBeGreaterThan(1);
    expect(ids.length).toBeLessThan(jobCount);
    for (const j of jobs) expect(j.repository!.name).toBe(raw.find((r) => r.id === j.repository!.id)!.name);
    expect(paths(h.calls())[0]).toBe(listPathOf('jobs', version));
    expect(paths(h.calls()).slice(1).sort()).toEqual(ids.map((id) => `/backuprepositories/${id}`).sort());
    expect(h.calls().every((c) => c.authorization === `Bearer ${h.adminToken}`)).toBe(true);
  });

  it('Job.repository after the repository list in the same query: no further call', async () => {
    const body = await h.query('{ backupRepositories { id } jobs { repository { id } } }');
    expect(body.errors).toBeUndefined();
    expect(paths(h.calls()).sort()).toEqual([listPath, listPathOf('jobs', version)].sort());
  });

  it('the object-storage route is served by v5-v7 only: v8 nests the object storage', () => {
    expect(adapterFor(version).serves(objectStorageResource)).toBe(version !== 'v8');
  });

  it('fields a version does not send are null: isOutdated and isIndexed before v8', async () => {
    const body = await h.query('{ backupRepositories { isOutdated isIndexed isOutOfSync } }');
    const repositories = body.data?.backupRepositories as { isOutdated: boolean | null; isIndexed: boolean | null; isOutOfSync: boolean | null }[];
    for (const repository of repositories) {
      expect(repository.isOutdated === null).toBe(version !== 'v8');
      expect(repository.isIndexed === null).toBe(version !== 'v8');
      expect(typeof repository.isOutOfSync).toBe('boolean');
    }
  });

  it('a caller sees only the repositories the server shows that caller', async () => {
    const raw = await upstreamList(h.operatorToken);
    const all = await upstreamList(h.adminToken);
    expect(raw.length).toBeLessThan(all.length);
    const body = await h.query('{ backupRepositories { id } }', { token: h.operatorToken });
    expect(body.data?.backupRepositories).toEqual(raw.map((r) => ({ id: r.id })));
    expect(h.calls().map((c) => [paths([c])[0], c.authorization])).toEqual([[listPath, `Bearer ${h.operatorToken}`]]);
  });

  it('backupRepository(id) reads /BackupRepositories/{id} once, with the caller token; the id is case-insensitive', async () => {
    const [first] = await upstreamList(h.adminToken);
    const body = await h.query(`{ backupRepository(id: "${first!.id.toUpperCase()}") { ${FIELDS} } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data?.backupRepository).toEqual(expected(first!));
    expect(first!.capacityBytes).toBeDefined();
    expect(paths(h.calls())).toEqual([`/backuprepositories/${first!.id}`]);
    expect(h.calls()[0]!.authorization).toBe(`Bearer ${h.adminToken}`);
  });

  it('backupRepository(id) validates the GUID before any upstream call: BAD_USER_INPUT and no call', async () => {
    const body = await h.query('{ backupRepository(id: "../jobs") { id } }');
    expect(body.data).toEqual({ backupRepository: null });
    expect(codes(body)).toEqual(['BAD_USER_INPUT']);
    expect(h.calls()).toHaveLength(0);
  });

  it('backupRepository(id) of a repository the server does not have is NOT_FOUND after one call', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const body = await h.query(`{ backupRepository(id: "${id}") { id } }`);
    expect(body.data).toEqual({ backupRepository: null });
    expect(codes(body)).toEqual(['NOT_FOUND']);
    expect(paths(h.calls())).toEqual([`/backuprepositories/${id}`]);
  });
});

describe('decodeBackupRepository', () => {
  const id = '5c6b8e8a-5d3a-4f0e-9a51-6d2f1c1b2a3e';
  const storageId = '7d1f3a90-2b4c-4e5f-8a6b-9c0d1e2f3a4b';
  it('v8: takes the nested object storage, its used space when there is no local capacity, and sizeLimitGB x 2^30', () => {
    const r = decodeBackupRepositoryV8({ id, name: 'r', proxyPoolId: storageId.toUpperCase(), objectStorage: { id: storageId, sizeLimitEnabled: true, sizeLimitGB: 3, usedSpaceBytes: 42, enableImmutability: true, immutabilityPeriodDays: 7 } });
    expect(r.usedSpaceBytes).toBe(42);
    expect(r.objectStorageId).toBe(storageId);
    expect(r.proxyPoolId).toBe(storageId);
    expect(r.objectStorage).toMatchObject({ sizeLimitBytes: 3 * GIB, immutabilityEnabled: true, immutabilityPeriodDays: 7, name: null });
    expect(decodeBackupRepositoryV8({ id, name: 'r', capacityBytes: 100, freeSpaceBytes: 30, objectStorage: { id: storageId, usedSpaceBytes: 42 } }).usedSpaceBytes).toBe(70);
    expect(decodeBackupRepositoryV8({ id, name: 'r', objectStorage: { id: storageId, sizeLimitEnabled: false, sizeLimitGB: 3 } }).objectStorage?.sizeLimitBytes).toBeNull();
    expect(decodeBackupRepositoryV8({ id, name: 'r' }).objectStorage).toBeNull();
  });
  it('v5-v7: keeps objectStorageId for the object storage read, and no used space without capacity', () => {
    const r = decodeBackupRepository({ id, name: 'r', objectStorageId: storageId });
    expect(r).toMatchObject({ objectStorageId: storageId, objectStorage: null, usedSpaceBytes: null });
  });
  it('refuses a malformed object storage or proxy id', () => {
    expect(() => decodeBackupRepositoryV8({ id, name: 'r', objectStorage: { id: storageId, sizeLimitGB: '3' } })).toThrow(/malformed object storage/);
    expect(() => decodeBackupRepositoryV8({ id, name: 'r', objectStorage: { id: storageId, sizeLimitGB: 2 ** 40 } })).toThrow(/malformed object storage/);
    expect(() => decodeBackupRepository({ id, name: 'r', objectStorageId: 'x' })).toThrow(/malformed backup repository/);
    expect(() => decodeBackupRepository({ id, name: 'r', proxyId: 7 })).toThrow(/malformed backup repository/);
  });
  it('computes usedSpaceBytes from capacity and free space, and keeps a sent value', () => {
    expect(decodeBackupRepository({ id, name: 'r', capacityBytes: 100, freeSpaceBytes: 30 }).usedSpaceBytes).toBe(70);
    expect(decodeBackupRepository({ id, name: 'r', capacityBytes: 100, freeSpaceBytes: 30, usedSpaceBytes: 50 }).usedSpaceBytes).toBe(50);
    expect(decodeBackupRepository({ id, name: 'r', capacityBytes: 100 }).usedSpaceBytes).toBeNull();
  });
  it('refuses a malformed repository', () => {
    expect(() => decodeBackupRepository({ id: 'nope', name: 'r' })).toThrow(/malformed backup repository/);
    expect(() => decodeBackupRepository({ id, name: 'r', capacityBytes: '100' })).toThrow(/malformed backup repository/);
  });
});
