/**
 * The watcher on the v8 event feed: its change token kept in the store (a restart neither
 * repeats nor skips), an outdated token (from `latest`, then one read of the list since the last
 * known time), and a server without `/Events` (polling, said once).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { feedSessionEnds } from '../../src/alerts/session-ends.js';
import type { AlertRuleConfig } from '../../src/alerts/types.js';
import { createAlertWatcher, localLeader, type AlertWatcher } from '../../src/alerts/watcher.js';
import { upstreamWatcherApi } from '../../src/alerts/watcher-api.js';
import { loadConfig, upstreamSettings, VERSION_RECHECK_MS } from '../../src/config.js';
import { DEMO_USERS, startSimulator, type RecordedRequest, type Simulator } from '../../src/simulator/index.js';
import { createUpstream } from '../../src/upstream/pool.js';
import { createApiVersionState } from '../../src/upstream/version-state.js';
import { createMemoryAlertStore, type MemoryAlertStore } from '../helpers/alert-store.js';

const admin = DEMO_USERS[0]!;
const RULES: AlertRuleConfig[] = [{ kind: 'jobSessionFailed', targets: ['ops'] }];

const open: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

interface Setup {
  simulator: Simulator;
  store: MemoryAlertStore;
  missing: { count: number };
  watcher(): AlertWatcher;
}

async function setup(): Promise<Setup> {
  const simulator = await startSimulator({ clock: 'manual', stepMs: 1000 });
  const url = new URL(simulator.baseUrl('v8'));
  const upstream = createUpstream(upstreamSettings(loadConfig({}), url));
  const versions = createApiVersionState({ url, dispatcher: upstream.dispatcher, timeoutMs: 5_000, recheckMs: VERSION_RECHECK_MS });
  open.push(() => simulator.close(), () => upstream.dispatcher.close());
  const store = createMemoryAlertStore();
  const missing = { count: 0 };
  return {
    simulator,
    store,
    missing,
    watcher() {
      const watcher = createAlertWatcher({
        config: { targets: [], rules: RULES },
        store,
        api: upstreamWatcherApi(upstream, versions),
        credentials: { username: admin.userName, password: admin.password },
        election: localLeader(),
        intervalMs: 50,
        sessionEnds: feedSessionEnds({ timeoutSeconds: 5, onMissing: () => missing.count++ }),
      });
      open.push(() => watcher.stop());
      return watcher;
    },
  };
}

/** Waits (bounded in count and time) until `check` holds. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never: ${what}`);
}

const lower = (request: RecordedRequest) => request.path.toLowerCase();
const eventReads = (simulator: Simulator) => simulator.requests.filter((request) => lower(request).startsWith('/v8/events?'));
const longPolling = (simulator: Simulator) => eventReads(simulator).some((request) => !/from=latest/.test(lower(request)));

/** A failing session of an enabled job with none running, other than `not`'s; it ends at once. */
function failSession(simulator: Simulator, not: readonly string[] = []): { jobId: string; sessionId: string } {
  for (const job of simulator.data.jobs) {
    if (!job.isEnabled || not.includes(job.id)) continue;
    try {
      const sessionId = simulator.startFailingSession(job.id).id;
      simulator.advance(10);
      return { jobId: job.id, sessionId };
    } catch {
      // Running already: the next job.
    }
  }
  throw new Error('no idle enabled job');
}

const tokenOf = (position: string | undefined): string | undefined => (JSON.parse(JSON.parse(position!).sessions) as { token?: string }).token;

describe('the alerts watcher on the v8 event feed', () => {
  it('keeps its change token in the store: a restart raises what ended while it was down, and nothing twice', async () => {
    const s = await setup();
    const first = s.watcher();
    first.start();
    await until(() => longPolling(s.simulator), 'a long poll from a change token');
    const one = failSession(s.simulator);
    await until(() => s.store.raised.length === 1, 'the first alert');
    await first.stop();
    const kept = tokenOf(await s.store.position());
    expect(kept).toBeDefined();

    // Ended while no watcher ran: the next one goes on from the kept token and finds it.
    const two = failSession(s.simulator, [one.jobId]);
    s.simulator.resetRequests();
    const second = s.watcher();
    second.start();
    await until(() => s.store.raised.length === 2, 'the second alert');
    expect(s.store.raised.map((raised) => raised.alert.id)).toEqual([`JOB_SESSION_FAILED:${one.sessionId}`, `JOB_SESSION_FAILED:${two.sessionId}`]);
    // Neither repeated (the first session is not raised again, nor read) nor started over from `latest`.
    expect(s.store.raiseCalls).toBe(2);
    const reads = eventReads(s.simulator);
    expect(lower(reads[0]!)).toContain(`from=${kept!.toLowerCase()}`);
    expect(reads.some((request) => /from=latest/.test(lower(request)))).toBe(false);
    expect(s.simulator.requests.some((request) => lower(request) === `/v8/jobsessions/${one.sessionId}`)).toBe(false);
    expect(s.simulator.requests.filter((request) => lower(request) === `/v8/jobsessions/${two.sessionId}`)).toHaveLength(1);
  });

  it('an outdated token starts over from latest and reads the list once since the last known time', async () => {
    const s = await setup();
    const before = Date.now() - 60_000;
    await s.store.setPosition(JSON.stringify({ sessions: JSON.stringify({ after: before, at: [], token: 'b3V0ZGF0ZWQ' }), memory: { offlineSince: {} } }));
    // Ended after the last known time, while the token went out of date.
    const ended = failSession(s.simulator);
    const watcher = s.watcher();
    watcher.start();
    await until(() => s.store.raised.length === 1, 'the alert of the session found by the list');
    await until(() => longPolling(s.simulator) && eventReads(s.simulator).length >= 3, 'a long poll from the new token');
    expect(s.store.raised[0]!.alert.id).toBe(`JOB_SESSION_FAILED:${ended.sessionId}`);
    const paths = s.simulator.requests.map(lower).filter((path) => path.startsWith('/v8/events') || path.startsWith('/v8/jobsessions?'));
    expect(paths[0]).toContain('from=b3v0zgf0zwq');
    expect(paths[1]).toContain('from=latest');
    expect(paths[2]).toContain(`endtimelowerbound=${encodeURIComponent(new Date(before).toISOString()).toLowerCase()}`);
    expect(paths[3]).toMatch(/^\/v8\/events\?from=(?!latest)/);
    expect(paths.filter((path) => path.startsWith('/v8/jobsessions?'))).toHaveLength(1);
    expect(tokenOf(await s.store.position())).not.toBe('b3V0ZGF0ZWQ');
  });

  it('a server that answers 404 on /Events is polled instead, and that is said once', async () => {
    const s = await setup();
    s.simulator.injectFault({ path: /^\/v8\/events$/, status: 404 });
    const watcher = s.watcher();
    watcher.start();
    await until(() => s.simulator.requests.filter((request) => /^\/v8\/jobsessions\?/.test(lower(request))).length >= 2, 'the session list polled');
    const ended = failSession(s.simulator);
    await until(() => s.store.raised.length === 1, 'the alert found by polling');
    const polls = s.simulator.requests.filter((request) => /^\/v8\/jobsessions\?/.test(lower(request)));
    await until(() => s.simulator.requests.filter((request) => /^\/v8\/jobsessions\?/.test(lower(request))).length >= polls.length + 2, 'more polls');
    expect(s.store.raised[0]!.alert.id).toBe(`JOB_SESSION_FAILED:${ended.sessionId}`);
    expect(eventReads(s.simulator)).toHaveLength(1);
    expect(s.missing.count).toBe(1);
  });
});
