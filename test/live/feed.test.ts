import { Writable } from 'node:stream';
import type { Client } from 'graphql-sse';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { ORGANIZATION_IDS, SESSION_STEPS } from '../../src/simulator/index.js';
import type { RecordedRequest } from '../../src/simulator/server.js';
import type { ApiVersion } from '../../src/upstream/api-version.js';
import { codes, startHarness, type Harness } from '../helpers/harness.js';
import { listen, sseClient, watch } from '../helpers/sse.js';

/** Short long polls: each idle one completes after a second, so a few of them can be counted. */
const FEED_SECONDS = 1;
const POLL_MS = 20;
const WAIT = { timeout: 20_000, interval: 10 };

const SESSION_UPDATED = 'subscription($id: ID!) { jobSessionUpdated(id: $id) { id status endTime } }';
const LOG_ADDED = 'subscription($id: ID!) { logItemAdded(jobSessionId: $id) { usn } }';
const RESTORE_UPDATED = 'subscription($id: ID!) { restoreSessionUpdated(id: $id) { id state result endTime } }';

interface Setup {
  h: Harness;
  http: Awaited<ReturnType<typeof listen>>;
  clients: Client[];
  lines: string[];
}

const setups: Setup[] = [];

async function setup(version: ApiVersion, config: Record<string, unknown> = {}): Promise<Setup> {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) });
  const h = await startHarness({
    version,
    simulator: { clock: 'manual' },
    config: { subscriptionPollMs: POLL_MS, liveFeedTimeoutSeconds: FEED_SECONDS, ...config },
    logger: createLogger('info', sink),
  });
  const http = await listen(h);
  const made = { h, http, clients: [], lines };
  setups.push(made);
  return made;
}

afterEach(async () => {
  for (const { h, http, clients } of setups.splice(0)) {
    for (const client of clients) client.dispose();
    await http.close();
    await h.close();
  }
});

function client(s: Setup, token = s.h.adminToken): Client {
  const made = sseClient(s.http.url, token);
  s.clients.push(made);
  return made;
}

/** Starts every job that can start; returns the running sessions (plus the seeded one still running), all idle on the manual clock. */
async function idleSessions(h: Harness): Promise<string[]> {
  for (const job of h.simulator.data.jobs) {
    if (!job.isEnabled || h.simulator.data.sessions.some((s) => s.jobId === job.id && (s.status === 'Running' || s.status === 'Queued'))) continue;
    const body = await h.query(`mutation { startJob(id: "${job.id}") { session { id } } }`);
    expect(body.errors).toBeUndefined();
  }
  return h.simulator.data.sessions.filter((s) => s.endTime === null).map((s) => s.id);
}

const lower = (r: RecordedRequest) => r.path.toLowerCase();
const isFeed = (version: string) => (r: RecordedRequest) => lower(r).startsWith(`/${version}/events?`);
const sessionGets = (h: Harness, id?: string) => h.calls().filter((r) => r.method === 'GET' && (id ? lower(r) === `/${h.version}/jobsessions/${id}` : /^\/v\d\/jobsessions\/[0-9a-f-]{36}$/.test(lower(r))));
const fromOf = (r: RecordedRequest) => new URL(r.path, 'http://x.invalid').searchParams.get('from');

