import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClusterEventTarget,
  createClusterSemaphore,
  createPollerLeases,
  createRedisLink,
  SlotTimeout,
  startCoordinatedPoller,
  type Release,
  type RedisLink,
} from '../../src/cluster/index.js';
import { ensureServices, startRedisServer, type RedisServer } from '../scale-out/services.js';

let redis: RedisServer;
let probe: Redis;
const links: RedisLink[] = [];

beforeAll(async () => {
  ensureServices();
  redis = await startRedisServer();
  probe = new Redis(redis.url, { maxRetriesPerRequest: 1 });
}, 30_000);

afterAll(async () => {
  probe.disconnect();
  await Promise.all(links.map((l) => l.close()));
  await redis?.stop();
});

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
    expect(await probe.zcard(name)).toBe(3);
    await expect(b.acquire()).rejects.toBeInstanceOf(SlotTimeout);
    held.pop()!();
    await until(async () => (await probe.zcard(name)) === 2, 'release seen');
    const more = await b.acquire();
    expect(await probe.zcard(name)).toBe(3);
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
    expect(await probe.zcard(name)).toBe(1);
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
    expect(await probe.get('vbm:lead:k1')).toBe('replica-a');
    await a.release('k1');
    expect(await b.tryLead('k1', 5_000)).toBe(true);
  });

  it('10 subscribers on two replicas: one poll per interval in total; results reach both; a dead leader is replaced', async () => {
    const [linkA, linkB] = [await connect(), await connect()];
    const targets = [createClusterEventTarget<CustomEvent>(linkA), createClusterEventTarget<CustomEvent>(linkB)];
    const received = [0, 0];
    const topic = `poll:${Math.random()}`;
    for (let s = 0; s < 10; s++) {
      const replica = s % 2;
      targets[replica]!.addEventListener(topic, () => received[replica]!++);
    }
    await until(async () => Number((await probe.pubsub('NUMSUB', topic))[1]) === 2, 'both replicas subscribed');

    const polls = { a: 0, b: 0 };
    const start = (name: 'a' | 'b', link: RedisLink, target: (typeof targets)[number]) =>
      startCoordinatedPoller({
        leases: createPollerLeases(link, `replica-${name}`),
        key: `caller:${topic}`,
        intervalMs: 50,
        leaseMs: 2_000,
        poll: async () => ++polls[name],
        publish: (n) => target.dispatchEvent(new CustomEvent(topic, { detail: n })),
      });
    const pollerA = start('a', linkA, targets[0]!);
    await until(() => pollerA.leading, 'a leads');
    const pollerB = start('b', linkB, targets[1]!);
    await until(() => polls.a >= 10, 'ten polls');
    expect(polls.b).toBe(0);
    await until(() => received[0]! >= 5 * polls.a - 5 && received[1]! >= 5 * polls.a - 5, 'fan-out to both replicas');

    await pollerA.stop({ crash: true }); // dies holding the lease
    const before = polls.a;
    await until(() => pollerB.leading && polls.b >= 3, 'b takes over after the lease expires');
    expect(polls.a).toBe(before);
    await pollerB.stop();
    expect(await probe.exists(`vbm:lead:caller:${topic}`)).toBe(0);
  });
});
