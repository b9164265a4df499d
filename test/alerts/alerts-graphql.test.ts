/**
 * `alerts`, `alertRaised` and `testAlertTarget`: what each of the simulator's two users sees
 * (admin: every organization and the license; fabrikam-operator: fabrikam only, no license),
 * read with the caller's own token, and what reaches the backup server.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../src/alerts/types.js';
import { ORGANIZATION_IDS } from '../../src/simulator/index.js';
import { createMemoryAlertStore, type MemoryAlertStore } from '../helpers/alert-store.js';
import { codes, paths, startHarness, type Harness } from '../helpers/harness.js';
import { listen, sseClient, watch } from '../helpers/sse.js';

const sessionAlert = (id: string, organizationId: string, organizationName: string, raisedAt: string): Alert => ({
  id: `JOB_SESSION_FAILED:${id}`,
  server: 'default',
  kind: 'JOB_SESSION_FAILED',
  severity: 'CRITICAL',
  state: 'FIRING',
  subject: { type: 'JobSession', id, name: 'Mailboxes at 2026-03-01', organization: { id: organizationId, name: organizationName }, job: { id: '11111111-1111-4111-8111-111111111111', name: 'Mailboxes' } },
  message: 'Mailboxes failed.',
  raisedAt,
  resolvedAt: null,
  link: null,
});

const repositoryAlert = (raisedAt: string): Alert => ({
  id: `REPOSITORY_FREE_BELOW:22222222-2222-4222-8222-222222222222:${raisedAt}`,
  server: 'default',
  kind: 'REPOSITORY_FREE_BELOW',
  severity: 'WARNING',
  state: 'FIRING',
  subject: { type: 'BackupRepository', id: '22222222-2222-4222-8222-222222222222', name: 'Contoso backups', organization: null, job: null },
  message: 'Repository Contoso backups has 2.0 % free space, below 5 %.',
  raisedAt,
  resolvedAt: null,
  link: null,
});

const FABRIKAM = sessionAlert('aaaaaaaa-0000-4000-8000-000000000001', ORGANIZATION_IDS.fabrikam, 'fabrikam.onmicrosoft.com', '2026-03-01T10:00:00.000Z');
const CONTOSO = sessionAlert('aaaaaaaa-0000-4000-8000-000000000002', ORGANIZATION_IDS.contoso, 'contoso.onmicrosoft.com', '2026-03-01T10:01:00.000Z');
const REPOSITORY = repositoryAlert('2026-03-01T10:02:00.000Z');

const ALERTS = `query Alerts($first: Int, $after: String, $state: AlertState) {
  alerts(first: $first, after: $after, state: $state) {
    nodes { id server { name } kind severity state subject { type id name organization { id name } job { id name } } message raisedAt resolvedAt link }
    pageInfo { hasNextPage endCursor }
  }
}`;

let h: Harness;
let store: MemoryAlertStore;
const sent: string[] = [];

beforeAll(async () => {
  store = createMemoryAlertStore();
  h = await startHarness({
    version: 'v8',
    config: { alerts: { targets: [{ name: 'ops', type: 'webhook', url: new URL('https://hooks.example.invalid/vbm') }], rules: [{ kind: 'jobSessionFailed', targets: ['ops'] }] } },
    alerting: {
      store,
      sendTest: async (name) => {
        sent.push(name);
        return true;
      },
    },
  });
  for (const alert of [FABRIKAM, CONTOSO, REPOSITORY]) await store.raise(alert, ['ops']);
});

afterAll(() => h.close());

beforeEach(() => {
  h.reset();
  sent.length = 0;
});

const ids = (body: Awaited<ReturnType<Harness['query']>>) => (body.data?.alerts as { nodes: { id: string }[] }).nodes.map((n) => n.id);

/** The upstream requests of the last operation: method, path and which token. */
const requests = () => h.calls().map((r) => `${r.method} ${paths([r])[0]} ${r.authorization === `Bearer ${h.adminToken}` ? 'admin' : r.authorization === `Bearer ${h.operatorToken}` ? 'operator' : r.authorization}`);

