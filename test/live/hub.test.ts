import { describe, expect, it } from 'vitest';
import type { BackupApi } from '../../src/datasource/backup-api.js';
import { createLiveHub, type LiveSettings, type Source } from '../../src/live/hub.js';

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
  it('1,000 subscribers of one resource share one poller: one poll per tick, and memory stays flat', async () => {
    const hub = createLiveHub(SETTINGS, noApi);
    const source = counter(20);
    const before = process.memoryUsage().heapUsed;
    const streams = Array.from({ length: 1_000 }, () => hub.subscribe('token-a', 'session:1', () => source));
    expect(hub.stats()).toMatchObject({ pollers: 1, subscriptions: 1_000 });
    const received = await Promise.all(streams.map((s) => take(s, 25)));
    // The source ended after 20 polls: every subscriber got the 20 events, in order, then completion.
    for (const events of received) expect(events).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(source.polls).toBe(20);
    expect(hub.stats()).toMatchObject({ pollers: 0, subscriptions: 0 });
    // Generous bound: 1,000 subscriptions and 20,000 delivered events hold no growing state.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
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

  it('close() (SIGTERM) ends every stream cleanly and stops polling', async () => {
    const hub = createLiveHub(SETTINGS, noApi);
    const source = counter();
    const streams = [hub.subscribe('a', 'r', () => source), hub.subscribe('b', 'r', () => source)];
    await Promise.all(streams.map((s) => take(s, 2)));
    hub.close();
    const ends = await Promise.all(streams.map(async (s) => {
      for (;;) if ((await s.next()).done) return true;
    }));
    expect(ends).toEqual([true, true]);
    const polls = source.polls;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(source.polls).toBe(polls);
    expect(hub.stats()).toMatchObject({ pollers: 0, subscriptions: 0 });
    expect(() => hub.subscribe('a', 'r', () => source)).toThrow();
  });

  it('the last subscriber leaving stops the poller', async () => {
    const hub = createLiveHub(SETTINGS, noApi);
    const source = counter();
    const stream = hub.subscribe('a', 'r', () => source);
    await take(stream, 2);
    await stream.return?.();
    const polls = source.polls;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(source.polls - polls).toBeLessThanOrEqual(1);
    expect(hub.stats().pollers).toBe(0);
  });
});
