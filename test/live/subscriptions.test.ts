import type { Client } from 'graphql-sse';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ORGANIZATION_IDS, SESSION_STEPS } from '../../src/simulator/index.js';
import { codes, roundTrips, startHarness, type Harness } from '../helpers/harness.js';
import { listen, sseClient, watch } from '../helpers/sse.js';

const POLL_MS = 20;

let h: Harness;
let http: Awaited<ReturnType<typeof listen>>;
const clients: Client[] = [];

beforeAll(async () => {
  h = await startHarness({ version: 'v8', simulator: { clock: 'manual' }, config: { subscriptionPollMs: POLL_MS, maxSubscriptionsPerToken: 12 } });
  http = await listen(h);
});
afterAll(async () => {
  for (const created of clients) created.dispose();
  await http.close();
  await h.close();
});
beforeEach(() => h.reset());

function client(token: string, singleConnection = false): Client {
  const created = sseClient(http.url, token, singleConnection);
  clients.push(created);
  return created;
}

async function startJob(organizationId: string, token = h.adminToken, harness = h): Promise<string> {
  const running = new Set(harness.simulator.runningSessions().map((s) => s.jobId));
  const job = harness.simulator.data.jobs.find((j) => j.organizationId === organizationId && j.isEnabled && !running.has(j.id) && !harness.simulator.data.sessions.some((s) => s.jobId === j.id && (s.status === 'Running' || s.status === 'Queued')))!;
  const body = await harness.query(`mutation { startJob(id: "${job.id}") { session { id } } }`, { token });
  expect(body.errors).toBeUndefined();
  return (body.data?.startJob as { session: { id: string } }).session.id;
}

const SESSION_UPDATED = 'subscription($id: ID!) { jobSessionUpdated(id: $id) { id status progress endTime } }';
const LOG_ADDED = 'subscription($id: ID!, $after: Long) { logItemAdded(jobSessionId: $id, afterUsn: $after) { usn title status } }';

const sessionGets = (id: string) => h.calls().filter((c) => c.method === 'GET' && c.path.toLowerCase() === `/v8/jobsessions/${id}`);

describe('Subscription.jobSessionUpdated', () => {
  it('10 subscribers with one token cause one poller: one upstream read per poll, never two at once', async () => {
    const id = await startJob(ORGANIZATION_IDS.contoso);
    h.reset();
    const sse = client(h.adminToken);
    const watchers = Array.from({ length: 10 }, () => watch(sse, SESSION_UPDATED, { id }));
    await expect.poll(() => watchers.every((w) => w.results.length >= 1), { timeout: 15_000 }).toBe(true);
    // Not every step changes what a watcher sees (the first one only logs): run the session to its end.
    for (let step = 0; step < SESSION_STEPS; step++) {
      const polls = sessionGets(id).length;
      h.simulator.advance();
      await expect.poll(() => sessionGets(id).length, { timeout: 15_000 }).toBeGreaterThan(polls);
    }
    await Promise.all(watchers.map((w) => w.done));
    const gets = sessionGets(id);
    // One poller, named by one request id upstream; its reads never overlap (one per interval).
    expect(new Set(gets.map((g) => g.requestId)).size).toBe(1);
    expect(gets[0]?.requestId).toMatch(/^poll-/);
    expect(roundTrips(gets)).toBe(gets.length);
    // Every subscriber saw the same states, in order, each change once, the ended one last.
    const seen = watchers.map((w) => w.results.map((r) => JSON.stringify(r.data)));
    for (const other of seen) expect(other).toEqual(seen[0]);
    expect(seen[0]!.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen[0]).size).toBe(seen[0]!.length);
  });

  it('two tokens cause two pollers, each reading with its own token', async () => {
    const id = await startJob(ORGANIZATION_IDS.fabrikam);
    h.reset();
    const admin = watch(client(h.adminToken), SESSION_UPDATED, { id });
    const operator = watch(client(h.operatorToken), SESSION_UPDATED, { id });
    await expect.poll(() => admin.results.length >= 1 && operator.results.length >= 1, { timeout: 15_000 }).toBe(true);
    h.simulator.advance(SESSION_STEPS);
    await Promise.all([admin.done, operator.done]);
    const gets = sessionGets(id);
    expect(new Set(gets.map((g) => g.requestId)).size).toBe(2);
    expect(new Set(gets.map((g) => g.authorization))).toEqual(new Set([`Bearer ${h.adminToken}`, `Bearer ${h.operatorToken}`]));
    for (const poller of new Set(gets.map((g) => g.requestId))) {
      expect(new Set(gets.filter((g) => g.requestId === poller).map((g) => g.authorization)).size).toBe(1);
    }
    expect(admin.results.map((r) => r.data)).toEqual(operator.results.map((r) => r.data));
  });

  it.each([false, true])('start -> subscribe -> completion through the graphql-sse client (single connection: %s)', async (singleConnection) => {
    const id = await startJob(ORGANIZATION_IDS.northwind);
    const watcher = watch(client(h.adminToken, singleConnection), SESSION_UPDATED, { id });
    await expect.poll(() => watcher.results.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    for (let step = 0; step < SESSION_STEPS; step++) {
      const polls = sessionGets(id).length;
      h.simulator.advance();
      await expect.poll(() => sessionGets(id).length, { timeout: 15_000 }).toBeGreaterThan(polls);
    }
    await watcher.done;
    const states = watcher.results.map((r) => r.data?.jobSessionUpdated as { status: string; endTime: string | null });
    expect(states[0]?.status).toBe('RUNNING');
    const last = states.at(-1)!;
    expect(['SUCCESS', 'WARNING']).toContain(last.status);
    expect(last.endTime).not.toBeNull();
    // Exactly one final event: nothing after the first ended state.
    expect(states.filter((s) => s.endTime !== null)).toHaveLength(1);
  });
});

