import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertDelivery, type AlertDelivery } from '../../src/alerts/delivery.js';
import type { DurableAlertStore } from '../../src/alerts/outbox.js';
import { createRedisAlertStore } from '../../src/alerts/redis-store.js';
import type { Alert, AlertTargetConfig } from '../../src/alerts/types.js';
import { createPollerLeases } from '../../src/cluster/poller-lease.js';
import { createRedisLink, type RedisLink } from '../../src/cluster/redis.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { ensureServices, startRedisServer, type RedisServer } from '../scale-out/services.js';
import { deliveryEvents, failedSession, fakeClock, lowRepository, T0 } from './fixtures.js';

let redis: RedisServer;
let probe: Redis;
let receiver: Receiver;
const links: RedisLink[] = [];
const stores: DurableAlertStore[] = [];
const deliveries: AlertDelivery[] = [];

beforeAll(async () => {
  ensureServices();
  redis = await startRedisServer();
  probe = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  receiver = await startReceiver();
});

afterAll(async () => {
  await Promise.all(deliveries.map((d) => d.stop()));
  await Promise.all(stores.map((s) => s.close()));
  await Promise.all(links.map((l) => l.close()));
  probe?.disconnect();
  await receiver?.close();
  await redis?.stop();
});

async function replica(options: { historyMax?: number; defaultServer?: string } = {}): Promise<{ link: RedisLink; store: DurableAlertStore }> {
  const link = createRedisLink({ url: redis.url, maxReconnectDelayMs: 200, commandTimeoutMs: 5_000 });
  links.push(link);
  for (let i = 0; i < 200 && link.state !== 'up'; i++) await new Promise((r) => setTimeout(r, 25));
  expect(link.state).toBe('up');
  const store = createRedisAlertStore({ link, now: () => T0, ...options });
  stores.push(store);
  return { link, store };
}