describe('alerts', () => {
  it('admin sees every alert, newest first, after reading its organizations and the license with its own token', async () => {
    const body = await h.query(ALERTS);
    expect(body.errors).toBeUndefined();
    expect(ids(body)).toEqual([REPOSITORY.id, CONTOSO.id, FABRIKAM.id]);
    expect((body.data?.alerts as { nodes: unknown[] }).nodes[1]).toEqual({ ...CONTOSO, server: { name: 'default' } });
    expect(requests().sort()).toEqual(['GET /license admin', 'GET /organizations?offset=0&limit=1000 admin']);
  });

  it('the operator sees only fabrikam\'s alerts: no other organization, nothing server-wide (the license is refused to it)', async () => {
    const body = await h.query(ALERTS, { token: h.operatorToken });
    expect(body.errors).toBeUndefined();
    expect(ids(body)).toEqual([FABRIKAM.id]);
    expect(requests().sort()).toEqual(['GET /license operator', 'GET /organizations?offset=0&limit=1000 operator']);
    expect(h.calls().find((r) => r.path.toLowerCase().endsWith('/license'))?.status).toBe(403);
  });

  it('pages with first/after and filters by state', async () => {
    const first = await h.query(ALERTS, { variables: { first: 2 } });
    expect(ids(first)).toEqual([REPOSITORY.id, CONTOSO.id]);
    const pageInfo = (first.data?.alerts as { pageInfo: { hasNextPage: boolean; endCursor: string } }).pageInfo;
    expect(pageInfo.hasNextPage).toBe(true);
    const next = await h.query(ALERTS, { variables: { first: 2, after: pageInfo.endCursor } });
    expect(ids(next)).toEqual([FABRIKAM.id]);
    expect(ids(await h.query(ALERTS, { variables: { state: 'RESOLVED' } }))).toEqual([]);
  });

  it('a caller who can see none of the alerts gets an empty list, not an error', async () => {
    const only = createMemoryAlertStore();
    const other = await startHarness({
      version: 'v8',
      config: { alerts: { targets: [], rules: [] } },
      alerting: { store: only, sendTest: async () => true },
    });
    try {
      await only.raise(CONTOSO, []);
      await only.raise(REPOSITORY, []);
      const body = await other.query(ALERTS, { token: other.operatorToken });
      expect(body.errors).toBeUndefined();
      expect(body.data?.alerts).toEqual({ nodes: [], pageInfo: { hasNextPage: false, endCursor: null } });
    } finally {
      await other.close();
    }
  });

  it('bad arguments are BAD_USER_INPUT before any upstream call', async () => {
    for (const variables of [{ first: 0 }, { first: 101 }, { after: '' }, { after: 'x'.repeat(257) }]) {
      expect(codes(await h.query(ALERTS, { variables })), JSON.stringify(variables)).toEqual(['BAD_USER_INPUT']);
    }
    expect(h.calls()).toEqual([]);
  });

  it('without a token: UNAUTHENTICATED, and no upstream call', async () => {
    expect(codes(await h.query(ALERTS, { token: null }))).toEqual(['UNAUTHENTICATED']);
    expect(h.calls()).toEqual([]);
  });
});

describe('testAlertTarget', () => {
  const TEST = 'mutation Test($name: String!) { testAlertTarget(name: $name) }';

  it('sends to a known target for a caller who can read the license', async () => {
    const body = await h.query(TEST, { variables: { name: 'ops' } });
    expect(body).toEqual({ data: { testAlertTarget: true } });
    expect(sent).toEqual(['ops']);
    expect(requests()).toContain('GET /license admin');
  });

  it('is FORBIDDEN to the operator, and BAD_USER_INPUT for an unknown target, before any send', async () => {
    expect(codes(await h.query(TEST, { token: h.operatorToken, variables: { name: 'ops' } }))).toEqual(['FORBIDDEN']);
    expect(requests().filter((r) => r.includes('/license'))).toEqual(['GET /license operator']);
    expect(codes(await h.query(TEST, { variables: { name: 'nobody' } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.query(TEST, { variables: { name: '' } }))).toEqual(['BAD_USER_INPUT']);
    expect(sent).toEqual([]);
  });
});

describe('alertRaised', () => {
  it('streams each raised or resolved alert to the callers who may see it', async () => {
    const server = await listen(h);
    const SUBSCRIPTION = 'subscription { alertRaised { id state subject { organization { id } } } }';
    const admin = watch(sseClient(server.url, h.adminToken), SUBSCRIPTION);
    const operator = watch(sseClient(server.url, h.operatorToken), SUBSCRIPTION);
    try {
      await vi.waitFor(() => expect(store.watching()).toBe(2), { timeout: 20_000, interval: 20 });
      const laterFabrikam = sessionAlert('aaaaaaaa-0000-4000-8000-000000000003', ORGANIZATION_IDS.fabrikam, 'fabrikam.onmicrosoft.com', '2026-03-01T11:00:00.000Z');
      await store.raise(sessionAlert('aaaaaaaa-0000-4000-8000-000000000004', ORGANIZATION_IDS.contoso, 'contoso.onmicrosoft.com', '2026-03-01T10:58:00.000Z'), []);
      await store.resolve(REPOSITORY.id, '2026-03-01T10:59:00.000Z');
      await store.raise(laterFabrikam, []);
      await vi.waitFor(() => expect(operator.results).toHaveLength(1), { timeout: 20_000, interval: 20 });
      await vi.waitFor(() => expect(admin.results).toHaveLength(3), { timeout: 20_000, interval: 20 });
      expect(operator.results.map((r) => (r.data?.alertRaised as { id: string }).id)).toEqual([laterFabrikam.id]);
      expect(admin.results.map((r) => (r.data?.alertRaised as { id: string; state: string }).state)).toEqual(['FIRING', 'RESOLVED', 'FIRING']);
    } finally {
      admin.dispose();
      operator.dispose();
      await vi.waitFor(() => expect(store.watching()).toBe(0), { timeout: 20_000, interval: 20 });
      await server.close();
    }
  });
});
