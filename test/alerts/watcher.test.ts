/**
 * The alerts watcher on the simulator, with the in-memory store: which alerts it raises and
 * resolves, from where it reads, with which token, and what a restart does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createAlertWatcher, localLeader, type AlertWatcher } from '../../src/alerts/watcher.js';
import { upstreamWatcherApi } from '../../src/alerts/watcher-api.js';
import type { AlertRuleConfig } from '../../src/alerts/types.js';
import { loadConfig, upstreamSettings, VERSION_RECHECK_MS } from '../../src/config.js';
import { DEMO_USERS, ORGANIZATION_IDS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { repositories } from '../../src/simulator/resources/backup-repositories.js';
import { proxies } from '../../src/simulator/resources/proxies.js';
import type { ApiVersion } from '../../src/upstream/api-version.js';
import { createUpstream, type Upstream } from '../../src/upstream/pool.js';
import { createApiVersionState } from '../../src/upstream/version-state.js';
import { createMemoryAlertStore, type MemoryAlertStore } from '../helpers/alert-store.js';

const admin = DEMO_USERS[0]!;
const PUBLIC_URL = new URL('https://facade.example.invalid/');
const MINUTE = 60_000;

interface Setup {
  simulator: Simulator;
  upstream: Upstream;
  store: MemoryAlertStore;
  clock: { now: number };
  watcher(rules: AlertRuleConfig[], options?: { store?: MemoryAlertStore }): AlertWatcher;
}

const open: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

async function setup(version: ApiVersion, simulatorOptions: { tokenLifetimeSeconds?: number; stepMs?: number } = {}): Promise<Setup> {
  const t0 = Date.now();
  const simulator = await startSimulator({ clock: 'manual', now: () => t0, stepMs: 1000, ...simulatorOptions });
  const url = new URL(simulator.baseUrl(version));
  const upstream = createUpstream(upstreamSettings(loadConfig({}), url));
  const versions = createApiVersionState({ url, dispatcher: upstream.dispatcher, timeoutMs: 5_000, recheckMs: VERSION_RECHECK_MS });
  open.push(() => simulator.close(), () => upstream.dispatcher.close());
  const store = createMemoryAlertStore();
  const clock = { now: t0 };
  const watchers: AlertWatcher[] = [];
  open.push(async () => Promise.all(watchers.map((w) => w.stop())));
  return {
    simulator,
    upstream,
    store,
    clock,
    watcher(rules, options = {}) {
      const watcher = createAlertWatcher({
        config: { targets: [], rules },
        store: options.store ?? store,
        api: upstreamWatcherApi(upstream, versions),
        credentials: { username: admin.userName, password: admin.password },
        election: localLeader(),
        publicUrl: PUBLIC_URL,
        now: () => clock.now,
      });
      watchers.push(watcher);
      return watcher;
    },
  };
}

/** Lowercased paths without the version, of the simulator's requests. */
const paths = (simulator: Simulator) => simulator.requests.map((r) => `${r.method} ${r.path.toLowerCase().replace(/^\/v\d+/, '')}`);

/** A session of `jobId` that ends Failed; the clock moves past its end. */
function failSession(setup: Setup, jobId: string): string {
  const session = setup.simulator.startFailingSession(jobId);
  setup.simulator.advance(6);
  setup.clock.now += 10_000;
  return session.id;
}

const fabrikamJob = (simulator: Simulator) => simulator.data.jobs.find((job) => job.organizationId === ORGANIZATION_IDS.fabrikam && job.isEnabled)!;
const contosoJob = (simulator: Simulator) => simulator.data.jobs.find((job) => job.organizationId === ORGANIZATION_IDS.contoso && job.isEnabled)!;

