/**
 * `alerts`, `alertRaised` and `testAlertTarget` over three servers (eu1 v8, us1 v7, apac1 v6):
 * a caller sees an alert of server S only through its own sign-in on S (its organizations there,
 * S's license for server-wide alerts); `servers:` names which, checked before any upstream call.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../src/alerts/types.js';
import { ORGANIZATION_IDS, type DemoUser } from '../../src/simulator/index.js';
import { createMemoryAlertStore, type MemoryAlertStore } from '../helpers/alert-store.js';
import { sseClient, watch } from '../helpers/sse.js';
import { CREATE_SESSION, SERVERS, startServersHarness, type Replica, type ServerName, type ServersHarness } from '../servers/servers-harness.js';

/** us1's operator of fabrikam alone: it cannot read us1's license. */
const US_OPERATOR: DemoUser = { userName: 'us-fabrikam', password: 'us-fabrikam-password', organizations: [ORGANIZATION_IDS.fabrikam] };
const CONTOSO = { id: ORGANIZATION_IDS.contoso, name: 'contoso.onmicrosoft.com' };
const FABRIKAM = { id: ORGANIZATION_IDS.fabrikam, name: 'fabrikam.onmicrosoft.com' };
/** One session GUID on two servers: two alerts. */
const SAME_GUID = 'aaaaaaaa-0000-4000-8000-000000000001';

const sessionAlert = (server: ServerName, sessionId: string, organization: { id: string; name: string }, raisedAt: string): Alert => ({
  id: `JOB_SESSION_FAILED:${server}:${sessionId}`,
  server,
  kind: 'JOB_SESSION_FAILED',
  severity: 'CRITICAL',
  state: 'FIRING',
  subject: { type: 'JobSession', id: sessionId, name: 'Mailboxes at 2026-03-01', organization, job: { id: '11111111-1111-4111-8111-111111111111', name: 'Mailboxes' } },
  message: 'Mailboxes failed.',
  raisedAt,
  resolvedAt: null,
  link: null,
});

const repositoryAlert = (server: ServerName, raisedAt: string): Alert => ({
  id: `REPOSITORY_FREE_BELOW:${server}:22222222-2222-4222-8222-222222222222:${raisedAt}`,
  server,
  kind: 'REPOSITORY_FREE_BELOW',
  severity: 'WARNING',
  state: 'FIRING',
  subject: { type: 'BackupRepository', id: '22222222-2222-4222-8222-222222222222', name: 'Backups', organization: null, job: null },
  message: 'Repository Backups has 2.0 % free space, below 5 %.',
  raisedAt,
  resolvedAt: null,
  link: null,
});

const EU_CONTOSO = sessionAlert('eu1', SAME_GUID, CONTOSO, '2026-03-01T10:00:00.000Z');
const US_FABRIKAM = sessionAlert('us1', SAME_GUID, FABRIKAM, '2026-03-01T10:01:00.000Z');
const US_CONTOSO = sessionAlert('us1', 'aaaaaaaa-0000-4000-8000-000000000002', CONTOSO, '2026-03-01T10:02:00.000Z');
const US_REPOSITORY = repositoryAlert('us1', '2026-03-01T10:03:00.000Z');
const APAC_REPOSITORY = repositoryAlert('apac1', '2026-03-01T10:04:00.000Z');

const ALERTS = `query ($servers: [String!], $first: Int) {
  alerts(servers: $servers, first: $first) { nodes { id server { name apiVersion } subject { id } } pageInfo { hasNextPage } }
}`;

let h: ServersHarness;
let replica: Replica;
let store: MemoryAlertStore;
const sent: { name: string; server: string | undefined }[] = [];
/** eu1 and apac1 as their admins, us1 as its fabrikam operator. */
let mixed: string;
/** eu1 alone, as its admin. */
let euOnly: string;
/** us1 alone, as its fabrikam operator. */
let usOperatorOnly: string;

async function session(credentials: { server: ServerName; username: string; password: string }[]): Promise<string> {
  const answer = await replica.query(CREATE_SESSION, { variables: { credentials } });
  const token = (answer.data?.createSession as { token?: string } | undefined)?.token;
  if (!token) throw new Error(`createSession failed: ${JSON.stringify(answer.errors)}`);
  return token;
}

