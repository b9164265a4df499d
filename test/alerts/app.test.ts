/**
 * Alerts through the whole app: `buildYoga` with ALERTS_FILE's config over the simulator, the
 * real file store under a temp STATE_DIR and real delivery to loopback receivers. What reaches
 * each receiver (count, body, signature), and which upstream calls the watcher made with which
 * token.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, AlertRuleConfig, AlertsConfig } from '../../src/alerts/types.js';
import type { Config } from '../../src/config.js';
import { DEMO_USERS, type RecordedRequest, type Simulator } from '../../src/simulator/index.js';
import { repositories } from '../../src/simulator/resources/backup-repositories.js';
import type { ApiVersion } from '../../src/upstream/api-version.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { startReceiver, type Receiver, type Received } from '../helpers/receiver.js';

const admin = DEMO_USERS[0]!;
const SECRET = 'app-test-secret';

const open: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

/** The three target types on one receiver, and the config of ALERTS_FILE naming them. */
function alertsConfig(receiver: Receiver, rules: AlertRuleConfig[]): AlertsConfig {
  return {
    targets: [
      { name: 'ops', type: 'webhook', url: new URL(`${receiver.origin}/webhook`), secret: SECRET },
      { name: 'chat', type: 'slack', url: new URL(`${receiver.origin}/slack`) },
      { name: 'teams', type: 'teams', url: new URL(`${receiver.origin}/teams`) },
    ],
    rules,
  };
}

const SESSION_RULES: AlertRuleConfig[] = [{ kind: 'jobSessionFailed', targets: ['ops', 'chat', 'teams'] }];

interface App {
  harness: Harness;
  simulator: Simulator;
  receiver: Receiver;
  stateDir: string;
}

async function startApp(version: ApiVersion, rules: AlertRuleConfig[], config: Partial<Config> = {}, receiver?: Receiver): Promise<App> {
  const stateDir = mkdtempSync(join(tmpdir(), 'vbm-alerts-app-'));
  open.push(() => rmSync(stateDir, { recursive: true, force: true }));
  const target = receiver ?? (await startReceiver());
  if (!receiver) open.push(() => target.close());
  const harness = await startHarness({
    version,
    simulator: { clock: 'manual', stepMs: 1000 },
    config: {
      alerts: alertsConfig(target, rules),
      watchUsername: admin.userName,
      watchPassword: admin.password,
      stateDir,
      alertRetryBaseMs: 5,
      alertsIntervalMs: 100,
      publicUrl: new URL('https://facade.example.invalid/'),
      ...config,
    },
  });
  open.push(() => harness.close());
  return { harness, simulator: harness.simulator, receiver: target, stateDir };
}

