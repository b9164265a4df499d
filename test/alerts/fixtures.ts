/** Alerts, a fake clock and a log collector for the alert store and delivery tests. */
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';
import type { DeliveryClock, DeliveryEvent } from '../../src/alerts/delivery.js';
import type { Alert } from '../../src/alerts/types.js';

export const T0 = Date.parse('2026-03-01T10:00:00.000Z');

export function failedSession(sessionId: string, raisedAt = new Date(T0).toISOString()): Alert {
  return {
    id: `JOB_SESSION_FAILED:${sessionId}`,
    server: 'default',
    kind: 'JOB_SESSION_FAILED',
    severity: 'CRITICAL',
    state: 'FIRING',
    subject: { type: 'JobSession', id: sessionId, name: 'Nightly mailboxes', organization: { id: 'org-1', name: 'Contoso' }, job: { id: 'job-1', name: 'Nightly mailboxes' } },
    message: 'The session of job "Nightly mailboxes" ended FAILED.',
    raisedAt,
    resolvedAt: null,
    link: `https://facade.example.invalid/dashboard/#/sessions/${sessionId}`,
  };
}

export function lowRepository(repositoryId: string, raisedAt = new Date(T0).toISOString()): Alert {
  return {
    id: `REPOSITORY_FREE_BELOW:${repositoryId}:1`,
    server: 'default',
    kind: 'REPOSITORY_FREE_BELOW',
    severity: 'WARNING',
    state: 'FIRING',
    subject: { type: 'BackupRepository', id: repositoryId, name: 'Repo A', organization: null, job: null },
    message: 'Repository "Repo A" has 9 % free, below 15 %.',
    raisedAt,
    resolvedAt: null,
    link: null,
  };
}

/** A clock whose time moves only when told; timers fire in order of their due time. */
export interface FakeClock extends DeliveryClock {
  advance(ms: number): void;
  /** Delays of the timers not yet fired. */
  pendingDelays(): number[];
}

export function fakeClock(start = T0, random = 0.5): FakeClock {
  let now = start;
  let next = 1;
  const timers = new Map<number, { at: number; ms: number; callback: () => void }>();
  return {
    now: () => now,
    random: () => random,
    setTimeout(callback, ms) {
      const id = next++;
      timers.set(id, { at: now + ms, ms, callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      now += ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= now).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        due[1].callback();
      }
    },
    pendingDelays: () => [...timers.values()].map((t) => t.ms),
  };
}

/** Every delivery event, and a bounded wait for the n-th matching one. */
export function deliveryEvents() {
  const events: DeliveryEvent[] = [];
  const waiters = new Set<() => void>();
  return {
    events,
    onDelivery(event: DeliveryEvent) {
      events.push(event);
      for (const waiter of [...waiters]) waiter();
    },
    waitFor(match: (event: DeliveryEvent) => boolean, count = 1, ms = 20_000): Promise<DeliveryEvent[]> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.filter(match);
          if (found.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`waited for ${count} events; have ${JSON.stringify(events)}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
  };
}

/** A logger whose JSON lines are kept in memory. */
export function memoryLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
      done();
    },
  });
  return { logger: createLogger('info', stream), lines, text: () => lines.join('\n') };
}