describe.each(['v8', 'v5'] as const)('session rules on %s', (version) => {
  it('a session that ends FAILED raises exactly one alert with its job and organization; sessions ended before the first start raise nothing', async () => {
    const s = await setup(version);
    const rules: AlertRuleConfig[] = [{ kind: 'jobSessionFailed', targets: ['ops'] }, { kind: 'jobSessionWarning', targets: ['ops'] }];
    // The seeded data holds failed and warning sessions, all ended before the watcher started.
    expect(s.simulator.data.sessions.some((session) => session.status === 'Failed')).toBe(true);
    const watcher = s.watcher(rules);
    await watcher.tick();
    expect(s.store.raised).toEqual([]);

    const job = fabrikamJob(s.simulator);
    const sessionId = failSession(s, job.id);
    s.simulator.resetRequests();
    await watcher.tick();
    await watcher.tick();

    expect(s.store.raised).toHaveLength(1);
    const [{ alert, targets }] = s.store.raised as [(typeof s.store.raised)[number]];
    expect(targets).toEqual(['ops']);
    expect(alert).toMatchObject({
      id: `JOB_SESSION_FAILED:${sessionId}`,
      kind: 'JOB_SESSION_FAILED',
      severity: 'CRITICAL',
      state: 'FIRING',
      resolvedAt: null,
      link: `https://facade.example.invalid/dashboard/#/sessions/${sessionId}`,
      subject: {
        type: 'JobSession',
        id: sessionId,
        job: { id: job.id, name: job.name },
        organization: { id: ORGANIZATION_IDS.fabrikam, name: 'fabrikam.onmicrosoft.com' },
      },
    });
    expect(alert.message).toContain(job.name);
    expect(alert.message).toContain('failed');
    // The second tick went on from the stored position: the session was not offered again.
    expect(s.store.raiseCalls).toBe(1);

    // Upstream: no sign-in again (the token is still fresh), every read with the watcher's own token.
    const requests = s.simulator.requests;
    expect(requests.filter((r) => r.path.toLowerCase().endsWith('/token'))).toHaveLength(0);
    const tokens = new Set(requests.map((r) => r.authorization));
    expect(tokens.size).toBe(1);
    expect([...tokens][0]).toMatch(/^Bearer /);
    const sessionReads = paths(s.simulator).filter((p) => p.startsWith('GET /jobsessions?'));
    expect(sessionReads).toHaveLength(2);
    if (version === 'v8') expect(sessionReads.every((p) => p.includes('endtimelowerbound='))).toBe(true);
    else expect(sessionReads.every((p) => p === 'GET /jobsessions?offset=0&limit=100')).toBe(true);
  });

  it('a restart goes on from the stored position: nothing repeated, nothing skipped', async () => {
    const s = await setup(version);
    const rules: AlertRuleConfig[] = [{ kind: 'jobSessionFailed', targets: ['ops'] }];
    const first = s.watcher(rules);
    await first.tick();
    const before = failSession(s, fabrikamJob(s.simulator).id);
    await first.tick();
    await first.stop();

    // While no watcher runs, another session fails.
    const during = failSession(s, contosoJob(s.simulator).id);
    const second = s.watcher(rules);
    await second.tick();
    await second.tick();
    expect(s.store.raised.map((r) => r.alert.id)).toEqual([`JOB_SESSION_FAILED:${before}`, `JOB_SESSION_FAILED:${during}`]);
    expect(s.store.raiseCalls).toBe(2);
  });
});

