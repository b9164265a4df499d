/**
 * The facade process (what `npm start` runs) SIGKILLed after it detected a failed session and
 * wrote its outbox, while the webhook still holds the first delivery open: restarted over the
 * same STATE_DIR, it delivers that alert once, and never raises a second one for the session.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_USERS, startSimulator, type RecordedRequest, type Simulator } from '../../src/simulator/index.js';
import { startFacadeProcess, type RunningProcess } from '../helpers/process.js';

const admin = DEMO_USERS[0]!;
const open: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

interface HoldingReceiver {
  origin: string;
  /** Every request's X-Alert-Id and whether it was answered 200 (false: held, never answered). */
  received: { alertId: string; accepted: boolean }[];
  /** From now on answer 200; the held requests' sockets are closed. */
  accept(): void;
  waitFor(count: number): Promise<void>;
  close(): Promise<void>;
}

/** A webhook that holds every request open (no answer) until `accept()`. */
async function startHoldingReceiver(): Promise<HoldingReceiver> {
  const received: HoldingReceiver['received'] = [];
  const held: ServerResponse[] = [];
  const waiters = new Set<() => void>();
  let accepting = false;
  const alertIdOf = (headers: IncomingHttpHeaders) => String(headers['x-alert-id']);
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push({ alertId: alertIdOf(req.headers), accepted: accepting });
      if (accepting) res.writeHead(200).end('ok');
      else held.push(res);
      for (const waiter of [...waiters]) waiter();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    accept() {
      accepting = true;
      for (const res of held.splice(0)) res.destroy();
    },
    waitFor(count) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the receiver got ${received.length} of ${count} requests`));
        }, 30_000);
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const lower = (request: RecordedRequest) => request.path.toLowerCase();
const longPolls = (simulator: Simulator) => simulator.requests.filter((request) => /^\/v8\/events\?from=(?!latest)/.test(lower(request))).length;

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

describe('the facade process killed between detection and delivery', () => {
  it('restarted over the same STATE_DIR, delivers the alert once and raises none again for the session', async () => {
    const simulator = await startSimulator({ host: '127.0.0.1', port: 0, clock: 'manual' });
    open.push(() => simulator.close());
    const receiver = await startHoldingReceiver();
    open.push(() => receiver.close());
    const dir = mkdtempSync(join(tmpdir(), 'vbm-alerts-process-'));
    open.push(() => rmSync(dir, { recursive: true, force: true }));
    const alertsFile = join(dir, 'alerts.json');
    writeFileSync(alertsFile, JSON.stringify({ targets: [{ name: 'ops', type: 'webhook', url: `${receiver.origin}/hook`, secret: 'process-secret' }], rules: [{ kind: 'jobSessionFailed', targets: ['ops'] }] }));
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      VBM_API_URL: simulator.baseUrl('v8'),
      ALERTS_FILE: alertsFile,
      WATCH_USERNAME: admin.userName,
      WATCH_PASSWORD: admin.password,
      STATE_DIR: join(dir, 'state'),
      ALERT_RETRY_BASE_MS: '10',
      ALERTS_INTERVAL_MS: '200',
    };
    const start = async (): Promise<RunningProcess> => {
      const proc = startFacadeProcess(env);
      open.push(() => {
        if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
      });
      await proc.waitFor(/listening: http:\/\/\S+\/graphql/, 30_000);
      return proc;
    };

    const first = await start();
    await until(() => longPolls(simulator) >= 1, 'the first process long-polling /v8/Events');
    const one = failSession(simulator);
    // The receiver holds the delivery: the alert is detected and in the outbox, not accepted.
    await receiver.waitFor(1);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();

    receiver.accept();
    const polled = longPolls(simulator);
    await start();
    // Redelivered from the outbox, then accepted.
    await until(() => receiver.received.some((r) => r.accepted), 'the redelivery accepted');
    // The next failure is the next wave: by its delivery, the first alert's fate is settled.
    await until(() => longPolls(simulator) > polled, 'the second process long-polling /v8/Events');
    const two = failSession(simulator, [one.jobId]);
    await until(() => receiver.received.some((r) => r.alertId === `JOB_SESSION_FAILED:${two.sessionId}`), 'the second alert');

    const firstId = `JOB_SESSION_FAILED:${one.sessionId}`;
    expect(receiver.received[0]).toEqual({ alertId: firstId, accepted: false });
    expect(receiver.received.filter((r) => r.alertId === firstId && r.accepted)).toHaveLength(1);
    expect(receiver.received.filter((r) => r.accepted).map((r) => r.alertId)).toEqual([firstId, `JOB_SESSION_FAILED:${two.sessionId}`]);
    // The restarted watcher went on from its kept change token, not from `latest`: one `latest` in all (the first start's).
    expect(simulator.requests.filter((request) => /^\/v8\/events\?from=latest/.test(lower(request)))).toHaveLength(1);
  });
});
