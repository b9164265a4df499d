/**
 * One watcher per server (fake elections, fake timers, stub data sources per server): the same
 * session GUID on two servers is two alerts, each server's lease is its own (replicas split the
 * servers, and one takes over a dead replica's server from that server's position), and a watcher
 * resolves only its own server's conditions.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BackupApi } from '../../src/datasource/backup-api.js';
import type { LeaderElection } from '../../src/live/hub.js';
import type { JobModel, JobSessionModel, OrganizationModel } from '../../src/model.js';
import { createAlertWatcher, watcherLease, type AlertWatcher, type WatcherApi } from '../../src/alerts/watcher.js';
import type { Alert, AlertRuleConfig } from '../../src/alerts/types.js';
import { createMemoryAlertStore, type MemoryAlertStore } from '../helpers/alert-store.js';

/** Leases in memory on the (fake) clock, one holder per key until its lease runs out, as the Redis leases behave. */
function fakeElection(now: () => number) {
  const holders = new Map<string, { replica: string; until: number }>();
  const calls: string[] = [];
  return {
    calls,
    holder: (key: string) => {
      const held = holders.get(key);
      return held && held.until > now() ? held.replica : undefined;
    },
    forReplica(replica: string): LeaderElection & { crash(): void } {
      let crashed = false;
      return {
        async tryLead(key, ttlMs) {
          calls.push(`${replica} tryLead ${key}`);
          const held = holders.get(key);
          if (held && held.until > now() && held.replica !== replica) return false;
          holders.set(key, { replica, until: now() + ttlMs });
          return true;
        },
        async renew(key, ttlMs) {
          calls.push(`${replica} renew ${key}`);
          const held = holders.get(key);
          if (held?.replica !== replica || held.until <= now()) return false;
          held.until = now() + ttlMs;
          return true;
        },
        async release(key) {
          if (!crashed && holders.get(key)?.replica === replica) holders.delete(key);
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

const failed = (id: string, endMs: number): JobSessionModel =>
  ({ id, status: 'FAILED', statusText: 'Failed', creationTime: new Date(endMs - 5_000).toISOString(), endTime: new Date(endMs).toISOString(), willBeRetried: false, details: null, links: {} }) as unknown as JobSessionModel;

interface Counts {
  api: number;
  signIns: number;
}

/** One server's stub data source over its ended sessions, its own token; counts what one replica asked it. */
function serverApi(server: string, sessions: JobSessionModel[], counts: Counts): WatcherApi {
  const token = `${server}-watcher-token`;
  return (bearer) => {
    counts.api++;
    return {
      version: 'v8',
      async createToken() {
        counts.signIns++;
        return { access_token: token, token_type: 'bearer', expires_in: 3600, refresh_token: `${server}-refresh` };
      },
      async jobSessions() {
        // Only this server's own token ever reaches it.
        expect(bearer).toBe(token);
        return { items: [...sessions].reverse(), offset: 0, hasNextPage: false, totalCount: null };
      },
      jobOf: async () => job,
      organizationOf: async () => organization,
      list: async () => [],
    } as unknown as BackupApi;
  };
}

const SESSION_RULES: AlertRuleConfig[] = [{ kind: 'jobSessionFailed', targets: ['ops'] }];
const PUBLIC_URL = new URL('https://facade.example.invalid/');

describe('one watcher per server', () => {
  const watchers: AlertWatcher[] = [];
  afterEach(async () => {
    for (const watcher of watchers.splice(0)) await watcher.stop();
    vi.useRealTimers();
  });

  function watcher(options: { server: string; api: WatcherApi; store: MemoryAlertStore; election: LeaderElection; rules?: AlertRuleConfig[] }): AlertWatcher {
    const made = createAlertWatcher({
      config: { targets: [], rules: options.rules ?? SESSION_RULES },
      store: options.store,
      api: options.api,
      credentials: { username: 'watcher', password: 'secret' },
      server: options.server,
      nameServer: true,
      election: options.election,
      publicUrl: PUBLIC_URL,
      intervalMs: 1_000,
      leaseMs: 3_000,
    });
    watchers.push(made);
    return made;
  }

  it('the same session GUID failing on two servers is two alerts, each naming its server; each server keeps its own position', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-03-01T10:00:00Z') });
    const election = fakeElection(() => Date.now()).forReplica('a');
    const store = createMemoryAlertStore();
    const sessions = { eu1: [] as JobSessionModel[], us1: [] as JobSessionModel[] };
    const counts = { eu1: { api: 0, signIns: 0 }, us1: { api: 0, signIns: 0 } };
    const eu = watcher({ server: 'eu1', api: serverApi('eu1', sessions.eu1, counts.eu1), store, election });
    const us = watcher({ server: 'us1', api: serverApi('us1', sessions.us1, counts.us1), store, election });
    eu.start();
    us.start();
    await vi.advanceTimersByTimeAsync(0);
    const guid = 'aaaaaaaa-0000-4000-8000-000000000001';
    sessions.eu1.push(failed(guid, Date.now() + 500));
    sessions.us1.push(failed(guid, Date.now() + 700));
    await vi.advanceTimersByTimeAsync(1_000);

    expect(store.raised.map(({ alert }) => [alert.id, alert.server, alert.link])).toEqual([
      [`JOB_SESSION_FAILED:eu1:${guid}`, 'eu1', `https://facade.example.invalid/dashboard/#/s/eu1/session/${guid}`],
      [`JOB_SESSION_FAILED:us1:${guid}`, 'us1', `https://facade.example.invalid/dashboard/#/s/us1/session/${guid}`],
    ]);
    expect(counts.eu1.signIns).toBe(1);
    expect(counts.us1.signIns).toBe(1);
    // Two positions, one per server; nothing stored under the default server.
    const positionOf = async (server?: string) => JSON.parse(JSON.parse((await store.position(server))!).sessions) as { after: number };
    expect((await positionOf('eu1')).after).toBe(Date.parse(sessions.eu1[0]!.endTime!));
    expect((await positionOf('us1')).after).toBe(Date.parse(sessions.us1[0]!.endTime!));
    expect(await store.position()).toBeUndefined();
  });

  it('replicas hold per-server leases: each server is watched by one replica, none twice; a dead replica\'s server is taken over from its position', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-03-01T10:00:00Z') });
    const election = fakeElection(() => Date.now());
    const store = createMemoryAlertStore();
    const sessions = { eu1: [] as JobSessionModel[], us1: [] as JobSessionModel[] };
    const counts = {
      a: { eu1: { api: 0, signIns: 0 }, us1: { api: 0, signIns: 0 } },
      b: { eu1: { api: 0, signIns: 0 }, us1: { api: 0, signIns: 0 } },
    };
    const electionA = election.forReplica('a');
    const electionB = election.forReplica('b');
    const make = (replica: 'a' | 'b', server: 'eu1' | 'us1') =>
      watcher({ server, api: serverApi(server, sessions[server], counts[replica][server]), store, election: replica === 'a' ? electionA : electionB });
    // Each watcher keeps its own schedule: whoever asks first for a server's lease watches it.
    const aEu = make('a', 'eu1');
    const bUs = make('b', 'us1');
    const aUs = make('a', 'us1');
    const bEu = make('b', 'eu1');
    for (const started of [aEu, bUs]) started.start();
    await vi.advanceTimersByTimeAsync(0);
    for (const started of [aUs, bEu]) started.start();
    await vi.advanceTimersByTimeAsync(0);
    expect([aEu.leading, aUs.leading, bEu.leading, bUs.leading]).toEqual([true, false, false, true]);
    expect(election.holder(watcherLease('eu1', true))).toBe('a');
    expect(election.holder(watcherLease('us1', true))).toBe('b');

    sessions.eu1.push(failed('e-1', Date.now() + 100));
    sessions.us1.push(failed('u-1', Date.now() + 200));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(store.raised.map(({ alert }) => alert.id).sort()).toEqual(['JOB_SESSION_FAILED:eu1:e-1', 'JOB_SESSION_FAILED:us1:u-1']);
    // The replica not holding a server's lease made no request to it and never signed in there.
    expect(counts.a.us1).toEqual({ api: 0, signIns: 0 });
    expect(counts.b.eu1).toEqual({ api: 0, signIns: 0 });

    // Replica a dies holding eu1's lease; b takes eu1 once the lease ran out and reads on from eu1's position.
    electionA.crash();
    await aEu.stop();
    await aUs.stop();
    sessions.eu1.push(failed('e-2', Date.now() + 100));
    await vi.advanceTimersByTimeAsync(4_000);
    expect(bEu.leading).toBe(true);
    expect(store.raised.map(({ alert }) => alert.id).sort()).toEqual(['JOB_SESSION_FAILED:eu1:e-1', 'JOB_SESSION_FAILED:eu1:e-2', 'JOB_SESSION_FAILED:us1:u-1']);
    // e-1 was not offered again: every raise recorded something.
    expect(store.raiseCalls).toBe(3);
    expect(counts.b.eu1.signIns).toBe(1);
    // Every lease asked for names its server.
    expect(new Set(election.calls.map((call) => call.split(' ')[2]))).toEqual(new Set(['alerts:watcher:eu1', 'alerts:watcher:us1']));
  });

  it('a watcher resolves only its own server\'s conditions: another server\'s firing repository alert stays firing', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-03-01T10:00:00Z') });
    const store = createMemoryAlertStore();
    const usRepository: Alert = {
      id: 'REPOSITORY_FREE_BELOW:us1:repo-1:2026-03-01T09:00:00.000Z',
      server: 'us1',
      kind: 'REPOSITORY_FREE_BELOW',
      severity: 'WARNING',
      state: 'FIRING',
      subject: { type: 'BackupRepository', id: 'repo-1', name: 'Repo', organization: null, job: null },
      message: 'Low.',
      raisedAt: '2026-03-01T09:00:00.000Z',
      resolvedAt: null,
      link: null,
    };
    const euRepository: Alert = { ...usRepository, id: 'REPOSITORY_FREE_BELOW:eu1:repo-1:2026-03-01T09:00:00.000Z', server: 'eu1' };
    await store.raise(usRepository, ['ops']);
    await store.raise(euRepository, ['ops']);
    const eu = watcher({
      server: 'eu1',
      api: serverApi('eu1', [], { api: 0, signIns: 0 }),
      store,
      election: fakeElection(() => Date.now()).forReplica('a'),
      rules: [{ kind: 'repositoryFreeBelow', percent: 10, targets: ['ops'] }],
    });
    await eu.tick();
    // eu1 has no repository under the threshold: its own alert resolves; us1's (same repository id) is not eu1's to resolve.
    expect(store.resolved.map((alert) => alert.id)).toEqual([euRepository.id]);
    expect((await store.firing()).map((alert) => alert.id)).toEqual([usRepository.id]);
  });
});
