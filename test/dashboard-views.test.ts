/**
 * The upstream calls of the dashboard's Infrastructure, Protection and Restore audit views, at
 * their floor: one list call per resource kind, links read once per distinct id (batched by
 * the loaders), nothing per row that a list already answered. The documents are the page's
 * own (generated from examples/dashboard/src/queries.ts), run through the facade against the simulator.
 */
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InfrastructureDocument as Infrastructure,
  ProtectionDocument as Protection,
  RestoreSessionEventsDocument as RestoreSessionEvents,
  RestoreSessionsDocument as RestoreSessions,
  type InfrastructureQuery,
  type ProtectionQuery,
  type RestoreSessionsQuery,
} from '../examples/dashboard/src/gql/graphql.js';
import type { ApiVersion } from '../src/upstream/api-version.js';
import { codes, paths, startHarness, type Harness } from './helpers/harness.js';

/** What a v8 list read whole looks like (one page of 1000), else the plain list. */
const whole = (version: ApiVersion, list: string) => (version === 'v8' ? `/${list}?offset=0&limit=1000` : `/${list}`);
const sorted = (list: readonly string[]) => [...list].sort();

describe.each(['v8', 'v7'] as const)('the dashboard views on %s', (version) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ version });
  });
  afterAll(async () => {
    await h.close();
  });

  it('Infrastructure: one call each for repositories, proxies, license (and health on v8); v7 reads each object storage once and says health is not supported', async () => {
    h.reset();
    const body = await h.query(print(Infrastructure));
    const data = body.data as unknown as InfrastructureQuery;
    const objectStorages = [...new Set(data.backupRepositories.flatMap((r) => (r.objectStorage ? [r.objectStorage.id] : [])))];
    expect(objectStorages.length).toBeGreaterThan(0);
    expect(data.proxies.length).toBeGreaterThan(0);
    expect(data.license?.totalUsers).toBeGreaterThan(0);
    if (version === 'v8') {
      expect(codes(body)).toEqual([]);
      expect(data.serverHealth?.components.length).toBeGreaterThan(0);
      // v8 nests the object storage in the repository: no call for it.
      expect(sorted(paths(h.calls()))).toEqual(sorted([whole(version, 'backuprepositories'), whole(version, 'proxies'), '/license', '/health']));
    } else {
      expect(codes(body)).toEqual(['NOT_SUPPORTED_BY_SERVER']);
      expect(body.errors?.[0]?.path).toEqual(['serverHealth']);
      expect(data.serverHealth).toBeNull();
      expect(sorted(paths(h.calls()))).toEqual(
        sorted([whole(version, 'backuprepositories'), whole(version, 'proxies'), '/license', ...objectStorages.map((id) => `/objectstoragerepositories/${id}`)]),
      );
    }
    for (const call of h.calls()) expect(call.authorization).toBe(`Bearer ${h.adminToken}`);
  });

  it('Protection: one call each for repositories, organizations, licensed users and restore points, and one used-repositories page per organization', async () => {
    h.reset();
    const body = await h.query(print(Protection), { variables: { usersFirst: 200, pointsFirst: 200 } });
    expect(codes(body)).toEqual([]);
    const data = body.data as unknown as ProtectionQuery;
    const organizations = data.organizations ?? [];
    expect(organizations.length).toBeGreaterThan(1);
    // Every used repository is named by the repository list, so the view needs no call per link.
    const listed = new Set(data.backupRepositories.map((r) => r.id));
    for (const o of organizations) for (const u of o.usedRepositories) expect(listed.has(u.repository!.id)).toBe(true);
    expect(data.licensedUsers.edges.some((e) => e.node.isBackedUp === false)).toBe(true);
    expect(data.restorePoints.edges.length).toBeGreaterThan(0);
    expect(sorted(paths(h.calls()))).toEqual(
      sorted([
        whole(version, 'backuprepositories'),
        whole(version, 'organizations'),
        '/licensedusers?offset=0&limit=200',
        '/restorepoints?offset=0&limit=200',
        ...organizations.map((o) => `/organizations/${o.id}/usedrepositories?offset=0&limit=1000`),
      ]),
    );
    for (const call of h.calls()) expect(call.authorization).toBe(`Bearer ${h.adminToken}`);
  });

  it('Restore audit: one call for the sessions page; a session is one call for itself, one for its events (and one for its statistics on v8)', async () => {
    h.reset();
    const body = await h.query(print(RestoreSessions), { variables: { first: 50 } });
    expect(codes(body)).toEqual([]);
    const data = body.data as unknown as RestoreSessionsQuery;
    const sessions = data.restoreSessions.edges.map((e) => e.node);
    expect(sessions.length).toBeGreaterThan(0);
    expect(paths(h.calls())).toEqual(['/restoresessions?offset=0&limit=50']);

    const id = sessions[0]!.id;
    h.reset();
    const one = await h.query(print(RestoreSessionEvents), { variables: { id, first: 100 } });
    expect(codes(one)).toEqual([]);
    expect(sorted(paths(h.calls()))).toEqual(
      sorted([`/restoresessions/${id}`, `/restoresessions/${id}/events?offset=0&limit=100`, ...(version === 'v8' ? [`/restoresessions/${id}/statistics`] : [])]),
    );
    for (const call of h.calls()) expect(call.authorization).toBe(`Bearer ${h.adminToken}`);
  });
});