describe('the v8 event feed drives subscriptions', () => {
  it('while nothing happens: the first reads, then one /Events long poll after another, nothing else', async () => {
    const s = await setup('v8');
    const { h } = s;
    const ids = await idleSessions(h);
    expect(ids.length).toBe(5);
    h.reset();
    const sse = client(s);
    // 10 subscriptions of one caller on idle sessions: each session's state and its log.
    const watchers = ids.flatMap((id) => [watch(sse, SESSION_UPDATED, { id }), watch(sse, LOG_ADDED, { id })]);
    await expect.poll(() => watchers.filter((w, i) => i % 2 === 1 || w.results.length >= 1).length, WAIT).toBe(10);
    const completed = () => h.calls().filter(isFeed('v8')).filter((r) => r.status !== undefined);
    await expect.poll(() => completed().length, WAIT).toBeGreaterThanOrEqual(4);
    const calls = h.calls();
    const feed = calls.filter(isFeed('v8'));
    const reads = calls.filter((r) => !isFeed('v8')(r));
    // The first reads: each session once per watching resource (its state; its log's session and first page).
    expect(sessionGets(h).length).toBe(10);
    for (const id of ids) expect(sessionGets(h, id).length).toBe(2);
    expect(reads.filter((r) => /\/logitems\?/.test(lower(r))).length).toBe(5);
    expect(reads.length).toBe(15);
    // The feed: `latest` without a wait first (its place), then long polls from each answer's token, one at a time.
    expect(fromOf(feed[0]!)).toBe('latest');
    expect(feed[0]!.path).toMatch(/timeoutSeconds=0/);
    for (const [index, poll] of feed.slice(1).entries()) {
      expect(poll.path).toMatch(new RegExp(`timeoutSeconds=${FEED_SECONDS}`));
      expect(fromOf(poll)).not.toBe('latest');
      // Each long poll goes on from the token the one before it was answered with.
      expect(poll.startedAt).toBeGreaterThanOrEqual(feed[index]!.endedAt ?? Infinity);
    }
    expect(new Set(feed.map((r) => r.requestId)).size).toBe(1);
    expect(feed[0]!.requestId).toMatch(/^feed-/);
    expect(new Set(calls.map((r) => r.authorization))).toEqual(new Set([`Bearer ${h.adminToken}`]));
    // At most one long poll is in flight; every other one has completed.
    expect(feed.length - completed().length).toBeLessThanOrEqual(1);
  });

  it("a session's end reaches its subscribers as the final event after exactly one read", async () => {
    const s = await setup('v8');
    const { h } = s;
    const [id] = (await idleSessions(h)).filter((i) => h.simulator.runningSessions().some((r) => r.id === i));
    const sse = client(s);
    const watchers = [watch(sse, SESSION_UPDATED, { id }), watch(sse, SESSION_UPDATED, { id })];
    await expect.poll(() => watchers.every((w) => w.results.length === 1), WAIT).toBe(true);
    // The feed has its place (a long poll waits) before the session moves.
    await expect.poll(() => h.simulator.longPolls, WAIT).toBe(1);
    h.reset();
    h.simulator.advance(SESSION_STEPS);
    await Promise.all(watchers.map((w) => w.done));
    expect(sessionGets(h, id!).length).toBe(1);
    for (const w of watchers) {
      const last = w.results.at(-1)?.data?.jobSessionUpdated as { endTime: string | null; status: string };
      expect(last.endTime).not.toBeNull();
      expect(w.results.length).toBe(2);
    }
  });

  it("an event drops the caller's cached entry: the next query reads the session upstream", async () => {
    const s = await setup('v8', { cacheTtlMs: 600_000, cacheFinishedTtlMs: 600_000 });
    const { h } = s;
    const [id] = (await idleSessions(h)).filter((i) => h.simulator.runningSessions().some((r) => r.id === i));
    const query = `{ jobSession(id: "${id}") { id progress } }`;
    const queryGets = () => sessionGets(h, id!).filter((r) => !r.requestId?.startsWith('poll-'));
    const watcher = watch(client(s), SESSION_UPDATED, { id });
    await expect.poll(() => watcher.results.length, WAIT).toBe(1);
    await expect.poll(() => h.simulator.longPolls, WAIT).toBe(1);
    h.reset();
    expect((await h.query(query)).errors).toBeUndefined();
    expect((await h.query(query)).errors).toBeUndefined();
    // Cached: the second query did not go upstream.
    expect(queryGets().length).toBe(1);
    h.simulator.advance(2);
    // The feed's answer reached the facade: the poller read the session once more.
    await expect.poll(() => sessionGets(h, id!).filter((r) => r.requestId?.startsWith('poll-')).length, WAIT).toBe(1);
    const after = await h.query(query);
    expect(after.errors).toBeUndefined();
    expect(queryGets().length).toBe(2);
    expect((after.data?.jobSession as { progress: number }).progress).toBeGreaterThan(0);
  });

  it('an outdated change token: the feed starts over from latest and reads every watched resource again', async () => {
    const s = await setup('v8');
    const { h } = s;
    const ids = (await idleSessions(h)).slice(0, 3);
    const sse = client(s);
    const watchers = ids.map((id) => watch(sse, SESSION_UPDATED, { id }));
    await expect.poll(() => watchers.every((w) => w.results.length === 1), WAIT).toBe(true);
    await expect.poll(() => h.simulator.longPolls, WAIT).toBe(1);
    h.reset();
    // The next long poll is refused as the server refuses a token it no longer knows.
    h.simulator.injectFault({
      path: /^\/v8\/events$/,
      status: 400,
      body: JSON.stringify({ message: 'The change token is outdated or unknown.', errorCode: 'OutdatedChangeToken' }),
      times: 1,
    });
    await expect.poll(() => sessionGets(h).length, WAIT).toBe(3);
    const feed = h.calls().filter(isFeed('v8'));
    // The held poll ended; the refused one; then `latest`, and the re-reads only after that answer.
    const refused = feed.findIndex((r) => r.status === 400);
    expect(refused).toBeGreaterThanOrEqual(0);
    const restart = feed[refused + 1]!;
    expect(fromOf(restart)).toBe('latest');
    for (const id of ids) {
      const [read] = sessionGets(h, id);
      expect(read!.startedAt).toBeGreaterThanOrEqual(restart.endedAt ?? Infinity);
    }
    // Then long polls from the new place; no more reads while nothing happens.
    await expect.poll(() => h.calls().filter(isFeed('v8')).filter((r) => r.status === 200).length, WAIT).toBeGreaterThanOrEqual(refused + 3);
    expect(sessionGets(h).length).toBe(3);
  });

  it('a v8 server answering 404 on /Events: the subscriptions poll, and it is logged once', async () => {
    const s = await setup('v8');
    const { h } = s;
    const [id] = await idleSessions(h);
    h.reset();
    h.simulator.injectFault({ path: /^\/v8\/events$/, status: 404 });
    const admin = watch(client(s), SESSION_UPDATED, { id });
    const operatorSession = h.simulator.data.sessions.find((x) => x.endTime === null && x.organizationId === ORGANIZATION_IDS.fabrikam);
    expect(operatorSession).toBeDefined();
    const operator = watch(client(s, h.operatorToken), SESSION_UPDATED, { id: operatorSession!.id });
    await expect.poll(() => admin.results.length, WAIT).toBe(1);
    // Timer polling: the idle session is read again and again.
    await expect.poll(() => sessionGets(h, id!).length, WAIT).toBeGreaterThanOrEqual(4);
    await expect.poll(() => operator.results.length, WAIT).toBe(1);
    const feed = h.calls().filter(isFeed('v8'));
    // One try per caller's feed, never again.
    expect(feed.length).toBe(2);
    expect(new Set(feed.map((r) => r.authorization))).toEqual(new Set([`Bearer ${h.adminToken}`, `Bearer ${h.operatorToken}`]));
    expect(feed.every((r) => r.status === 404)).toBe(true);
    expect(s.lines.filter((line) => line.includes('404 on /Events')).length).toBe(1);
  });
});

