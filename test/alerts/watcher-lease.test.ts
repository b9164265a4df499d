/**
 * One watcher in the cluster (a fake election, fake timers, a stub data source), and the
 * watcher's own sign-in on the simulator: refreshed before expiry, signed in again on a 401.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BackupApi } from '../../src/datasource/backup-api.js';
import type { LeaderElection } from '../../src/live/hub.js';
import type { JobModel, JobSessionModel, OrganizationModel } from '../../src/model.js';
import { createAlertWatcher, WATCHER_LEASE, type AlertWatcher, type WatcherApi } from '../../src/alerts/watcher.js';
import { upstreamWatcherApi } from '../../src/alerts/watcher-api.js';
import { loadConfig, upstreamSettings, VERSION_RECHECK_MS } from '../../src/config.js';
import { DEMO_USERS, startSimulator } from '../../src/simulator/index.js';
import { createUpstream } from '../../src/upstream/pool.js';
import { createApiVersionState } from '../../src/upstream/version-state.js';
import { createMemoryAlertStore } from '../helpers/alert-store.js';

/** Leases in memory on the (fake) clock, as the Redis leases behave: one holder until its lease runs out. */
function fakeElection(now: () => number) {
  let holder: { replica: string; until: number } | undefined;
  const calls: string[] = [];
  return {
    calls,
    holder: () => (holder && holder.until > now() ? holder.replica : undefined),
    forReplica(replica: string): LeaderElection & { crash(): void } {
      let crashed = false;
      return {
        async tryLead(key, ttlMs) {
          calls.push(`${replica} tryLead ${key}`);
          if (holder && holder.until > now() && holder.replica !== replica) return false;
          holder = { replica, until: now() + ttlMs };
          return true;
        },
        async renew(key, ttlMs) {
          calls.push(`${replica} renew ${key}`);
          if (holder?.replica !== replica || holder.until <= now()) return false;
          holder.until = now() + ttlMs;
          return true;
        },
        async release() {
          // A crashed replica never gets to give its lease up.
          if (!crashed && holder?.replica === replica) holder = undefined;
        },
        crash() {
          crashed = true;
        },
      };
    },
  };
}

const job: JobModel = { id: 'job-1', name: 'Mailboxes', organizationId: 'org-1' } as JobModel;
const organization: OrganizationModel = { id: 'org-1', name: 'contoso.onmicrosoft.com' } as OrganizationModel;

/** A stub data source over a list of ended sessions; counts what each replica asked for. */
function stubApi(sessions: JobSessionModel[], counts: { api: number; signIns: number }): WatcherApi {
  return (token) => {
    counts.api++;
    return {
      version: 'v8',
      async createToken() {
        counts.signIns++;
        return { access_token: 'watcher-token', token_type: 'bearer', expires_in: 3600, refresh_token: 'refresh' };
      },
      async jobSessions() {
        expect(token).toBe('watcher-token');
        return { items: [...sessions].reverse(), offset: 0, hasNextPage: false, totalCount: null };
      },
      jobOf: async () => job,
      organizationOf: async () => organization,
    } as unknown as BackupApi;
  };
}

const failed = (id: string, endMs: number): JobSessionModel =>
  ({ id, status: 'FAILED', statusText: 'Failed', creationTime: new Date(endMs - 5_000).toISOString(), endTime: new Date(endMs).toISOString(), willBeRetried: false, details: null, links: {} }) as unknown as JobSessionModel;

describe('leader election', () => {
  const watchers: AlertWatcher[] = [];
  afterEach(async () => {
    for (const watcher of watchers.splice(0)) await watcher.stop();
    vi.useRealTimers();
  });

  it('only the leader evaluates and raises; a dead leader is replaced within the lease time, which goes on from the stored position', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-03-01T10:00:00Z') });
    const election = fakeElection(() => Date.now());
    const store = createMemoryAlertStore();
    const sessions: JobSessionModel[] = [];
    const counts = { a: { api: 0, signIns: 0 }, b: { api: 0, signIns: 0 } };
    const electionA = election.forReplica('a');
    const make = (replica: 'a' | 'b', leases: LeaderElection) => {
      const watcher = createAlertWatcher({
        config: { targets: [], rules: [{ kind: 'jobSessionFailed', targets: ['ops'] }] },
        store,
        api: stubApi(sessions, counts[replica]),
        credentials: { username: 'watcher', password: 'secret' },
        election: leases,
        intervalMs: 1_000,
        leaseMs: 3_000,
      });
      watchers.push(watcher);
      return watcher;
    };
    const a = make('a', electionA);
    const b = make('b', election.forReplica('b'));
    a.start();
    b.start();
    await vi.advanceTimersByTimeAsync(0);
    expect([a.leading, b.leading]).toEqual([true, false]);

    sessions.push(failed('s1', Date.now() + 500));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(store.raised.map((r) => r.alert.id)).toEqual(['JOB_SESSION_FAILED:s1']);
    expect(store.raised[0]!.alert.subject).toMatchObject({ job: { id: 'job-1', name: 'Mailboxes' }, organization: { id: 'org-1', name: 'contoso.onmicrosoft.com' } });
    // The follower made no upstream request and never signed in.
    expect(counts.b).toEqual({ api: 0, signIns: 0 });
    expect(counts.a.signIns).toBe(1);

    // The leader dies without giving its lease up; its last renewal was just now.
    electionA.crash();
    await a.stop();
    const died = Date.now();
    sessions.push(failed('s2', died + 100));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(election.holder()).toBe('a');
    expect(store.raised).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(Date.now() - died).toBe(3_000);
    expect(b.leading).toBe(true);
    expect(store.raised.map((r) => r.alert.id)).toEqual(['JOB_SESSION_FAILED:s1', 'JOB_SESSION_FAILED:s2']);
    // s1 was not offered again: B read on from the position A stored.
    expect(store.raiseCalls).toBe(2);
    expect(counts.b.signIns).toBe(1);
    expect(election.calls.filter((call) => call.startsWith('b ')).every((call) => call.endsWith(WATCHER_LEASE))).toBe(true);
  });
});