describe('Subscription.logItemAdded', () => {
  it('every item exactly once, in usn order, across a forced reconnect with the last usn seen', async () => {
    const id = await startJob(ORGANIZATION_IDS.contoso);
    const sse = client(h.adminToken);
    const usns: number[] = [];
    const first = watch(sse, LOG_ADDED, { id });
    h.simulator.advance();
    h.simulator.advance();
    await expect.poll(() => first.results.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    first.dispose();
    usns.push(...first.results.map((r) => (r.data?.logItemAdded as { usn: number }).usn));
    // Items logged while nobody listens.
    h.simulator.advance();
    h.simulator.advance();
    const second = watch(sse, LOG_ADDED, { id, after: usns.at(-1) });
    await expect.poll(() => second.results.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    h.simulator.advance(SESSION_STEPS);
    await second.done;
    usns.push(...second.results.map((r) => (r.data?.logItemAdded as { usn: number }).usn));
    const all = h.simulator.data.sessions.find((s) => s.id === id)!.logItems.map((i) => i.usn);
    expect(usns).toEqual(all);
    expect(new Set(usns).size).toBe(usns.length);
  });

  it('a late subscriber joining a running follower catches up with its own reads, then shares', async () => {
    const id = await startJob(ORGANIZATION_IDS.northwind);
    const sse = client(h.adminToken);
    const early = watch(sse, LOG_ADDED, { id });
    h.simulator.advance(2);
    await expect.poll(() => early.results.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    const late = watch(sse, LOG_ADDED, { id, after: 1 });
    h.simulator.advance(SESSION_STEPS);
    await Promise.all([early.done, late.done]);
    const usnsOf = (w: typeof early) => w.results.map((r) => (r.data?.logItemAdded as { usn: number }).usn);
    const all = h.simulator.data.sessions.find((s) => s.id === id)!.logItems.map((i) => i.usn);
    expect(usnsOf(early)).toEqual(all);
    expect(usnsOf(late)).toEqual(all.filter((usn) => usn > 1));
  });
});

describe('the same streams on API v5 (absolute links, action writes, no session sent back by start)', () => {
  it('startJob, then logItemAdded and jobSessionUpdated to completion', async () => {
    const v5 = await startHarness({ version: 'v5', simulator: { clock: 'manual' }, config: { subscriptionPollMs: POLL_MS } });
    const v5http = await listen(v5);
    const sse = sseClient(v5http.url, v5.adminToken);
    try {
      const id = await startJob(ORGANIZATION_IDS.contoso, v5.adminToken, v5);
      const log = watch(sse, LOG_ADDED, { id });
      const states = watch(sse, SESSION_UPDATED, { id });
      await expect.poll(() => log.results.length >= 1 && states.results.length >= 1, { timeout: 15_000 }).toBe(true);
      v5.simulator.advance(SESSION_STEPS);
      await Promise.all([log.done, states.done]);
      const usns = log.results.map((r) => (r.data?.logItemAdded as { usn: number }).usn);
      expect(usns).toEqual(v5.simulator.data.sessions.find((s) => s.id === id)!.logItems.map((i) => i.usn));
      expect((states.results.at(-1)?.data?.jobSessionUpdated as { endTime: string | null }).endTime).not.toBeNull();
      expect(v5.calls().filter((c) => c.requestId?.startsWith('poll-')).every((c) => c.path.startsWith('/v5/'))).toBe(true);
    } finally {
      sse.dispose();
      await v5http.close();
      await v5.close();
    }
  });
});

describe('Subscription.jobSessionsChanged', () => {
  it('emits a session that starts and each change of it', async () => {
    const sse = client(h.adminToken);
    const changes = watch(sse, 'subscription { jobSessionsChanged { id status } }');
    // The first poll learns the newest page: let it happen before the job starts.
    await expect.poll(() => h.calls().some((c) => c.path.toLowerCase().startsWith('/v8/jobsessions?')), { timeout: 15_000 }).toBe(true);
    const id = await startJob(ORGANIZATION_IDS.fabrikam);
    await expect.poll(() => changes.results.some((r) => (r.data?.jobSessionsChanged as { id: string }).id === id), { timeout: 15_000 }).toBe(true);
    h.simulator.advance(SESSION_STEPS);
    await expect
      .poll(() => changes.results.filter((r) => (r.data?.jobSessionsChanged as { id: string; status: string }).id === id).at(-1)?.data?.jobSessionsChanged, { timeout: 15_000 })
      .toMatchObject({ status: expect.stringMatching(/^(SUCCESS|WARNING)$/) });
    changes.dispose();
  });

  it('follows the v7 change feed (/JobSessions/Changes) instead of re-reading the newest page', async () => {
    const v7 = await startHarness({ version: 'v7', simulator: { clock: 'manual' }, config: { subscriptionPollMs: POLL_MS } });
    const v7http = await listen(v7);
    const sse = sseClient(v7http.url, v7.adminToken);
    try {
      const changes = watch(sse, 'subscription { jobSessionsChanged { id status } }');
      const feed = () => v7.calls().filter((c) => c.path.toLowerCase().startsWith('/v7/jobsessions/changes'));
      await expect.poll(() => feed().length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
      const id = await startJob(ORGANIZATION_IDS.northwind, v7.adminToken, v7);
      await expect.poll(() => changes.results.some((r) => (r.data?.jobSessionsChanged as { id: string }).id === id), { timeout: 15_000 }).toBe(true);
      // The first read learned the present without a token; every later one continues from a token.
      expect(feed()[0]?.path.toLowerCase()).toBe('/v7/jobsessions/changes?limit=1000');
      expect(feed().slice(1).every((c) => /[?&]from=/.test(c.path))).toBe(true);
      const polls = v7.calls().filter((c) => c.requestId?.startsWith('poll-'));
      expect(polls.length).toBe(feed().length);
      expect(polls.some((c) => /^\/v7\/jobsessions\?/i.test(c.path))).toBe(false);
      changes.dispose();
    } finally {
      sse.dispose();
      await v7http.close();
      await v7.close();
    }
  });

  it('a filter the version cannot apply is refused before any call', async () => {
    const v5 = await startHarness({ version: 'v5' });
    try {
      const response = await v5.yoga.fetch('http://facade.invalid/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${v5.adminToken}` },
        body: JSON.stringify({ query: 'subscription { jobSessionsChanged(jobType: COPY) { id } }' }),
      });
      const text = await response.text();
      expect(text).toContain('NOT_SUPPORTED_BY_SERVER');
      expect(v5.calls()).toHaveLength(0);
    } finally {
      await v5.close();
    }
  });
});

describe('bounds and endings', () => {
  it('subscriptions per token are capped with SUBSCRIPTION_LIMIT; anonymous ones are UNAUTHENTICATED; neither calls upstream', async () => {
    const id = await startJob(ORGANIZATION_IDS.contoso);
    const token = h.simulator.issueToken('admin');
    const sse = client(token);
    const open = Array.from({ length: 12 }, () => watch(sse, SESSION_UPDATED, { id }));
    await expect.poll(() => open.every((w) => w.results.length >= 1), { timeout: 15_000 }).toBe(true);
    h.reset();
    const refused = await h.yoga.fetch('http://facade.invalid/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: SESSION_UPDATED, variables: { id } }),
    });
    expect(await refused.text()).toContain('SUBSCRIPTION_LIMIT');
    const anonymous = await h.yoga.fetch('http://facade.invalid/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: SESSION_UPDATED, variables: { id } }),
    });
    expect(await anonymous.text()).toContain('UNAUTHENTICATED');
    expect(h.calls().filter((c) => c.authorization === undefined)).toHaveLength(0);
    for (const w of open) w.dispose();
  });

  it('a token the server stops accepting ends that token\'s subscriptions with UNAUTHENTICATED', async () => {
    const id = await startJob(ORGANIZATION_IDS.northwind);
    const token = h.simulator.issueToken('admin');
    const sse = client(token);
    const a = watch(sse, SESSION_UPDATED, { id });
    const b = watch(sse, LOG_ADDED, { id });
    await expect.poll(() => a.results.length >= 1 && b.results.length >= 1, { timeout: 15_000 }).toBe(true);
    const out = await h.query('mutation { signOut }', { token });
    expect(out.errors).toBeUndefined();
    h.simulator.advance();
    // Each stream's last event carries the error, then the stream ends.
    for (const w of [a, b]) {
      await w.done;
      expect(codes(w.results.at(-1)!)).toEqual(['UNAUTHENTICATED']);
    }
  });
});
