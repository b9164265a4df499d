/**
 * Two replicas of the app over one Redis (REDIS_URL) and one backup server: one watcher leads,
 * the store dedupes, one replica delivers; a failed session reaches each target exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertsConfig } from '../../src/alerts/types.js';
import { loadConfig, type Config } from '../../src/config.js';
import { DEMO_USERS, type RecordedRequest, type Simulator } from '../../src/simulator/index.js';
import { buildYoga } from '../../src/yoga.js';
import { HARNESS_DEFAULTS, startHarness, type Harness } from '../helpers/harness.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { ensureServices, startRedisServer, type RedisServer } from '../scale-out/services.js';

const admin = DEMO_USERS[0]!;
let redis: RedisServer;
let receiver: Receiver;
let h: Harness;
let second: ReturnType<typeof buildYoga>;

beforeAll(async () => {
  ensureServices();
  redis = await startRedisServer();
  receiver = await startReceiver();
  const alerts: AlertsConfig = {
    targets: [
      { name: 'ops', type: 'webhook', url: new URL(`${receiver.origin}/webhook`), secret: 'replica-secret' },
      { name: 'chat', type: 'slack', url: new URL(`${receiver.origin}/slack`) },
      { name: 'teams', type: 'teams', url: new URL(`${receiver.origin}/teams`) },
    ],
    rules: [{ kind: 'jobSessionFailed', targets: ['ops', 'chat', 'teams'] }],
  };
  const config: Partial<Config> = {
    redisUrl: redis.url,
    alerts,
    watchUsername: admin.userName,
    watchPassword: admin.password,
    alertRetryBaseMs: 5,
    alertsIntervalMs: 200,
  };
  h = await startHarness({ version: 'v8', simulator: { clock: 'manual' }, config });
  second = buildYoga({ config: { ...loadConfig({}), ...HARNESS_DEFAULTS, ...config }, upstreamUrl: new URL(h.simulator.baseUrl('v8')) });
});

afterAll(async () => {
  await second?.dispose();
  await h?.close();
  await receiver?.close();
  await redis?.stop();
});

const lower = (request: RecordedRequest) => request.path.toLowerCase();

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never: ${what}`);
}

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

describe('two replicas over Redis', () => {
  it('one failed session is delivered exactly once to each target', async () => {
    const simulator = h.simulator;
    await until(() => simulator.requests.some((request) => /^\/v8\/events\?from=(?!latest)/.test(lower(request))), 'the leader long-polling /v8/Events');
    const one = failSession(simulator);
    for (const path of ['/webhook', '/slack', '/teams']) await receiver.waitFor(path, 1);
    const two = failSession(simulator, [one.jobId]);
    for (const path of ['/webhook', '/slack', '/teams']) {
      await receiver.waitFor(path, 2);
      expect(receiver.at(path).map((r) => r.headers['x-alert-id'])).toEqual([`JOB_SESSION_FAILED:${one.sessionId}`, `JOB_SESSION_FAILED:${two.sessionId}`]);
    }
    // The session was found by the feed (the lease may change hands on a busy machine, the store dedupes).
    expect(simulator.requests.some((request) => lower(request) === `/v8/jobsessions/${one.sessionId}`)).toBe(true);
    expect(simulator.requests.some((request) => /^\/v8\/jobsessions\?/.test(lower(request)) && request.authorization === `Bearer ${h.adminToken}`)).toBe(false);
  });
});
