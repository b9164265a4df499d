import { describe, expect, it } from 'vitest';
import { createClusterSingleFlight, createPollerLeases, createRedisLink, type ClusterSingleFlight } from '../../src/cluster/index.js';
import { freePort } from '../scale-out/services.js';
import { useRedisServer } from '../helpers/redis-server.js';

const redis = useRedisServer();
const { links } = redis;

/** A replica's flights over its own connection (up before it is handed out). */
async function replica(url = redis.url, waitUp = true): Promise<ClusterSingleFlight> {
  const link = createRedisLink({ url, maxReconnectDelayMs: 200 });
  links.push(link);
  if (waitUp) await expect.poll(() => link.state, { timeout: 15_000 }).toBe('up');
  return createClusterSingleFlight(link, { leases: createPollerLeases(link), waitMs: 30_000, keepMs: 60_000, pollMs: 5 });
}

/** A promise and its resolve/reject, to hold a piece of work open. */
function gate<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('createClusterSingleFlight', () => {
  it('one replica does the work; the others wait for its result and take it; late callers read it from Redis', async () => {
    const [a, b, c] = [await replica(), await replica(), await replica()];
    const held = gate<string>();
    let calls = 0;
    const work = () => (calls++, held.promise);
    const first = a.run('k1', work);
    await expect.poll(() => redis.probe.exists('vbm:lead:flight:k1')).toBe(1);
    const others = [b.run('k1', work), c.run('k1', work)];
    held.resolve('sealed-value');
    expect(await Promise.all([first, ...others])).toEqual(['sealed-value', 'sealed-value', 'sealed-value']);
    expect(calls).toBe(1);
    // Kept for late callers, with its lifetime; the lease let go.
    expect(await redis.probe.get('vbm:flight:k1')).toBe('sealed-value');
    const ttl = await redis.probe.pttl('vbm:flight:k1');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await redis.probe.exists('vbm:lead:flight:k1')).toBe(0);
    expect(await c.run('k1', work)).toBe('sealed-value');
    expect(calls).toBe(1);
  });

  it('a holder that fails lets go: its caller gets the error, a waiting replica takes over once', async () => {
    const [a, b] = [await replica(), await replica()];
    const failing = gate<string>();
    const first = a.run('k2', () => failing.promise);
    await expect.poll(() => redis.probe.exists('vbm:lead:flight:k2')).toBe(1);
    let calls = 0;
    const second = b.run('k2', async () => (calls++, 'from-b'));
    failing.reject(new Error('refused'));
    await expect(first).rejects.toThrow('refused');
    expect(await second).toBe('from-b');
    expect(calls).toBe(1);
    expect(await redis.probe.get('vbm:flight:k2')).toBe('from-b');
  });

  it('a replica still making its first connection waits for it, then takes the holder\'s result instead of doing the work too', async () => {
    const a = await replica();
    const held = gate<string>();
    let calls = 0;
    const work = () => (calls++, held.promise);
    const first = a.run('k4', work);
    await expect.poll(() => redis.probe.exists('vbm:lead:flight:k4')).toBe(1);
    const starting = await replica(redis.url, false);
    const second = starting.run('k4', work);
    held.resolve('sealed-value');
    expect(await Promise.all([first, second])).toEqual(['sealed-value', 'sealed-value']);
    expect(calls).toBe(1);
  });

  it('without Redis each replica does the work itself', async () => {
    const down = await replica(`redis://127.0.0.1:${await freePort()}`, false);
    let calls = 0;
    expect(await down.run('k3', async () => (calls++, 'here'))).toBe('here');
    expect(await down.run('k3', async () => (calls++, 'here'))).toBe('here');
    expect(calls).toBe(2);
    expect(await redis.probe.exists('vbm:flight:k3')).toBe(0);
  });
});