describe('restoreSessionUpdated', () => {
  it('v8: the current state, then the end the feed reports, after one more read', async () => {
    const s = await setup('v8');
    const { h } = s;
    const open = h.simulator.openRestoreSession();
    expect(open).toBeDefined();
    const watcher = watch(client(s), RESTORE_UPDATED, { id: open!.id });
    await expect.poll(() => watcher.results.length, WAIT).toBe(1);
    await expect.poll(() => h.simulator.longPolls, WAIT).toBe(1);
    expect((watcher.results[0]!.data?.restoreSessionUpdated as { state: string }).state).toBe('Working');
    h.reset();
    expect(h.simulator.endRestoreSession(open!.id)).toBe(true);
    await watcher.done;
    const reads = h.calls().filter((r) => lower(r) === `/v8/restoresessions/${open!.id}`);
    expect(reads.length).toBe(1);
    const last = watcher.results.at(-1)!.data?.restoreSessionUpdated as { state: string; endTime: string | null };
    expect(last.state).toBe('Stopped');
    expect(last.endTime).not.toBeNull();
  });

  it('v6: polled until it ends', async () => {
    const s = await setup('v6');
    const { h } = s;
    const open = h.simulator.openRestoreSession()!;
    const watcher = watch(client(s), RESTORE_UPDATED, { id: open.id });
    await expect.poll(() => watcher.results.length, WAIT).toBe(1);
    await expect.poll(() => h.calls().filter((r) => lower(r) === `/v6/restoresessions/${open.id}`).length, WAIT).toBeGreaterThanOrEqual(2);
    h.simulator.endRestoreSession(open.id);
    await watcher.done;
    expect((watcher.results.at(-1)!.data?.restoreSessionUpdated as { state: string }).state).toBe('Stopped');
    expect(h.calls().some(isFeed('v6'))).toBe(false);
  });

  it('v5: NOT_SUPPORTED_BY_SERVER, and a bad id BAD_USER_INPUT, both without an upstream call', async () => {
    const v5 = await setup('v5');
    v5.h.reset();
    const unsupported = watch(client(v5), RESTORE_UPDATED, { id: '0dfd96fa-d61f-4737-8b23-567410e0120c' });
    await unsupported.done;
    expect(codes(unsupported.results[0]!)).toEqual(['NOT_SUPPORTED_BY_SERVER']);
    const v8 = await setup('v8');
    v8.h.reset();
    const bad = watch(client(v8), RESTORE_UPDATED, { id: 'not-a-guid' });
    await bad.done;
    expect(codes(bad.results[0]!)).toEqual(['BAD_USER_INPUT']);
    expect(v5.h.calls()).toEqual([]);
    expect(v8.h.calls()).toEqual([]);
  });
});