const admin = (name: ServerName) => {
  const user = SERVERS.find((server) => server.name === name)!.user;
  return { server: name, username: user.userName, password: user.password };
};
const usOperator = { server: 'us1' as const, username: US_OPERATOR.userName, password: US_OPERATOR.password };

beforeAll(async () => {
  h = await startServersHarness({ users: { us1: [US_OPERATOR] } });
  store = createMemoryAlertStore();
  replica = await h.replica({
    overSocket: true,
    config: { alerts: { targets: [{ name: 'ops', type: 'webhook', url: new URL('https://hooks.example.invalid/vbm') }], rules: [] } },
    alerting: {
      store,
      sendTest: async (name, server) => {
        sent.push({ name, server });
        return true;
      },
    },
  });
  for (const alert of [EU_CONTOSO, US_FABRIKAM, US_CONTOSO, US_REPOSITORY, APAC_REPOSITORY]) await store.raise(alert, ['ops']);
  mixed = await session([admin('eu1'), usOperator, admin('apac1')]);
  euOnly = await session([admin('eu1')]);
  usOperatorOnly = await session([usOperator]);
});

afterAll(() => h?.close());

beforeEach(() => {
  h.reset();
  sent.length = 0;
});

type Nodes = { id: string; server: { name: string; apiVersion: string } }[];
const nodes = (body: { data?: Record<string, unknown> | null }) => (body.data?.alerts as { nodes: Nodes }).nodes;
const ids = (body: { data?: Record<string, unknown> | null }) => nodes(body).map((node) => node.id);
const codes = (body: { errors?: { extensions?: { code?: string } }[] }) => (body.errors ?? []).map((error) => error.extensions?.code);

/** A simulator's requests, sorted: method and lowercased path. */
function readsOf(name: ServerName): string[] {
  return h.calls(name).map((r) => `${r.method} ${r.path.toLowerCase()}`).sort();
}
/** The caller's visibility on a server: its license, and its organizations (paged on v8 only). */
const visibilityReads = (version: string) => [`GET /${version}/license`, `GET /${version}/organizations${version === 'v8' ? '?offset=0&limit=1000' : ''}`];

describe('alerts over three servers', () => {
  it('a caller sees each server\'s alerts through its own sign-in there: organizations on each, the license of each for server-wide alerts', async () => {
    const body = await replica.query(ALERTS, { token: mixed });
    expect(body.errors).toBeUndefined();
    // us1: its operator sees fabrikam's alert, not contoso's nor the repository's (us1's license is refused to it).
    expect(ids(body)).toEqual([APAC_REPOSITORY.id, US_FABRIKAM.id, EU_CONTOSO.id]);
    expect(nodes(body).map((node) => node.server)).toEqual([
      { name: 'apac1', apiVersion: 'v6' },
      { name: 'us1', apiVersion: 'v7' },
      { name: 'eu1', apiVersion: 'v8' },
    ]);
    // One GUID on two servers is two alerts.
    expect(EU_CONTOSO.subject.id).toBe(US_FABRIKAM.subject.id);
    for (const { name, version } of SERVERS) {
      expect(readsOf(name)).toEqual(visibilityReads(version));
      expect(new Set(h.calls(name).map((r) => r.authorization)).size).toBe(1);
    }
    expect(h.calls('us1').find((r) => r.path.toLowerCase().endsWith('/license'))?.status).toBe(403);
    // No server's token reached another server.
    const tokens = SERVERS.map(({ name }) => h.calls(name)[0]!.authorization);
    expect(new Set(tokens).size).toBe(3);
  });

  it('a session holding eu1 only sees eu1\'s alerts, reading eu1 alone; us1 and apac1 get no call', async () => {
    const body = await replica.query(ALERTS, { token: euOnly });
    expect(body.errors).toBeUndefined();
    expect(ids(body)).toEqual([EU_CONTOSO.id]);
    expect(readsOf('eu1')).toEqual(visibilityReads('v8'));
    expect(h.calls('us1')).toEqual([]);
    expect(h.calls('apac1')).toEqual([]);
  });

  it('servers: reads only the servers named; one the session does not hold, or no such server, is BAD_USER_INPUT with no call', async () => {
    const apac = await replica.query(ALERTS, { token: mixed, variables: { servers: ['apac1'] } });
    expect(ids(apac)).toEqual([APAC_REPOSITORY.id]);
    expect(readsOf('apac1')).toEqual(visibilityReads('v6'));
    expect(h.totalCalls()).toBe(2);

    h.reset();
    for (const servers of [['us1'], ['eu1', 'us1'], ['nowhere'], ['EU1']]) {
      expect(codes(await replica.query(ALERTS, { token: euOnly, variables: { servers } })), JSON.stringify(servers)).toEqual(['BAD_USER_INPUT']);
    }
    expect(codes(await replica.query(ALERTS, { token: mixed, variables: { servers: ['eu1'], first: 0 } }))).toEqual(['BAD_USER_INPUT']);
    expect(h.totalCalls()).toBe(0);
  });

  it('a server whose visibility cannot be read adds one error naming it; the others\' alerts are answered', async () => {
    h.simulators.apac1.injectFault({ path: /\/organizations$/, status: 503 });
    try {
      const body = await replica.query(ALERTS, { token: mixed });
      expect(ids(body)).toEqual([US_FABRIKAM.id, EU_CONTOSO.id]);
      expect(body.errors?.map((error) => [(error.extensions as { server?: string }).server, error.path])).toEqual([['apac1', ['alerts']]]);
    } finally {
      h.simulators.apac1.clearFaults();
    }
  });
});

