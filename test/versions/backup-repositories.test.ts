import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { API_VERSIONS } from '../../src/upstream/api-version.js';
import { decodeBackupRepository } from '../../src/upstream/resources/backup-repository.js';
import { codes, paths, startHarness, type Harness } from '../helpers/harness.js';

const FIELDS = 'id name description path capacityBytes freeSpaceBytes usedSpaceBytes isOutOfSync isOutdated isIndexed';

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
}

/** What the GraphQL answer must say for a repository the server wrote so. */
const expected = (r: RawRepository) => ({
  id: r.id,
  name: r.name,
  description: r.description ?? null,
  path: r.path ?? null,
  capacityBytes: r.capacityBytes ?? null,
  freeSpaceBytes: r.freeSpaceBytes ?? null,
  usedSpaceBytes: r.capacityBytes! - r.freeSpaceBytes!,
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

  it('lists every repository the server lists, in one read (v5-v7 a plain array, v8 read page by page), with the caller token', async () => {
    const raw = await upstreamList(h.adminToken);
    expect(raw.length).toBeGreaterThan(2);
    const body = await h.query(`{ backupRepositories { ${FIELDS} } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data?.backupRepositories).toEqual(raw.map(expected));
    expect(paths(h.calls())).toEqual([listPath]);
    expect(h.calls().map((c) => c.authorization)).toEqual([`Bearer ${h.adminToken}`]);
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