describe('the watcher\'s own sign-in', () => {
  it('signs in through POST /token, refreshes before expiry and signs in again after a 401', async () => {
    const t0 = Date.now();
    const simulator = await startSimulator({ clock: 'manual', now: () => t0, tokenLifetimeSeconds: 120 });
    const url = new URL(simulator.baseUrl('v8'));
    const upstream = createUpstream(upstreamSettings(loadConfig({}), url));
    const versions = createApiVersionState({ url, dispatcher: upstream.dispatcher, timeoutMs: 5_000, recheckMs: VERSION_RECHECK_MS });
    const store = createMemoryAlertStore();
    let now = t0;
    const admin = DEMO_USERS[0]!;
    // Which grant each sign-in used (the simulator keeps no /token bodies).
    const grants: string[] = [];
    const upstreamApi = upstreamWatcherApi(upstream, versions);
    const watcher = createAlertWatcher({
      config: { targets: [], rules: [{ kind: 'jobSessionFailed', targets: ['ops'] }] },
      store,
      api: (token, signal) => {
        const api = upstreamApi(token, signal);
        return {
          ...api,
          createToken: (username, password) => (grants.push('password'), api.createToken(username, password)),
          refreshToken: (refresh) => (grants.push('refresh_token'), api.refreshToken(refresh)),
        };
      },
      credentials: { username: admin.userName, password: admin.password },
      election: { tryLead: async () => true, renew: async () => true, release: async () => undefined },
      now: () => now,
    });
    try {
      const tokenCalls = () => simulator.requests.filter((r) => r.method === 'POST' && r.path.toLowerCase() === '/v8/token');
      const readsWith = () => [...new Set(simulator.requests.filter((r) => r.method === 'GET').map((r) => r.authorization))];
      await watcher.tick();
      await watcher.tick();
      expect(tokenCalls()).toHaveLength(1);
      const first = readsWith();
      expect(first).toHaveLength(1);

      // Two minutes' tokens are renewed after one minute (half their life).
      now += 61_000;
      simulator.resetRequests();
      await watcher.tick();
      expect(tokenCalls()).toHaveLength(1);
      const refreshed = readsWith();
      expect(refreshed).toHaveLength(1);
      expect(refreshed[0]).not.toBe(first[0]);
      expect(grants).toEqual(['password', 'refresh_token']);

      // Revoked on the server: the read answers 401, the watcher signs in and reads again in the same tick.
      simulator.revokeToken(refreshed[0]!.replace(/^Bearer /, ''));
      const failedSession = simulator.startFailingSession(simulator.data.jobs.find((j) => j.isEnabled)!.id);
      simulator.advance(6);
      now += 10_000;
      simulator.resetRequests();
      await watcher.tick();
      expect(simulator.requests.filter((r) => r.status === 401)).toHaveLength(1);
      expect(tokenCalls()).toHaveLength(1);
      expect(store.raised.map((r) => r.alert.id)).toEqual([`JOB_SESSION_FAILED:${failedSession.id}`]);
      expect(grants).toEqual(['password', 'refresh_token', 'password']);
      // The simulator never saw the password in a recorded body, and no read went out without a token.
      expect(simulator.requests.every((r) => r.body === undefined || !r.body.includes(admin.password))).toBe(true);
      expect(simulator.requests.filter((r) => r.method === 'GET').every((r) => r.authorization?.startsWith('Bearer '))).toBe(true);
    } finally {
      await watcher.stop();
      await upstream.dispatcher.close();
      await simulator.close();
    }
  });
});
