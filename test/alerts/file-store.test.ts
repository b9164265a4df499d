import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlertDelivery } from '../../src/alerts/delivery.js';
import { createFileAlertStore } from '../../src/alerts/file-store.js';
import type { DurableAlertStore } from '../../src/alerts/outbox.js';
import type { Alert } from '../../src/alerts/types.js';
import { startProcess } from '../helpers/process.js';
import { startReceiver } from '../helpers/receiver.js';
import { deliveryEvents, failedSession, fakeClock, lowRepository, T0 } from './fixtures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vbm-alerts-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function open(dir: string, options: { now?: () => number; compactAfterLines?: number; historyMax?: number; defaultServer?: string } = {}): Promise<DurableAlertStore> {
  const store = await createFileAlertStore({ dir, ...options });
  cleanups.push(() => store.close());
  return store;
}

const ids = (alerts: Alert[]) => alerts.map((a) => a.id);

describe('file alert store', () => {
  it('records an id once, across a restart too, with one outbox entry per target', async () => {
    const dir = stateDir();
    const store = await open(dir);
    expect(await store.raise(failedSession('s-1'), ['ops', 'chat'])).toBe(true);
    expect(await store.raise(failedSession('s-1'), ['ops', 'chat'])).toBe(false);
    expect((await store.pending(10)).map((e) => e.key)).toEqual(['JOB_SESSION_FAILED:s-1|FIRING|ops', 'JOB_SESSION_FAILED:s-1|FIRING|chat']);
    await store.settle('JOB_SESSION_FAILED:s-1|FIRING|ops');
    await store.setPosition('token-42');
    await store.close();

    const again = await open(dir);
    expect(await again.raise(failedSession('s-1'), ['ops', 'chat'])).toBe(false);
    expect((await again.pending(10)).map((e) => e.key)).toEqual(['JOB_SESSION_FAILED:s-1|FIRING|chat']);
    expect(await again.position()).toBe('token-42');
    expect(ids((await again.page({ first: 10 })).alerts)).toEqual(['JOB_SESSION_FAILED:s-1']);
  });

  it('history survives a restart and compaction, newest first, with cursors and state filter', async () => {
    const dir = stateDir();
    const store = await open(dir, { compactAfterLines: 5 });
    for (let i = 1; i <= 6; i++) await store.raise(failedSession(`s-${i}`, new Date(T0 + i * 1000).toISOString()), ['ops']);
    await store.raise(lowRepository('r-1', new Date(T0 + 7000).toISOString()), ['ops']);
    await store.resolve('REPOSITORY_FREE_BELOW:r-1:1', new Date(T0 + 8000).toISOString());
    // The watcher's position moves often: these lines make the journal outgrow twice the live records.
    for (let i = 1; i <= 40; i++) await store.setPosition(`token-${i}`);
    await store.close();
    // Compaction wrote a snapshot and started the journal again.
    expect(readFileSync(join(dir, 'alerts.snapshot.json'), 'utf8')).toContain('s-4');
    expect(readFileSync(join(dir, 'alerts.journal'), 'utf8').split('\n').filter(Boolean).length).toBeLessThan(48);

    const again = await open(dir);
    expect(await again.position()).toBe('token-40');
    const first = await again.page({ first: 3 });
    expect(ids(first.alerts)).toEqual(['REPOSITORY_FREE_BELOW:r-1:1', 'JOB_SESSION_FAILED:s-6', 'JOB_SESSION_FAILED:s-5']);
    expect(first.hasNextPage).toBe(true);
    const next = await again.page({ first: 10, after: first.endCursor });
    expect(ids(next.alerts)).toEqual(['JOB_SESSION_FAILED:s-4', 'JOB_SESSION_FAILED:s-3', 'JOB_SESSION_FAILED:s-2', 'JOB_SESSION_FAILED:s-1']);
    expect(next.hasNextPage).toBe(false);
    expect(ids((await again.page({ first: 10, state: 'RESOLVED' })).alerts)).toEqual(['REPOSITORY_FREE_BELOW:r-1:1']);
    expect(ids((await again.page({ first: 10, visible: (a) => a.subject.id === 's-2' })).alerts)).toEqual(['JOB_SESSION_FAILED:s-2']);
    expect(ids(await again.firing())).toHaveLength(6);
    // Every entry still owed: 7 FIRING and 1 RESOLVED.
    expect((await again.pending(100)).length).toBe(8);
  });

  it('history is bounded in count and age, keeping firing alerts until they resolve', async () => {
    const dir = stateDir();
    const clock = fakeClock();
    const store = await open(dir, { now: clock.now, historyMax: 3 });
    await store.raise(lowRepository('r-old', new Date(T0).toISOString()), ['ops']);
    for (let i = 1; i <= 4; i++) {
      await store.raise(failedSession(`s-${i}`, new Date(T0 + i).toISOString()), ['ops']);
      await store.resolve(`JOB_SESSION_FAILED:s-${i}`, new Date(T0 + i).toISOString());
    }
    // Three kept: the firing one plus the two newest resolved.
    expect(ids((await store.page({ first: 10 })).alerts)).toEqual(['JOB_SESSION_FAILED:s-4', 'JOB_SESSION_FAILED:s-3', 'REPOSITORY_FREE_BELOW:r-old:1']);
    clock.advance(31 * 24 * 3_600_000);
    await store.resolve('REPOSITORY_FREE_BELOW:r-old:1', new Date(clock.now()).toISOString());
    await store.raise(failedSession('s-new', new Date(clock.now()).toISOString()), ['ops']);
    await store.close();
    const again = await open(dir, { now: clock.now, historyMax: 3 });
    expect(ids((await again.page({ first: 10 })).alerts)).toEqual(['JOB_SESSION_FAILED:s-new']);
  });

  it('a torn last journal line (a crash mid-write) is cut off and the store goes on', async () => {
    const dir = stateDir();
    const store = await open(dir);
    await store.raise(failedSession('s-1'), ['ops']);
    await store.close();
    appendFileSync(join(dir, 'alerts.journal'), '{"s":2,"t":"raise","alert":{"id":"JOB_SE');
    const again = await open(dir);
    expect(ids((await again.page({ first: 10 })).alerts)).toEqual(['JOB_SESSION_FAILED:s-1']);
    expect(await again.raise(failedSession('s-2'), ['ops'])).toBe(true);
    await again.close();
    const third = await open(dir);
    expect(ids((await third.page({ first: 10 })).alerts)).toEqual(['JOB_SESSION_FAILED:s-2', 'JOB_SESSION_FAILED:s-1']);
  });

  it('watch sees raised and resolved alerts', async () => {
    const store = await open(stateDir());
    const seen: string[] = [];
    const stop = store.watch((alert) => seen.push(`${alert.id}:${alert.state}`));
    await store.raise(lowRepository('r-1'), ['ops']);
    await store.raise(lowRepository('r-1'), ['ops']);
    await store.resolve('REPOSITORY_FREE_BELOW:r-1:1', new Date(T0).toISOString());
    stop();
    await store.raise(lowRepository('r-2'), ['ops']);
    expect(seen).toEqual(['REPOSITORY_FREE_BELOW:r-1:1:FIRING', 'REPOSITORY_FREE_BELOW:r-1:1:RESOLVED']);
  });

  it('SIGKILL right after raise: a new process over the same STATE_DIR delivers it once', async () => {
    const dir = stateDir();
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const child = startProcess(process.execPath, ['--import', 'tsx', 'test/alerts/raise-child.ts', dir, 'killed-1', 'ops'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    });
    cleanups.push(() => {
      if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGKILL');
    });
    await child.waitFor(/raised/, 30_000);
    child.child.kill('SIGKILL');
    await child.exited;
    expect(child.child.signalCode).toBe('SIGKILL');

    const target = { name: 'ops', type: 'webhook' as const, url: new URL('/hook', receiver.origin) };
    const store = await open(dir);
    expect(await store.raise(failedSession('killed-1'), ['ops'])).toBe(false);
    const events = deliveryEvents();
    const delivery = createAlertDelivery({ store, targets: [target], retryBaseMs: 1000, clock: fakeClock(), onDelivery: events.onDelivery });
    delivery.start();
    await events.waitFor((e) => e.outcome === 'delivered');
    await delivery.stop();
    await store.close();
    expect(receiver.at('/hook')).toHaveLength(1);
    expect((receiver.at('/hook')[0]!.json as Alert).id).toBe('JOB_SESSION_FAILED:killed-1');

    // A further restart resends nothing: the entry was settled.
    const third = await open(dir);
    expect(await third.stats()).toEqual({ length: 0, oldestQueuedAt: null });
    const events3 = deliveryEvents();
    const delivery3 = createAlertDelivery({ store: third, targets: [target], retryBaseMs: 1000, clock: fakeClock(), onDelivery: events3.onDelivery });
    delivery3.start();
    await delivery3.stop();
    expect(events3.events).toEqual([]);
    expect(receiver.at('/hook')).toHaveLength(1);
  });
  it('alerts and the position stored before alerts named their server load as the first configured server\'s; each server keeps its own position', async () => {
    const dir = stateDir();
    // As an earlier version wrote them: no `server` on the alerts, one position for the one watcher.
    const { server: _snapServer, ...snapAlert } = failedSession('old-1');
    const { server: _lineServer, ...lineAlert } = lowRepository('old-repo');
    writeFileSync(
      join(dir, 'alerts.snapshot.json'),
      JSON.stringify({ seq: 2, alerts: [{ alert: snapAlert, targets: ['ops'] }], outbox: [{ key: 'JOB_SESSION_FAILED:old-1|FIRING|ops', alert: snapAlert, target: 'ops', queuedAt: T0 }], position: 'snapshot-position' }),
    );
    writeFileSync(
      join(dir, 'alerts.journal'),
      [
        { s: 3, t: 'raise', alert: lineAlert, targets: ['ops'], at: T0 },
        { s: 4, t: 'position', value: 'journal-position' },
      ].map((line) => JSON.stringify(line) + '\n').join(''),
    );
    const store = await open(dir, { defaultServer: 'eu1' });
    expect((await store.page({ first: 10 })).alerts.map((a) => [a.id, a.server])).toEqual([
      ['REPOSITORY_FREE_BELOW:old-repo:1', 'eu1'],
      ['JOB_SESSION_FAILED:old-1', 'eu1'],
    ]);
    expect((await store.pending(10)).map((e) => [e.alert.id, e.alert.server])).toEqual([
      ['JOB_SESSION_FAILED:old-1', 'eu1'],
      ['REPOSITORY_FREE_BELOW:old-repo:1', 'eu1'],
    ]);
    expect(await store.position('eu1')).toBe('journal-position');
    expect(await store.position()).toBe('journal-position');
    expect(await store.position('us1')).toBeUndefined();
    // Resolving an old alert queues it with its server.
    expect((await store.resolve('REPOSITORY_FREE_BELOW:old-repo:1', new Date(T0 + 1000).toISOString()))?.server).toBe('eu1');
    await store.setPosition('us1-position', 'us1');
    await store.close();

    const again = await open(dir, { defaultServer: 'eu1', compactAfterLines: 1 });
    expect(await again.position('eu1')).toBe('journal-position');
    expect(await again.position('us1')).toBe('us1-position');
    // The journal outgrows twice the live records and is compacted: the snapshot keeps every server's position.
    for (let i = 1; i <= 20; i++) await again.setPosition(`eu1-position-${i}`, 'eu1');
    await again.close();
    expect(JSON.parse(readFileSync(join(dir, 'alerts.snapshot.json'), 'utf8')).positions).toMatchObject({ us1: 'us1-position' });
    const third = await open(dir, { defaultServer: 'eu1' });
    expect([await third.position('eu1'), await third.position('us1')]).toEqual(['eu1-position-20', 'us1-position']);
    expect((await third.page({ first: 10 })).alerts.every((a) => a.server === 'eu1')).toBe(true);
  });
});
