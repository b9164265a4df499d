import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ORGANIZATION_IDS } from '../../src/simulator/index.js';
import { API_VERSIONS } from '../../src/upstream/api-version.js';
import { decodeRepositoryUsage } from '../../src/upstream/resources/used-repository.js';
import { paths, startHarness, type Harness } from '../helpers/harness.js';
import { recordWaves } from '../helpers/waves.js';

interface RawUsage {
  repositoryId?: string;
  usedSpaceBytes: number;
  localCacheUsedSpaceBytes: number | null;
  objectStorageUsedSpaceBytes: number | null;
  isAvailable: boolean;
  details: string;
  _links: Record<string, { href: string }>;
}

const ORGANIZATION = ORGANIZATION_IDS.contoso;
const usagePath = (organizationId: string) => `/organizations/${organizationId}/usedrepositories?offset=0&limit=1000`;

describe.each(API_VERSIONS)('Organization.usedRepositories on API %s', (version) => {
  let h: Harness;

  /** The usage entries the server lists for an organization, read directly (not through the facade) and not recorded. */
  const upstreamUsage = async (organizationId: string): Promise<RawUsage[]> => {
    const response = await fetch(`${h.simulator.baseUrl(version)}/organizations/${organizationId}/usedrepositories?limit=1000`, {
      headers: { authorization: `Bearer ${h.adminToken}` },
    });
    const body = (await response.json()) as { results: RawUsage[] };
    h.reset();
    return body.results;
  };
  /** The repository an entry names: `repositoryId` on v8, the `backupRepository` link before. */
  const repositoryOf = (usage: RawUsage) => usage.repositoryId ?? usage._links.backupRepository!.href.split('/').at(-1)!;

  beforeAll(async () => {
    h = await startHarness({ version });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('answers what /Organizations/{id}/UsedRepositories says, read as pages on every version, with the caller token', async () => {
    const raw = await upstreamUsage(ORGANIZATION);
    expect(raw.length).toBeGreaterThanOrEqual(2);
    // v8 names the repository; v6/v7 (and v5) only link to it.
    for (const usage of raw) expect('repositoryId' in usage).toBe(version === 'v8');
    const waves = recordWaves(h.simulator.origin);
    const body = await h.query(
      `{ organization(id: "${ORGANIZATION}") { usedRepositories { usedSpaceBytes localCacheUsedSpaceBytes objectStorageUsedSpaceBytes isAvailable details repository { id } } } }`,
    ).finally(() => waves.stop());
    expect(body.errors).toBeUndefined();
    expect((body.data?.organization as { usedRepositories: unknown }).usedRepositories).toEqual(
      raw.map((usage) => ({
        usedSpaceBytes: usage.usedSpaceBytes,
        localCacheUsedSpaceBytes: usage.localCacheUsedSpaceBytes,
        objectStorageUsedSpaceBytes: usage.objectStorageUsedSpaceBytes,
        isAvailable: usage.isAvailable,
        details: usage.details,
        repository: { id: repositoryOf(usage) },
      })),
    );
    const calls = h.calls();
    expect(paths(calls).sort()).toEqual(
      [`/organizations/${ORGANIZATION}`, usagePath(ORGANIZATION), ...raw.map((usage) => `/backuprepositories/${repositoryOf(usage)}`)].sort(),
    );
    expect(new Set(calls.map((c) => c.authorization))).toEqual(new Set([`Bearer ${h.adminToken}`]));
    // The organization, its usage, then its repositories together in one wave (one batch of the loader).
    expect(waves.roundTrips()).toBe(3);
  });

  it('a repository named twice in one query is read once; usage without repository costs no repository read', async () => {
    const raw = await upstreamUsage(ORGANIZATION);
    const body = await h.query(`{
      a: organization(id: "${ORGANIZATION}") { usedRepositories { repository { id } } }
      b: organization(id: "${ORGANIZATION}") { usedRepositories { usedSpaceBytes repository { name } } }
    }`);
    expect(body.errors).toBeUndefined();
    expect(h.calls()).toHaveLength(2 + raw.length);
    expect(paths(h.calls()).filter((p) => p.startsWith('/backuprepositories/')).sort()).toEqual(raw.map((u) => `/backuprepositories/${repositoryOf(u)}`).sort());
    h.reset();
    await h.query(`{ organization(id: "${ORGANIZATION}") { usedRepositories { usedSpaceBytes } } }`);
    expect(paths(h.calls()).sort()).toEqual([`/organizations/${ORGANIZATION}`, usagePath(ORGANIZATION)].sort());
  });

  it('every organization in one query: one list, one usage read per organization, each repository once', async () => {
    const body = await h.query('{ organizations { id usedRepositories { repository { id } } } }');
    expect(body.errors).toBeUndefined();
    const organizations = body.data?.organizations as { id: string; usedRepositories: { repository: { id: string } }[] }[];
    const repositories = new Set(organizations.flatMap((o) => o.usedRepositories.map((u) => u.repository.id)));
    const usageCalls = paths(h.calls()).filter((p) => p.includes('/usedrepositories'));
    expect(usageCalls.sort()).toEqual(organizations.map((o) => usagePath(o.id)).sort());
    expect(paths(h.calls()).filter((p) => p.startsWith('/backuprepositories/'))).toHaveLength(repositories.size);
    expect(h.calls()).toHaveLength(1 + organizations.length + repositories.size);
  });

  it("the operator reads only its own organization's usage, with its own token", async () => {
    const body = await h.query(`{ organization(id: "${ORGANIZATION_IDS.fabrikam}") { usedRepositories { repository { id } } } }`, { token: h.operatorToken });
    expect(body.errors).toBeUndefined();
    expect(h.calls().length).toBeGreaterThanOrEqual(3);
    expect(new Set(h.calls().map((c) => c.authorization))).toEqual(new Set([`Bearer ${h.operatorToken}`]));
  });
});

describe('decodeRepositoryUsage', () => {
  const id = '5c6b8e8a-5d3a-4f0e-9a51-6d2f1c1b2a3e';
  it('reads v8 repositoryId (lowercased) and v6/v7 links; every field optional', () => {
    expect(decodeRepositoryUsage({ repositoryId: id.toUpperCase(), usedSpaceBytes: 5 })).toMatchObject({ repositoryId: id, usedSpaceBytes: 5, objectStorageUsedSpaceBytes: null });
    expect(decodeRepositoryUsage({ _links: { backupRepository: { href: `/v7/backuprepositories/${id}` } } })).toMatchObject({
      repositoryId: null,
      links: { backupRepository: `/v7/backuprepositories/${id}` },
    });
  });
  it('refuses a malformed entry', () => {
    expect(() => decodeRepositoryUsage({ repositoryId: 'not-a-guid' })).toThrow(/malformed used repository/);
    expect(() => decodeRepositoryUsage({ usedSpaceBytes: '12' })).toThrow(/malformed used repository/);
    expect(() => decodeRepositoryUsage({ objectStorageUsedSpaceBytes: 1.5 })).toThrow(/malformed used repository/);
    expect(() => decodeRepositoryUsage([])).toThrow(/malformed used repository/);
  });
});