describe('alertRaised over three servers', () => {
  it('streams only the named servers\' alerts the caller may see there; a server not held is BAD_USER_INPUT with no call', async () => {
    const refused = await replica.query('subscription { alertRaised(servers: ["us1"]) { id } }', { token: euOnly });
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(h.totalCalls()).toBe(0);

    const SUBSCRIPTION = 'subscription ($servers: [String!]) { alertRaised(servers: $servers) { id server { name } } }';
    const us = watch(sseClient(replica.origin!, mixed), SUBSCRIPTION, { servers: ['us1'] });
    const every = watch(sseClient(replica.origin!, mixed), SUBSCRIPTION);
    try {
      await vi.waitFor(() => expect(store.watching()).toBe(2), { timeout: 20_000, interval: 20 });
      // The us1-only stream read us1 alone; the other read each server once.
      expect(readsOf('us1')).toEqual([...visibilityReads('v7'), ...visibilityReads('v7')].sort());
      expect(readsOf('eu1')).toEqual(visibilityReads('v8'));
      expect(readsOf('apac1')).toEqual(visibilityReads('v6'));
      const later = (server: ServerName, id: string, organization: { id: string; name: string }, at: string) => sessionAlert(server, `bbbbbbbb-0000-4000-8000-00000000000${id}`, organization, at);
      const euAlert = later('eu1', '1', CONTOSO, '2026-03-01T11:00:00.000Z');
      const usHidden = later('us1', '2', CONTOSO, '2026-03-01T11:01:00.000Z');
      const usShown = later('us1', '3', FABRIKAM, '2026-03-01T11:02:00.000Z');
      for (const alert of [euAlert, usHidden, usShown]) await store.raise(alert, []);
      await vi.waitFor(() => expect(us.results).toHaveLength(1), { timeout: 20_000, interval: 20 });
      await vi.waitFor(() => expect(every.results).toHaveLength(2), { timeout: 20_000, interval: 20 });
      expect(us.results.map((r) => r.data?.alertRaised)).toEqual([{ id: usShown.id, server: { name: 'us1' } }]);
      expect(every.results.map((r) => (r.data?.alertRaised as { id: string }).id)).toEqual([euAlert.id, usShown.id]);
    } finally {
      us.dispose();
      every.dispose();
      await vi.waitFor(() => expect(store.watching()).toBe(0), { timeout: 20_000, interval: 20 });
    }
  });
});

describe('testAlertTarget over three servers', () => {
  const TEST = 'mutation { testAlertTarget(name: "ops") }';

  it('sends, naming the first server of the session whose license the caller can read there', async () => {
    expect(await replica.query(TEST, { token: mixed })).toMatchObject({ data: { testAlertTarget: true } });
    expect(sent).toEqual([{ name: 'ops', server: 'eu1' }]);
    expect(readsOf('eu1')).toEqual(['GET /v8/license']);
    expect(h.calls('us1')).toEqual([]);
  });

  it('is FORBIDDEN when no server of the session lets the caller read its license, before any send', async () => {
    expect(codes(await replica.query(TEST, { token: usOperatorOnly }))).toEqual(['FORBIDDEN']);
    expect(readsOf('us1')).toEqual(['GET /v7/license']);
    expect(sent).toEqual([]);
  });
});
