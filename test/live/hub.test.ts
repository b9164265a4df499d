import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BackupApi } from '../../src/datasource/backup-api.js';
import { createLiveHub, type LiveBus, type LiveCluster, type LiveMessage, type LiveSettings, type Source } from '../../src/live/hub.js';

const SETTINGS: LiveSettings = { pollMs: 5, maxPerToken: 5_000, maxTotal: 5_000, maxQueued: 50 };
// Sources here never touch the api; the hub hands one to every poll.
const noApi = () => ({}) as BackupApi;

/** A source that emits one numbered event per poll and counts its polls. */
function counter(limit = Infinity): Source<number> & { polls: number } {
  const source = {
    polls: 0,
    async poll() {
      source.polls++;
      return { events: [source.polls], done: source.polls >= limit };
    },
  };
  return source;
}

async function take<T>(iterator: AsyncIterableIterator<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  while (out.length < n) {
    const next = await iterator.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

describe('the live hub', () => {
  it('1,000 subscribers of one resource share one poller: one poll per tick, and nothing stays behind', async () => {
    const hub = createLiveHub(SETTINGS, noApi);
    const source = counter(20);
    const streams = Array.from({ length: 1_000 }, () => hub.subscribe('token-a', 'session:1', () => source));
    expect(hub.stats()).toEqual({ pollers: 1, subscriptions: 1_000, polls: 0, tokens: 1 });
    const received = await Promise.all(streams.map((s) => take(s, 25)));
    // The source ended after 20 polls: every subscriber got the 20 events, in order, then completion.
    for (const events of received) expect(events).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(source.polls).toBe(20);
    // No poller, subscription or per-token count outlives the streams.
    expect(hub.stats()).toEqual({ pollers: 0, subscriptions: 0, polls: 20, tokens: 0 });
  });

  it('a subscriber that stops reading is ended alone; the others keep their events', async () => {
    const hub = createLiveHub({ ...SETTINGS, maxQueued: 3 }, noApi);
    const source = counter(10);
    const stalled = hub.subscribe('token-a', 'r', () => source);
    const reader = hub.subscribe('token-a', 'r', () => source);
    expect(await take(reader, 10)).toHaveLength(10);
    // The stalled one got its 3 queued events, then the error that ended it.
    expect(await take(stalled, 3)).toEqual([1, 2, 3]);
    await expect(stalled.next()).rejects.toMatchObject({ extensions: { code: 'SUBSCRIPTION_LIMIT' } });
  });

  it('bounds subscriptions per token and per process, before any poll', () => {
    const hub = createLiveHub({ ...SETTINGS, maxPerToken: 2, maxTotal: 3 }, noApi);
    const source = counter();
    hub.subscribe('a', 'r1', () => source);
    hub.subscribe('a', 'r2', () => source);
    expect(() => hub.subscribe('a', 'r3', () => source)).toThrow(expect.objectContaining({ extensions: { code: 'SUBSCRIPTION_LIMIT' } }));
    hub.subscribe('b', 'r1', () => source);
    expect(() => hub.subscribe('c', 'r1', () => source)).toThrow(expect.objectContaining({ extensions: { code: 'SUBSCRIPTION_LIMIT' } }));
    expect(() => hub.subscribe(undefined, 'r1', () => source)).toThrow(expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } }));
    hub.close();
  });

  describe('with fake timers', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('close() (SIGTERM) ends every stream cleanly and stops polling', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const hub = createLiveHub(SETTINGS, noApi);
      const source = counter();
      const streams = [hub.subscribe('a', 'r', () => source), hub.subscribe('b', 'r', () => source)];
      const taken = Promise.all(streams.map((s) => take(s, 2)));
      await vi.advanceTimersByTimeAsync(SETTINGS.pollMs);
      // Two tokens, two pollers of the one counting source: two events each.
      expect((await taken).map((events) => events.length)).toEqual([2, 2]);
      hub.close();
      const ends = await Promise.all(streams.map(async (s) => {
        for (;;) if ((await s.next()).done) return true;
      }));
      expect(ends).toEqual([true, true]);
      const polls = source.polls;
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(SETTINGS.pollMs * 100);
      expect(source.polls).toBe(polls);
      expect(hub.stats()).toMatchObject({ pollers: 0, subscriptions: 0, tokens: 0 });
      expect(() => hub.subscribe('a', 'r', () => source)).toThrow();
    });

    it('the last subscriber leaving stops the poller', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const hub = createLiveHub(SETTINGS, noApi);
      const source = counter();
      const stream = hub.subscribe('a', 'r', () => source);
      const taken = take(stream, 2);
      await vi.advanceTimersByTimeAsync(SETTINGS.pollMs);
      expect(await taken).toEqual([1, 2]);
      await stream.return?.();
      const polls = source.polls;
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(SETTINGS.pollMs * 100);
      expect(source.polls).toBe(polls);
      expect(hub.stats()).toMatchObject({ pollers: 0, subscriptions: 0, tokens: 0 });
    });
  });
});

