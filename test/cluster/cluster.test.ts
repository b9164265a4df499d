import { describe, expect, it } from 'vitest';
import {
  createClusterSemaphore,
  createPollerLeases,
  createRedisLink,
  SlotTimeout,
  type Release,
  type RedisLink,
} from '../../src/cluster/index.js';
import { freePort } from '../scale-out/services.js';
import { useRedisServer } from '../helpers/redis-server.js';

const redis = useRedisServer();
const { links } = redis;

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A replica's connection: each facade process has its own. */
async function connect(): Promise<RedisLink> {
  const link = createRedisLink({ url: redis.url, maxReconnectDelayMs: 200 });
  links.push(link);
  await until(() => link.state === 'up', 'redis link up');
  return link;
}

describe('createClusterSemaphore', () => {
  it('caps concurrent slots across replicas, not per replica', async () => {
    const name = 'test:sem:cap';
    const [a, b] = [createClusterSemaphore({ link: await connect(), limit: 3, name, waitMs: 300 }), createClusterSemaphore({ link: await connect(), limit: 3, name, waitMs: 300 })];
    const held: Release[] = [await a.acquire(), await b.acquire(), await a.acquire()];
    expect(await redis.probe.zcard(name)).toBe(3);
    await expect(b.acquire()).rejects.toBeInstanceOf(SlotTimeout);
    held.pop()!();
    await until(async () => (await redis.probe.zcard(name)) === 2, 'release seen');
    const more = await b.acquire();
    expect(await redis.probe.zcard(name)).toBe(3);
    for (const r of [...held, more]) r();
  });

  it('a waiter gets the slot as soon as one is released; waiters are served, none beyond the cap', async () => {
    const name = 'test:sem:wait';
    const sem = createClusterSemaphore({ link: await connect(), limit: 2, name, waitMs: 15_000 });
    let inFlight = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        const release = await sem.acquire();
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        release();
      }),
    );
    expect(peak).toBe(2);
  });

  it('one caller cannot hold every slot: the per-caller cap leaves room for others', async () => {
    const name = 'test:sem:caller';
    const sem = createClusterSemaphore({ link: await connect(), limit: 4, perCallerLimit: 2, name, waitMs: 200 });
    const greedy = [await sem.acquire('greedy'), await sem.acquire('greedy')];
    await expect(sem.acquire('greedy')).rejects.toMatchObject({ code: 'UPSTREAM_BUSY', scope: 'caller' });
    const other = await sem.acquire('other');
    for (const r of [...greedy, other]) r();
  });

  it('slots of a replica that died come back after the lease', async () => {
    const name = 'test:sem:lease';
    const dying = createClusterSemaphore({ link: await connect(), limit: 1, name, leaseMs: 300, waitMs: 100 });
    await dying.acquire(); // never released: the replica "dies" holding it
    const survivor = createClusterSemaphore({ link: await connect(), limit: 1, name, leaseMs: 300, waitMs: 10_000 });
    const release = await survivor.acquire();
    expect(await redis.probe.zcard(name)).toBe(1);
    release();
  });
});

describe('poller leases', () => {
  it('one replica leads a key; the others follow; release hands over at once', async () => {
    const [a, b] = [createPollerLeases(await connect(), 'replica-a'), createPollerLeases(await connect(), 'replica-b')];
    expect(await a.tryLead('k1', 5_000)).toBe(true);
    expect(await b.tryLead('k1', 5_000)).toBe(false);
    expect(await a.tryLead('k1', 5_000)).toBe(true); // ours: renewed
    expect(await b.renew('k1', 5_000)).toBe(false);
    await b.release('k1'); // not b's: no effect
    expect(await redis.probe.get('vbm:lead:k1')).toBe('replica-a');
    await a.release('k1');
    expect(await b.tryLead('k1', 5_000)).toBe(true);
  });

  it('the lease of a replica that died expires; then another replica takes it', async () => {
    const [a, b] = [createPollerLeases(await connect(), 'replica-a'), createPollerLeases(await connect(), 'replica-b')];
    expect(await a.tryLead('k2', 300)).toBe(true); // a dies holding it: never renewed, never released
    expect(await b.tryLead('k2', 300)).toBe(false);
    const ttl = await redis.probe.pttl('vbm:lead:k2');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
    await until(() => b.tryLead('k2', 5_000), 'the lease expired');
    expect(await redis.probe.get('vbm:lead:k2')).toBe('replica-b');
    expect(await a.renew('k2', 5_000)).toBe(false);
  });

  it('a replica whose link is still making its first connection waits for it, then follows the holder', async () => {
    const a = createPollerLeases(await connect(), 'replica-a');
    expect(await a.tryLead('k3', 5_000)).toBe(true);
    const starting = createRedisLink({ url: redis.url, maxReconnectDelayMs: 200 });
    links.push(starting);
    // Not up yet, but not down either: leading alone now would make two readers of one stream.
    expect(starting.state).toBe('down');
    const b = createPollerLeases(starting, 'replica-b');
    expect(await b.tryLead('k3', 5_000)).toBe(false);
    expect(starting.state).toBe('up');
    expect(await redis.probe.get('vbm:lead:k3')).toBe('replica-a');
  });

  it('while Redis is unreachable from the start every replica leads its own pollers', async () => {
    const link = createRedisLink({ url: `redis://127.0.0.1:${await freePort()}`, maxReconnectDelayMs: 200 });
    links.push(link);
    const [a, b] = [createPollerLeases(link, 'replica-a'), createPollerLeases(link, 'replica-b')];
    expect(await a.tryLead('k4', 5_000)).toBe(true);
    expect(await b.tryLead('k4', 5_000)).toBe(true);
    expect(await a.renew('k4', 5_000)).toBe(true);
    await b.release('k4');
    expect(link.state).toBe('down');
  });
});

describe('the Redis link', () => {
  it('closes while Redis has never answered, its subscriber included (no QUIT left waiting in the offline queue)', async () => {
    const link = createRedisLink({ url: `redis://127.0.0.1:${await freePort()}`, maxReconnectDelayMs: 200 });
    link.subscriber().subscribe('test:never').catch(() => undefined);
    expect(link.state).toBe('down');
    await link.close();
    // Both connections stop trying.
    await expect.poll(() => [link.client.status, link.subscriber().status]).toEqual(['end', 'end']);
  });

  it('closed during its first connection, it settles as down: nothing waits on it', async () => {
    const link = createRedisLink({ url: redis.url, maxReconnectDelayMs: 200 });
    const settled = link.settled();
    await link.close();
    expect(await settled).toBe('down');
  });
});