/** Bounded wait until `check` holds. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never: ${what}`);
}

describe('redis alert store', () => {
  it('two replicas raising the same id record, queue and deliver it once; both see it', async () => {
    await probe.flushall();
    const a = await replica();
    const b = await replica();
    const seenA: Alert[] = [];
    const seenB: Alert[] = [];
    a.store.watch((alert) => seenA.push(alert));
    b.store.watch((alert) => seenB.push(alert));
    // The subscriptions are in place once a probe message reaches both.
    for (let i = 0; i < 400 && !(seenA.length > 0 && seenB.length > 0); i++) {
      await probe.publish('vbm:alerts:events', JSON.stringify({ id: 'probe' }));
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(seenA.length > 0 && seenB.length > 0).toBe(true);
    seenA.length = 0;
    seenB.length = 0;

    const alert = failedSession('r-1');
    const results = await Promise.all([a.store.raise(alert, ['ops']), b.store.raise(alert, ['ops']), a.store.raise(alert, ['ops'])]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await probe.xlen('vbm:alerts:outbox')).toBe(1);
    expect(await probe.zcard('vbm:alerts:history')).toBe(1);
    const real = (seen: Alert[]) => seen.filter((x) => x.id !== 'probe');
    await until(() => real(seenA).length === 1 && real(seenB).length === 1, 'both replicas saw the alert');
    seenB.splice(0, seenB.length, ...real(seenB));
    expect(seenB[0]).toEqual(alert);

    const target: AlertTargetConfig = { name: 'ops', type: 'webhook', url: new URL('/two-replicas', receiver.origin), secret: 's' };
    const events = deliveryEvents();
    for (const r of [a, b]) {
      const delivery = createAlertDelivery({ store: r.store, targets: [target], retryBaseMs: 1000, clock: fakeClock(), leases: createPollerLeases(r.link), onDelivery: events.onDelivery });
      deliveries.push(delivery);
      delivery.start();
    }
    await events.waitFor((e) => e.outcome === 'delivered');
    expect(await a.store.stats()).toEqual({ length: 0, oldestQueuedAt: null });
    // Only the lease holder delivers; with the entry gone nobody can send it again.
    expect(events.events).toHaveLength(1);
    expect(receiver.at('/two-replicas')).toHaveLength(1);
    expect((receiver.at('/two-replicas')[0]!.json as Alert).id).toBe(alert.id);
    expect(await probe.keys('vbm:lead:alerts:delivery')).toHaveLength(1);
    await Promise.all(deliveries.splice(0).map((d) => d.stop()));
  });

  it('an id stays recorded across a restart; history, firing and position survive', async () => {
    await probe.flushall();
    const first = await replica();
    expect(await first.store.raise(lowRepository('repo-1'), ['ops', 'chat'])).toBe(true);
    expect(await first.store.raise(failedSession('r-2', new Date(T0 + 1000).toISOString()), ['ops'])).toBe(true);
    await first.store.setPosition('feed-token-7');
    await first.store.close();
    await first.link.close();

    const second = await replica();
    expect(await second.store.raise(lowRepository('repo-1'), ['ops'])).toBe(false);
    expect(await second.store.position()).toBe('feed-token-7');
    const page = await second.store.page({ first: 1 });
    expect(page.alerts.map((a) => a.id)).toEqual(['JOB_SESSION_FAILED:r-2']);
    expect(page.hasNextPage).toBe(true);
    expect((await second.store.page({ first: 5, after: page.endCursor })).alerts.map((a) => a.id)).toEqual(['REPOSITORY_FREE_BELOW:repo-1:1']);
    expect((await second.store.firing()).map((a) => a.id)).toEqual(['JOB_SESSION_FAILED:r-2', 'REPOSITORY_FREE_BELOW:repo-1:1']);
    const pending = await second.store.pending(10);
    expect(pending.map((e) => `${e.alert.id}|${e.target}`)).toEqual(['REPOSITORY_FREE_BELOW:repo-1:1|ops', 'REPOSITORY_FREE_BELOW:repo-1:1|chat', 'JOB_SESSION_FAILED:r-2|ops']);
    expect(await second.store.stats()).toEqual({ length: 3, oldestQueuedAt: T0 });
    await second.store.settle(pending[0]!.key);
    expect((await second.store.stats()).length).toBe(2);
  });

  it('resolve queues the RESOLVED alert for the same targets once, whichever replica resolves', async () => {
    await probe.flushall();
    const a = await replica();
    const b = await replica();
    await a.store.raise(lowRepository('repo-2'), ['ops', 'teams']);
    for (const entry of await a.store.pending(10)) await a.store.settle(entry.key);
    const results = await Promise.all([a.store.resolve('REPOSITORY_FREE_BELOW:repo-2:1', '2026-03-02T00:00:00.000Z'), b.store.resolve('REPOSITORY_FREE_BELOW:repo-2:1', '2026-03-02T00:00:00.000Z')]);
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    const pending = await b.store.pending(10);
    expect(pending.map((e) => [e.target, e.alert.state, e.alert.resolvedAt])).toEqual([
      ['ops', 'RESOLVED', '2026-03-02T00:00:00.000Z'],
      ['teams', 'RESOLVED', '2026-03-02T00:00:00.000Z'],
    ]);
    expect(await b.store.firing()).toEqual([]);
    expect((await b.store.page({ first: 5, state: 'RESOLVED' })).alerts.map((a) => a.id)).toEqual(['REPOSITORY_FREE_BELOW:repo-2:1']);
  });

  it('history is bounded, oldest first, keeping firing alerts', async () => {
    await probe.flushall();
    const { store } = await replica({ historyMax: 3 });
    await store.raise(lowRepository('keep', new Date(T0).toISOString()), ['ops']);
    for (let i = 1; i <= 4; i++) {
      await store.raise(failedSession(`h-${i}`, new Date(T0 + i * 1000).toISOString()), ['ops']);
      await store.resolve(`JOB_SESSION_FAILED:h-${i}`, new Date(T0 + i * 1000).toISOString());
    }
    expect((await store.page({ first: 10 })).alerts.map((a) => a.id)).toEqual(['JOB_SESSION_FAILED:h-4', 'JOB_SESSION_FAILED:h-3', 'REPOSITORY_FREE_BELOW:keep:1']);
    expect(await probe.exists('vbm:alerts:alert:JOB_SESSION_FAILED:h-1')).toBe(0);
    // Trimmed from the history, still recorded: the same occurrence does not alert again.
    expect(await store.raise(failedSession('h-1'), ['ops'])).toBe(false);
  });
  it('alerts and the position stored before alerts named their server read as the first configured server\'s; each server keeps its own position', async () => {
    await probe.flushall();
    // As an earlier version wrote them: no `server` on the alert, one position for the one watcher.
    const { server: _server, ...old } = lowRepository('old-repo');
    await probe.set(`vbm:alerts:alert:${old.id}`, JSON.stringify({ alert: old, targets: ['ops'] }));
    await probe.zadd('vbm:alerts:history', T0, old.id);
    await probe.sadd('vbm:alerts:firing', old.id);
    await probe.xadd('vbm:alerts:outbox', '*', 'alert', JSON.stringify(old), 'target', 'ops', 'queuedAt', String(T0));
    await probe.set('vbm:alerts:position', 'old-position');

    const { store } = await replica({ defaultServer: 'eu1' });
    expect((await store.page({ first: 5 })).alerts.map((a) => [a.id, a.server])).toEqual([[old.id, 'eu1']]);
    expect((await store.firing()).map((a) => a.server)).toEqual(['eu1']);
    expect((await store.pending(5)).map((e) => e.alert.server)).toEqual(['eu1']);
    expect(await store.position('eu1')).toBe('old-position');
    expect(await store.position('us1')).toBeUndefined();
    await store.setPosition('us1-position', 'us1');
    await store.setPosition('eu1-position', 'eu1');
    expect([await store.position('eu1'), await store.position(), await store.position('us1')]).toEqual(['eu1-position', 'eu1-position', 'us1-position']);
    expect(await probe.get('vbm:alerts:position:us1')).toBe('us1-position');
    expect((await store.resolve(old.id, new Date(T0 + 1000).toISOString()))?.server).toBe('eu1');
    expect(JSON.parse((await probe.get(`vbm:alerts:alert:${old.id}`))!).alert.server).toBe('eu1');
  });
});
