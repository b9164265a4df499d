/**
 * Alerts over three backup servers (eu1 v8, us1 v7, apac1 v6) through the whole app: one
 * watcher per server, each signing in to its own server only (WATCH_USERNAME/WATCH_PASSWORD, or
 * the server's own account in ALERTS_FILE), on that server's machinery; the real file store
 * under a temp STATE_DIR and real delivery to a loopback receiver. What reaches the receiver,
 * and what each simulator's request log holds (paths, tokens).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, AlertsConfig, AlertServerAccount } from '../../src/alerts/types.js';
import { createMetrics, type Metrics } from '../../src/observability/metrics.js';
import type { RecordedRequest, Simulator } from '../../src/simulator/index.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { SERVERS, startServersHarness, type ServerName, type ServersHarness } from '../servers/servers-harness.js';
import { memoryLogger } from './fixtures.js';

const open: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

const eu = SERVERS[0].user;
const own = (name: ServerName, password?: string): AlertServerAccount => {
  const user = SERVERS.find((server) => server.name === name)!.user;
  return { name, username: user.userName, password: password ?? user.password };
};

interface App {
  h: ServersHarness;
  receiver: Receiver;
  log: ReturnType<typeof memoryLogger>;
  metrics: Metrics;
}

/**
 * The facade over the three simulators with ALERTS_FILE: WATCH_USERNAME/WATCH_PASSWORD are eu1's
 * admin, us1 and apac1 have their own accounts in ALERTS_FILE (each server its own users).
 */
async function startApp(accounts: AlertServerAccount[]): Promise<App> {
  const stateDir = mkdtempSync(join(tmpdir(), 'vbm-alerts-servers-'));
  open.push(() => rmSync(stateDir, { recursive: true, force: true }));
  const receiver = await startReceiver();
  open.push(() => receiver.close());
  // A step of a started session is a minute of the simulators' clock: a failure ends well after the watchers' start.
  const h = await startServersHarness({ simulator: { clock: 'manual', stepMs: 60_000 } });
  open.push(() => h.close());
  const alerts: AlertsConfig = {
    targets: [
      { name: 'ops', type: 'webhook', url: new URL(`${receiver.origin}/webhook`) },
      { name: 'chat', type: 'slack', url: new URL(`${receiver.origin}/slack`) },
    ],
    rules: [{ kind: 'jobSessionFailed', targets: ['ops', 'chat'] }],
    servers: accounts,
  };
  const log = memoryLogger();
  const metrics = createMetrics();
  await h.replica({
    logger: log.logger,
    metrics,
    config: {
      alerts,
      watchUsername: eu.userName,
      watchPassword: eu.password,
      stateDir,
      alertRetryBaseMs: 5,
      alertsIntervalMs: 100,
      publicUrl: new URL('https://facade.example.invalid/'),
    },
  });
  return { h, receiver, log, metrics };
}

const lower = (request: RecordedRequest) => request.path.toLowerCase();
const signIns = (requests: readonly RecordedRequest[]) => requests.filter((r) => r.method === 'POST' && /^\/v\d\/token$/.test(lower(r)));

/** What shows each server's watcher at work: eu1 long-polls its event feed from a change token, us1 and apac1 poll their session list. */
const WATCHING: Record<ServerName, (request: RecordedRequest) => boolean> = {
  eu1: (r) => /^\/v8\/events\?/.test(lower(r)) && !/from=latest/.test(lower(r)) && /timeoutseconds=[1-9]/.test(lower(r)),
  us1: (r) => /^\/v7\/jobsessions\?.*endtimelowerbound=/.test(lower(r)),
  apac1: (r) => /^\/v6\/jobsessions\?.*endtimelowerbound=/.test(lower(r)),
};