/**
 * Replicas sharing leases and a bus in memory, as Redis shares them between processes: a lease
 * is `SET NX PX` on the (fake) clock, the bus hands each message to every subscriber of its topic.
 */
function memoryCluster() {
  const leases = new Map<string, { owner: string; until: number }>();
  const topics = new Map<string, Set<(message: LiveMessage) => void>>();
  const bus: LiveBus = {
    publish: (topic, message) => {
      for (const listener of [...(topics.get(topic) ?? [])]) listener(structuredClone(message));
    },
    subscribe(topic, listener) {
      const listeners = topics.get(topic) ?? new Set();
      topics.set(topic, listeners.add(listener));
      return () => listeners.delete(listener);
    },
  };
  const topicCount = () => [...topics.values()].reduce((n, listeners) => n + listeners.size, 0);
  const replica = (replicaId: string) => {
    /** A replica that died keeps its lease until it expires. */
    let crashed = false;
    const cluster: LiveCluster = {
      replicaId,
      bus,
      callerKey: (token) => `caller-of-${token.length}`,
      leases: {
        async tryLead(key, ttlMs) {
          const lease = leases.get(key);
          if (lease && lease.until > Date.now() && lease.owner !== replicaId) return false;
          leases.set(key, { owner: replicaId, until: Date.now() + ttlMs });
          return true;
        },
        async renew(key, ttlMs) {
          const lease = leases.get(key);
          if (lease?.owner !== replicaId || lease.until <= Date.now()) return false;
          lease.until = Date.now() + ttlMs;
          return true;
        },
        async release(key) {
          if (!crashed && leases.get(key)?.owner === replicaId) leases.delete(key);
        },
      },
    };
    return { cluster, crash: () => (crashed = true) };
  };
  return { replica, leases, topicCount };
}

describe('the live hub on two replicas', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Two hubs, 5 subscribers of one (caller, resource) on each; each replica has its own source. */
  function twoReplicas() {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const shared = memoryCluster();
    const [a, b] = [shared.replica('replica-a'), shared.replica('replica-b')];
    const hubs = { a: createLiveHub(SETTINGS, noApi, a.cluster), b: createLiveHub(SETTINGS, noApi, b.cluster) };
    const sources = { a: counter(), b: counter() };
    const streams = {
      a: Array.from({ length: 5 }, () => hubs.a.subscribe('token-a', 'session:1', () => sources.a)),
      b: Array.from({ length: 5 }, () => hubs.b.subscribe('token-a', 'session:1', () => sources.b)),
    };
    return { shared, a, b, hubs, sources, streams };
  }

  it('only the lease holder polls; the other replica\'s subscribers get the same events', async () => {
    const { hubs, sources, streams, shared } = twoReplicas();
    const taken = Promise.all([...streams.a, ...streams.b].map((s) => take(s, 10)));
    // Ten intervals: a poll at 0, 5, ..., 45 ms.
    await vi.advanceTimersByTimeAsync(SETTINGS.pollMs * 9);
    for (const events of await taken) expect(events).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(sources).toMatchObject({ a: { polls: 10 }, b: { polls: 0 } });
    expect(hubs.a.stats().polls + hubs.b.stats().polls).toBe(10);
    expect([...shared.leases.values()].map((l) => l.owner)).toEqual(['replica-a']);
    hubs.a.close();
    hubs.b.close();
    expect(shared.topicCount()).toBe(0);
  });

  it('a leader whose subscribers leave hands the lease over at once: the follower polls on its next tick', async () => {
    const { hubs, sources, streams } = twoReplicas();
    await vi.advanceTimersByTimeAsync(SETTINGS.pollMs * 2);
    expect(sources).toMatchObject({ a: { polls: 3 }, b: { polls: 0 } });
    for (const stream of streams.a) await stream.return?.();
    await vi.advanceTimersByTimeAsync(SETTINGS.pollMs);
    expect(sources.a.polls).toBe(3);
    expect(sources.b.polls).toBe(1);
    // B's subscribers had A's three events, then B's own polls carry on.
    expect(await take(streams.b[0]!, 4)).toEqual([1, 2, 3, 1]);
    hubs.b.close();
  });

  it('a leader that died holding its lease is replaced once the lease expires, not before', async () => {
    const { a, hubs, sources, streams } = twoReplicas();
    await vi.advanceTimersByTimeAsync(SETTINGS.pollMs * 2);
    expect(sources).toMatchObject({ a: { polls: 3 }, b: { polls: 0 } });
    a.crash();
    hubs.a.close();
    // The lease (10 intervals from A's last renewal, at 10 ms) still holds at 55 ms.
    await vi.advanceTimersByTimeAsync(SETTINGS.pollMs * 9);
    expect(sources.b.polls).toBe(0);
    await vi.advanceTimersByTimeAsync(SETTINGS.pollMs * 2);
    expect(sources.b.polls).toBeGreaterThanOrEqual(1);
    expect(sources.a.polls).toBe(3);
    expect(await take(streams.b[0]!, 4)).toEqual([1, 2, 3, 1]);
    hubs.b.close();
  });
});