/** Waits (bounded) until the simulator has received a request matching `test`. */
async function untilRequest(simulator: Simulator, test: (request: RecordedRequest) => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (simulator.requests.some(test)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the simulator never received ${what}`);
}

const lower = (request: RecordedRequest) => request.path.toLowerCase();
/** A long poll of the event feed from a change token (the watcher knows its place). */
const longPoll = (request: RecordedRequest) => /^\/v8\/events\?/.test(lower(request)) && !/from=latest/.test(lower(request)) && /timeoutseconds=[1-9]/.test(lower(request));

/** The token the watcher signed in with: the one the simulator issued for its POST /token. */
function watcherTokens(simulator: Simulator, callerTokens: string[]): Set<string> {
  const used = new Set(simulator.requests.map((request) => request.authorization).filter((value): value is string => value !== undefined));
  for (const token of callerTokens) used.delete(`Bearer ${token}`);
  return used;
}

type Job = Simulator['data']['jobs'][number];

/**
 * A failing session of an enabled job with none running (the seed leaves some running), other
 * than `not`; it ends at once (the manual clock moves it to its end).
 */
function failSession(simulator: Simulator, not: readonly string[] = []): { job: Job; sessionId: string } {
  for (const job of simulator.data.jobs) {
    if (!job.isEnabled || not.includes(job.id)) continue;
    let sessionId: string;
    try {
      sessionId = simulator.startFailingSession(job.id).id;
    } catch {
      continue;
    }
    simulator.advance(10);
    return { job, sessionId };
  }
  throw new Error('no idle enabled job');
}

const alertIds = (received: readonly Received[]) => received.map((request) => request.headers['x-alert-id']);

function expectSigned(request: Received): void {
  const expected = `sha256=${createHmac('sha256', SECRET).update(request.body).digest('hex')}`;
  expect(request.headers['x-signature-256']).toBe(expected);
}

describe('alerts through the app', () => {
  it('v8: a session that ends FAILED reaches the webhook, Slack and Teams once each, found by the event feed with the watcher\'s own token', async () => {
    const { harness, simulator, receiver } = await startApp('v8', SESSION_RULES);
    // The watcher knows its place in the feed once it long-polls from a change token.
    await untilRequest(simulator, longPoll, 'a long poll of /v8/Events');
    const { job, sessionId } = failSession(simulator);

    const [webhook] = await receiver.waitFor('/webhook', 1);
    const [slack] = await receiver.waitFor('/slack', 1);
    const [teams] = await receiver.waitFor('/teams', 1);
    const alert = webhook!.json as Alert;
    expect(alert).toMatchObject({
      id: `JOB_SESSION_FAILED:${sessionId}`,
      kind: 'JOB_SESSION_FAILED',
      severity: 'CRITICAL',
      state: 'FIRING',
      subject: { type: 'JobSession', id: sessionId, job: { id: job.id, name: job.name }, organization: { id: job.organizationId } },
      link: `https://facade.example.invalid/dashboard/#/sessions/${sessionId}`,
    });
    expect(webhook!.headers['x-alert-id']).toBe(alert.id);
    expectSigned(webhook!);
    expect(slack!.json).toMatchObject({ blocks: expect.any(Array), text: expect.stringContaining(job.name) });
    expect((teams!.json as { attachments: { contentType: string; content: { type: string } }[] }).attachments[0]).toMatchObject({
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: { type: 'AdaptiveCard' },
    });

    // A second failure is the next wave: by the time it arrives, the first was sent once and only once.
    const { sessionId: secondId } = failSession(simulator, [job.id]);
    await receiver.waitFor('/webhook', 2);
    await receiver.waitFor('/slack', 2);
    await receiver.waitFor('/teams', 2);
    for (const path of ['/webhook', '/slack', '/teams']) {
      expect(alertIds(receiver.at(path))).toEqual([`JOB_SESSION_FAILED:${sessionId}`, `JOB_SESSION_FAILED:${secondId}`]);
    }

    // Upstream: the watcher followed /v8/Events and read each failed session once, all with its own token.
    const requests = simulator.requests;
    const watcher = watcherTokens(simulator, [harness.adminToken, harness.operatorToken]);
    expect(watcher.size).toBe(1);
    const [token] = [...watcher];
    const eventPolls = requests.filter((request) => lower(request).startsWith('/v8/events?'));
    expect(eventPolls.length).toBeGreaterThanOrEqual(2);
    expect(eventPolls.every((request) => request.authorization === token)).toBe(true);
    expect(requests.filter((request) => lower(request) === `/v8/jobsessions/${sessionId}`)).toHaveLength(1);
    expect(requests.filter((request) => lower(request) === `/v8/jobsessions/${secondId}`)).toHaveLength(1);
    // No session list is polled on v8 while the feed answers (only the one read at start, since "now").
    expect(requests.filter((request) => /^\/v8\/jobsessions\?/.test(lower(request)))).toHaveLength(1);
    expect(requests.filter((request) => request.method === 'POST' && lower(request) === '/v8/token')).toHaveLength(1);
    // Every request the app made carried the watcher's token or none (the sign-in): no caller asked anything.
    expect(requests.every((request) => request.authorization === undefined || request.authorization === token)).toBe(true);
  });

  it('v8: a receiver that answers 500 twice gets the alert on the third attempt, once', async () => {
    const receiver = await startReceiver();
    open.push(() => receiver.close());
    receiver.answer('/webhook', [500, 500, 200]);
    const { simulator } = await startApp('v8', [{ kind: 'jobSessionFailed', targets: ['ops'] }], {}, receiver);
    await untilRequest(simulator, longPoll, 'a long poll of /v8/Events');
    const { job, sessionId: first } = failSession(simulator);
    await receiver.waitFor('/webhook', 3);
    const { sessionId: second } = failSession(simulator, [job.id]);
    await receiver.waitFor('/webhook', 4);
    const received = receiver.at('/webhook');
    expect(alertIds(received)).toEqual([`JOB_SESSION_FAILED:${first}`, `JOB_SESSION_FAILED:${first}`, `JOB_SESSION_FAILED:${first}`, `JOB_SESSION_FAILED:${second}`]);
    // The same body each time, signed each time.
    expect(new Set(received.slice(0, 3).map((request) => request.body)).size).toBe(1);
    for (const request of received) expectSigned(request);
  });

  it('v6: the same failure is found by polling the session list, and delivered once to each target', async () => {
    const { harness, simulator, receiver } = await startApp('v6', SESSION_RULES);
    await untilRequest(simulator, (request) => /^\/v6\/jobsessions\?/.test(lower(request)), 'a read of /v6/JobSessions');
    const { job, sessionId } = failSession(simulator);
    const [webhook] = await receiver.waitFor('/webhook', 1);
    expect(webhook!.json).toMatchObject({ id: `JOB_SESSION_FAILED:${sessionId}`, subject: { type: 'JobSession', id: sessionId, job: { id: job.id }, organization: { id: job.organizationId } } });
    expectSigned(webhook!);
    const { sessionId: secondId } = failSession(simulator, [job.id]);
    for (const path of ['/webhook', '/slack', '/teams']) {
      await receiver.waitFor(path, 2);
      expect(alertIds(receiver.at(path))).toEqual([`JOB_SESSION_FAILED:${sessionId}`, `JOB_SESSION_FAILED:${secondId}`]);
    }
    const requests = simulator.requests;
    const watcher = watcherTokens(simulator, [harness.adminToken, harness.operatorToken]);
    expect(watcher.size).toBe(1);
    expect(requests.some((request) => lower(request).startsWith('/v6/events'))).toBe(false);
    const polls = requests.filter((request) => /^\/v6\/jobsessions\?/.test(lower(request)));
    expect(polls.every((request) => /endtimelowerbound=/.test(lower(request)) && request.authorization === [...watcher][0])).toBe(true);
  });

  it('v8: a repository falling under the threshold fires, back above it resolves; both are delivered', async () => {
    const { simulator, receiver } = await startApp('v8', [{ kind: 'repositoryFreeBelow', percent: 5, targets: ['ops'] }]);
    const repository = repositories(simulator.data).find((r) => r.objectStorage === null)!;
    simulator.infrastructure.repositoryFreeBytes.set(repository.id, Math.floor(repository.capacityBytes * 0.02));
    const [fired] = await receiver.waitFor('/webhook', 1);
    expect(fired!.json).toMatchObject({ kind: 'REPOSITORY_FREE_BELOW', state: 'FIRING', subject: { type: 'BackupRepository', id: repository.id } });
    simulator.infrastructure.repositoryFreeBytes.set(repository.id, repository.capacityBytes);
    const [, resolved] = await receiver.waitFor('/webhook', 2);
    expect(resolved!.json).toMatchObject({ id: (fired!.json as Alert).id, state: 'RESOLVED', resolvedAt: expect.any(String) });
    expectSigned(resolved!);
    expect(simulator.requests.some((request) => lower(request).startsWith('/v8/backuprepositories'))).toBe(true);
  });
});