describe('the v7 change feed drives the session subscriptions', () => {
  it('idle: only change-feed reads; a change: one read of the session that changed', async () => {
    const s = await setup('v7');
    const { h } = s;
    const ids = (await idleSessions(h)).filter((i) => h.simulator.runningSessions().some((r) => r.id === i)).slice(0, 3);
    h.reset();
    const sse = client(s);
    const watchers = ids.map((id) => watch(sse, SESSION_UPDATED, { id }));
    await expect.poll(() => watchers.every((w) => w.results.length === 1), WAIT).toBe(true);
    const changes = () => h.calls().filter((r) => lower(r).startsWith('/v7/jobsessions/changes'));
    const seen = changes().length;
    await expect.poll(() => changes().length, WAIT).toBeGreaterThanOrEqual(seen + 3);
    // Idle: each session was read once, however many change-feed reads went by.
    expect(sessionGets(h).length).toBe(3);
    expect(new Set(changes().map((r) => r.requestId))).toEqual(new Set([changes()[0]!.requestId]));
    expect(changes()[0]!.requestId).toMatch(/^feed-/);
    h.simulator.advance(2);
    await expect.poll(() => sessionGets(h).length, WAIT).toBe(6);
    const after = changes().length;
    await expect.poll(() => changes().length, WAIT).toBeGreaterThanOrEqual(after + 2);
    expect(sessionGets(h).length).toBe(6);
    for (const id of ids) expect(sessionGets(h, id).length).toBe(2);
  });
});