/** The alert metrics' series, sorted, once `done` holds for them (deliveries are counted after the target answered). */
async function alertSeries(metrics: Metrics, done: (series: string[]) => boolean): Promise<string[]> {
  let series: string[] = [];
  for (let i = 0; i < 600; i++) {
    const text = await metrics.registry.metrics();
    series = text.split('\n').filter((line) => /^alert(s_raised|_deliveries)_total\{/.test(line)).sort();
    if (done(series)) return series;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the alert metrics never got there: ${series.join('; ')}`);
}

/** Waits (bounded) until the simulator has received a request matching `test`. */
async function untilRequest(simulator: Simulator, test: (request: RecordedRequest) => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (simulator.requests.some(test)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the simulator never received ${what}`);
}

/** A session of an enabled, idle job that ends Failed at once (the manual clock moves it to its end). */
function failSession(simulator: Simulator): string {
  for (const job of simulator.data.jobs) {
    if (!job.isEnabled) continue;
    try {
      const id = simulator.startFailingSession(job.id).id;
      simulator.advance(10);
      return id;
    } catch {
      // Running already: the next job.
    }
  }
  throw new Error('no idle enabled job');
}

describe('alerts over three servers', () => {
  it('a failure on each server raises one alert naming its server, found by the watcher signed in to that server only', async () => {
    const { h, receiver, metrics } = await startApp([own('us1'), own('apac1')]);
    for (const server of SERVERS) await untilRequest(h.simulators[server.name], WATCHING[server.name], `${server.name}'s watcher reading`);
    const failed: Record<ServerName, string> = { eu1: failSession(h.simulators.eu1), us1: failSession(h.simulators.us1), apac1: '' };
    await receiver.waitFor('/webhook', 2);
    // The next wave: by the time apac1's arrives, eu1's and us1's were sent once each.
    failed.apac1 = failSession(h.simulators.apac1);
    await receiver.waitFor('/webhook', 3);
    await receiver.waitFor('/slack', 3);

    const alerts = receiver.at('/webhook').map((request) => request.json as Alert);
    expect(alerts.map((alert) => alert.server).sort()).toEqual(['apac1', 'eu1', 'us1']);
    for (const alert of alerts) {
      const sessionId = failed[alert.server as ServerName];
      expect(alert).toMatchObject({
        id: `JOB_SESSION_FAILED:${alert.server}:${sessionId}`,
        server: alert.server,
        kind: 'JOB_SESSION_FAILED',
        subject: { type: 'JobSession', id: sessionId },
        link: `https://facade.example.invalid/dashboard/#/s/${alert.server}/session/${sessionId}`,
      });
    }
    expect(receiver.at('/webhook').map((request) => request.headers['x-alert-id']).sort()).toEqual(alerts.map((alert) => alert.id).sort());
    // Slack names the server in the notification's text and in a field.
    for (const request of receiver.at('/slack')) {
      const server = alerts.find((alert) => request.headers['x-alert-id'] === alert.id)!.server;
      expect((request.json as { text: string }).text).toContain(`JOB_SESSION_FAILED on ${server}`);
      expect(JSON.stringify(request.json)).toContain(`*Server*\\n${server}`);
    }

    // The alert metrics count each server's alert and deliveries under its configured name.
    const series = await alertSeries(metrics, (lines) => lines.filter((line) => line.startsWith('alert_deliveries_total')).length === 6);
    expect(series).toEqual(
      [
        ...SERVERS.map(({ name }) => `alerts_raised_total{server="${name}",kind="JOB_SESSION_FAILED"} 1`),
        ...SERVERS.flatMap(({ name }) => ['chat', 'ops'].map((target) => `alert_deliveries_total{server="${name}",target="${target}",outcome="delivered"} 1`)),
      ].sort(),
    );

    // Each simulator: its own watcher's one sign-in, then only reads of its version with the token it issued.
    const tokens = new Map<ServerName, string>();
    for (const { name, version } of SERVERS) {
      const requests = h.calls(name);
      expect(signIns(requests).map((r) => [r.path.toLowerCase(), r.status, r.authorization])).toEqual([[`/${version}/token`, 200, undefined]]);
      expect(requests.every((r) => lower(r).startsWith(`/${version}/`))).toBe(true);
      expect(requests.every((r) => r.requestId?.startsWith('alerts-'))).toBe(true);
      const used = new Set(requests.filter((r) => r.method === 'GET').map((r) => r.authorization));
      expect(used.size).toBe(1);
      tokens.set(name, [...used][0]!);
    }
    // No token of one server ever reached another.
    expect(new Set(tokens.values()).size).toBe(3);
    for (const { name } of SERVERS) {
      for (const [other, token] of tokens) if (other !== name) expect(h.calls(name).some((r) => r.authorization === token)).toBe(false);
    }
  });

  it('a server that refuses its watcher\'s sign-in and a server stopped leave the other server\'s watcher raising', async () => {
    const { h, receiver, log } = await startApp([own('us1'), own('apac1', 'not-the-password')]);
    await untilRequest(h.simulators.eu1, WATCHING.eu1, "eu1's watcher following its feed");
    await untilRequest(h.simulators.us1, WATCHING.us1, "us1's watcher reading");
    await untilRequest(h.simulators.apac1, (r) => r.method === 'POST' && r.status === 400, "apac1's refusal of the sign-in (invalid_grant)");
    await h.simulators.us1.close();

    const sessionId = failSession(h.simulators.eu1);
    const [webhook] = await receiver.waitFor('/webhook', 1);
    expect(webhook!.json).toMatchObject({ id: `JOB_SESSION_FAILED:eu1:${sessionId}`, server: 'eu1' });

    // apac1 saw sign-ins only, each refused, and no read; its password never reached the log.
    const apac = h.calls('apac1');
    expect(apac.length).toBeGreaterThan(0);
    expect(apac.every((r) => r.method === 'POST' && lower(r) === '/v6/token' && r.status === 400 && r.authorization === undefined)).toBe(true);
    expect(log.text()).not.toContain('not-the-password');
    expect(log.text()).not.toContain(eu.password);
    expect(log.lines.some((line) => line.includes('"server":"apac1"') && line.includes('alerts watcher'))).toBe(true);
    // eu1's watcher signed in once and read with its own token all along.
    expect(signIns(h.calls('eu1'))).toHaveLength(1);
    expect(new Set(h.calls('eu1').filter((r) => r.method === 'GET').map((r) => r.authorization)).size).toBe(1);
  });
});
