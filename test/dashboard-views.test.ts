/**
 * The upstream calls of the dashboard's Infrastructure, Protection and Restore audit views, at
 * their floor: one list call per resource kind, links read once per distinct id (batched by
 * the loaders), nothing per row that a list already answered. The documents are the page's
 * own (generated from examples/dashboard/src/queries.ts), run through the facade against the simulator.
 */
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AlertsDocument as Alerts,
  FiringAlertsDocument as FiringAlerts,
  type AlertsQuery,
  InfrastructureDocument as Infrastructure,
  ProtectionDocument as Protection,
  ServerHealthDocument as ServerHealth,
  type ServerHealthQuery,
  RestoreSessionEventsDocument as RestoreSessionEvents,
  RestoreSessionsDocument as RestoreSessions,
  type InfrastructureQuery,
  type ProtectionQuery,
  type RestoreSessionsQuery,
} from '../examples/dashboard/src/gql/graphql.js';
import type { ApiVersion } from '../src/upstream/api-version.js';
import { codes, paths, startHarness, type Harness } from './helpers/harness.js';
import { createMemoryAlertStore } from './helpers/alert-store.js';
import type { Alert } from '../src/alerts/types.js';
import { ORGANIZATION_IDS } from '../src/simulator/index.js';
import { alertSubjectHref, parseRoute } from '../examples/dashboard/src/route.js';

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
    const lists = await h.query(print(Infrastructure));
    const status = await h.query(print(ServerHealth));
    // The view's two documents: the lists, then the one server's license and health.
    const body = { errors: [...(lists.errors ?? []), ...(status.errors ?? [])] };
    const data = { ...(lists.data as unknown as InfrastructureQuery), ...(status.data as unknown as ServerHealthQuery) };
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
    const body = await h.query(print(Protection), { variables: { usersFirst: 200, pointsFirst: 200, oneServer: true } });
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

describe('the dashboard\'s Alerts view and badge', () => {
  let h: Harness;
  const store = createMemoryAlertStore();
  const alert = (id: string, state: Alert['state'], organization: Alert['subject']['organization'], raisedAt: string): Alert => ({
    id,
    kind: organization ? 'JOB_SESSION_FAILED' : 'PROXY_OFFLINE',
    severity: 'CRITICAL',
    state: 'FIRING',
    subject: organization
      ? { type: 'JobSession', id: id.split(':')[1]!, name: 'Mailboxes at noon', organization, job: { id: '11111111-1111-4111-8111-111111111111', name: 'Mailboxes' } }
      : { type: 'Proxy', id: id.split(':')[1]!, name: 'proxy-02.backup.invalid', organization: null, job: null },
    message: 'It happened.',
    raisedAt,
    resolvedAt: state === 'RESOLVED' ? raisedAt : null,
    link: null,
  });
  const fabrikam = { id: ORGANIZATION_IDS.fabrikam, name: 'fabrikam.onmicrosoft.com' };
  const contoso = { id: ORGANIZATION_IDS.contoso, name: 'contoso.onmicrosoft.com' };
  const oldFiring = alert('JOB_SESSION_FAILED:aaaaaaaa-0000-4000-8000-000000000001', 'FIRING', fabrikam, '2026-03-01T09:00:00.000Z');
  const proxy = alert('PROXY_OFFLINE:bbbbbbbb-0000-4000-8000-000000000001:2026-03-01T09:30:00.000Z', 'FIRING', null, '2026-03-01T09:30:00.000Z');
  const newerResolved = alert('PROXY_OFFLINE:bbbbbbbb-0000-4000-8000-000000000002:2026-03-01T10:00:00.000Z', 'FIRING', null, '2026-03-01T10:00:00.000Z');
  const contosoFiring = alert('JOB_SESSION_FAILED:aaaaaaaa-0000-4000-8000-000000000002', 'FIRING', contoso, '2026-03-01T10:30:00.000Z');

  beforeAll(async () => {
    h = await startHarness({ version: 'v8', config: { alerts: { targets: [], rules: [] } }, alerting: { store, sendTest: async () => true } });
    for (const a of [oldFiring, proxy, newerResolved, contosoFiring]) await store.raise(a, []);
    await store.resolve(newerResolved.id, '2026-03-01T10:10:00.000Z');
  });
  afterAll(async () => {
    await h.close();
  });

  it('lists firing alerts first, then resolved ones, reading the organizations and the license once each', async () => {
    h.reset();
    const body = await h.query(print(Alerts), { variables: { firstFiring: 100, firstResolved: 30 } });
    expect(codes(body)).toEqual([]);
    const data = body.data as unknown as AlertsQuery;
    expect([...data.firing.nodes, ...data.resolved.nodes].map((a) => [a.id, a.state])).toEqual([
      [contosoFiring.id, 'FIRING'],
      [proxy.id, 'FIRING'],
      [oldFiring.id, 'FIRING'],
      [newerResolved.id, 'RESOLVED'],
    ]);
    expect(data.firing.nodes[0]?.subject).toMatchObject({ type: 'JobSession', organization: contoso, job: { name: 'Mailboxes' } });
    // Both aliases share the request's loaders: one read of each.
    expect(sorted(paths(h.calls()))).toEqual(sorted(['/license', '/organizations?offset=0&limit=1000']));
    for (const call of h.calls()) expect(call.authorization).toBe(`Bearer ${h.adminToken}`);
  });

  it('each alert links to its subject\'s view, and #/alerts is the Alerts view', async () => {
    const body = await h.query(print(Alerts), { variables: { firstFiring: 100, firstResolved: 30 } });
    const data = body.data as unknown as AlertsQuery;
    const links = [...data.firing.nodes, ...data.resolved.nodes].map((a) => parseRoute(alertSubjectHref(a.subject)));
    expect(links).toEqual([
      { view: 'session', id: 'aaaaaaaa-0000-4000-8000-000000000002' },
      { view: 'infrastructure' },
      { view: 'session', id: 'aaaaaaaa-0000-4000-8000-000000000001' },
      { view: 'infrastructure' },
    ]);
    expect(parseRoute(alertSubjectHref({ type: 'Job', id: 'j-1' }))).toEqual({ view: 'job', id: 'j-1' });
    expect(parseRoute('#/alerts')).toEqual({ view: 'alerts' });
  });

  it('the badge counts the firing alerts the user may see: 3 for admin, 1 for the fabrikam operator', async () => {
    const count = async (token: string) => ((await h.query(print(FiringAlerts), { token, variables: { first: 100 } })).data as { alerts: { nodes: unknown[] } }).alerts.nodes.length;
    expect(await count(h.adminToken)).toBe(3);
    expect(await count(h.operatorToken)).toBe(1);
  });
});