describe('condition rules', () => {
  it('a repository falling under the threshold fires, and resolves when back above it', async () => {
    const s = await setup('v8');
    const watcher = s.watcher([{ kind: 'repositoryFreeBelow', percent: 5, targets: ['ops'] }]);
    await watcher.tick();
    expect(s.store.raised).toEqual([]);
    const repository = repositories(s.simulator.data).find((r) => r.objectStorage === null)!;

    s.simulator.infrastructure.repositoryFreeBytes.set(repository.id, Math.floor(repository.capacityBytes * 0.02));
    s.clock.now += MINUTE;
    await watcher.tick();
    await watcher.tick();
    expect(s.store.raised).toHaveLength(1);
    const alert = s.store.raised[0]!.alert;
    expect(alert).toMatchObject({
      id: `REPOSITORY_FREE_BELOW:${repository.id}:${new Date(s.clock.now).toISOString()}`,
      kind: 'REPOSITORY_FREE_BELOW',
      severity: 'WARNING',
      subject: { type: 'BackupRepository', id: repository.id, name: repository.name, organization: null, job: null },
      link: 'https://facade.example.invalid/dashboard/#/infrastructure',
    });
    expect(alert.message).toContain('2.0 %');

    s.simulator.infrastructure.repositoryFreeBytes.set(repository.id, repository.capacityBytes);
    s.clock.now += MINUTE;
    await watcher.tick();
    expect(s.store.resolved.map((a) => [a.id, a.state, a.resolvedAt])).toEqual([[alert.id, 'RESOLVED', new Date(s.clock.now).toISOString()]]);

    // Falling again is a new occurrence: a new alert.
    s.simulator.infrastructure.repositoryFreeBytes.set(repository.id, 0);
    s.clock.now += MINUTE;
    await watcher.tick();
    expect(s.store.raised.map((r) => r.alert.id)).toEqual([alert.id, `REPOSITORY_FREE_BELOW:${repository.id}:${new Date(s.clock.now).toISOString()}`]);
  });

  it('jobNotSucceededFor: fires for each enabled job without a success for the hours, resolves when the job succeeds', async () => {
    const HOUR = 3_600_000;
    // One simulated step is an hour: a started session ends 6 hours later.
    const s = await setup('v8', { stepMs: HOUR });
    s.simulator.advance(30);
    s.clock.now += 30 * HOUR;
    const watcher = s.watcher([{ kind: 'jobNotSucceededFor', hours: 26, targets: ['ops'] }]);
    await watcher.tick();
    const { data } = s.simulator;
    const expected = data.jobs.filter((job) => job.isEnabled && data.sessions.some((session) => session.jobId === job.id)).map((job) => job.id);
    expect(expected.length).toBeGreaterThan(1);
    expect(s.store.raised.map((r) => r.alert.subject.id).sort()).toEqual([...expected].sort());
    const job = data.jobs.find((candidate) => candidate.isEnabled && !candidate.workload.warns && expected.includes(candidate.id))!;
    expect(s.store.raised.find((r) => r.alert.subject.id === job.id)?.alert).toMatchObject({
      kind: 'JOB_NOT_SUCCEEDED_FOR',
      severity: 'CRITICAL',
      subject: { type: 'Job', id: job.id, name: job.name, organization: { id: job.organizationId } },
      link: `https://facade.example.invalid/dashboard/#/jobs/${job.id}`,
    });

    // The job runs and succeeds: its alert resolves, the others stay.
    const admin = s.simulator.issueToken('admin');
    expect((await fetch(`${s.simulator.baseUrl('v8')}/jobs/${job.id}/start`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } })).status).toBeLessThan(300);
    s.simulator.advance(6);
    s.clock.now += 6 * HOUR;
    await watcher.tick();
    expect(s.store.resolved.map((a) => a.subject.id)).toEqual([job.id]);
    expect((await s.store.firing()).length).toBe(expected.length - 1);
  });

  it('license: fires within the days before expiry and above the used share, not otherwise', async () => {
    const s = await setup('v7');
    const quiet = s.watcher([{ kind: 'licenseExpiresWithin', days: 30, targets: ['ops'] }, { kind: 'licenseUsedAbove', percent: 100, targets: ['ops'] }]);
    await quiet.tick();
    expect(s.store.raised).toEqual([]);
    // Both rules read the license through one evaluation's loaders: one request.
    expect(paths(s.simulator).filter((p) => p === 'GET /license')).toHaveLength(1);

    // The simulator's license expires 240 days after the newest backup, and has users licensed.
    const store = createMemoryAlertStore();
    const loud = s.watcher([{ kind: 'licenseExpiresWithin', days: 365, targets: ['ops'] }, { kind: 'licenseUsedAbove', percent: 0, targets: ['chat'] }], { store });
    await loud.tick();
    await loud.tick();
    expect(store.raised.map((r) => [r.alert.kind, r.alert.severity, r.alert.subject.type, r.alert.subject.id, r.targets])).toEqual([
      ['LICENSE_EXPIRES_WITHIN', 'CRITICAL', 'License', 'license', ['ops']],
      ['LICENSE_USED_ABOVE', 'WARNING', 'License', 'license', ['chat']],
    ]);
    expect(store.raised[0]!.alert.message).toMatch(/expires on .* in 2\d\d days/);
  });

  it('a proxy offline for the configured minutes fires; back online it resolves', async () => {
    const s = await setup('v8');
    const offline = proxies(s.simulator.data).find((p) => p.status === 'Offline')!;
    const watcher = s.watcher([{ kind: 'proxyOffline', minutes: 10, targets: ['ops'] }]);
    await watcher.tick();
    s.clock.now += 9 * MINUTE;
    await watcher.tick();
    expect(s.store.raised).toEqual([]);
    s.clock.now += MINUTE;
    await watcher.tick();
    expect(s.store.raised.map((r) => r.alert)).toMatchObject([{ kind: 'PROXY_OFFLINE', severity: 'CRITICAL', subject: { type: 'Proxy', id: offline.id, name: offline.hostName } }]);

    s.simulator.infrastructure.proxyStatus.set(offline.id, 'Online');
    await watcher.tick();
    expect(s.store.resolved.map((a) => a.subject.id)).toEqual([offline.id]);
  });

  it('serverUnhealthy reads /Health on v8 (fires, resolves) and nothing on v7', async () => {
    const s = await setup('v8');
    const watcher = s.watcher([{ kind: 'serverUnhealthy', targets: ['ops'] }]);
    await watcher.tick();
    s.simulator.infrastructure.health = 'Unhealthy';
    await watcher.tick();
    expect(s.store.raised.map((r) => r.alert)).toMatchObject([{ kind: 'SERVER_UNHEALTHY', severity: 'CRITICAL', subject: { type: 'Server', id: 'server' } }]);
    expect(s.store.raised[0]!.alert.message).toContain('PostgreSQL');
    s.simulator.infrastructure.health = 'Healthy';
    await watcher.tick();
    expect(s.store.resolved).toHaveLength(1);
    expect(paths(s.simulator).filter((p) => p === 'GET /health')).toHaveLength(3);

    const old = await setup('v7');
    old.simulator.infrastructure.health = 'Unhealthy';
    await old.watcher([{ kind: 'serverUnhealthy', targets: ['ops'] }]).tick();
    expect(old.store.raised).toEqual([]);
    expect(paths(old.simulator).filter((p) => p.includes('health'))).toEqual([]);
  });
});
