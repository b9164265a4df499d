import { describe, expect, it } from 'vitest';
import { cacheKey, callerOfKey, canonicalPathAndQuery, createLocalCache, ttlFor } from '../../src/cache/index.js';
import { tokenHash } from '../../src/token-hash.js';
import { isFinishedAt } from '../../src/upstream/routes.js';
import { decodeJobSession } from '../../src/upstream/resources/job-session.js';
import { decodeTitledLogItem, decodeTypedLogItem } from '../../src/upstream/resources/log-item.js';

describe('cacheKey', () => {
  it('keys by a one-way caller id and the canonical path; two tokens never share a key', () => {
    const a = cacheKey('token-a', '/jobsessions?limit=5');
    const b = cacheKey('token-b', '/jobsessions?limit=5');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^vbm:c:[A-Za-z0-9_-]{43}:\/jobsessions\?limit=5$/);
    expect(a).not.toContain('token-a');
    expect(callerOfKey(a)).toBe(tokenHash('token-a'));
    expect(callerOfKey('other:key')).toBeUndefined();
  });

  it('uses an HMAC under CACHE_KEY_SECRET when set, so ids differ per deployment', () => {
    expect(tokenHash('t', 'secret-1')).not.toBe(tokenHash('t', 'secret-2'));
    expect(tokenHash('t', 'secret-1')).not.toBe(tokenHash('t'));
  });

  it('sorts query names so equivalent queries share an entry', () => {
    expect(canonicalPathAndQuery('/jobsessions', { offset: 0, limit: 5 })).toBe('/jobsessions?limit=5&offset=0');
    expect(canonicalPathAndQuery('/jobsessions', { limit: 5, offset: 0 })).toBe('/jobsessions?limit=5&offset=0');
    expect(canonicalPathAndQuery('/jobs', {})).toBe('/jobs');
  });
});

describe('ttlFor and isFinishedAt', () => {
  it('keeps finished resources until the token expires, capped; others get the short TTL', () => {
    expect(ttlFor({ finished: false }, 3_000)).toBe(3_000);
    expect(ttlFor({ finished: false }, 0)).toBe(0);
    expect(ttlFor({ finished: true, tokenExpiresAt: 10_000 }, 3_000, { now: 4_000, finishedMaxTtlMs: 60_000 })).toBe(6_000);
    expect(ttlFor({ finished: true, tokenExpiresAt: 1_000 }, 3_000, { now: 4_000 })).toBe(0);
    expect(ttlFor({ finished: true }, 3_000, { finishedMaxTtlMs: 60_000 })).toBe(60_000);
  });

  it('calls a decoded session or log item finished once endTime is set; pages and lists never', () => {
    const sessionId = '859277ed-b238-458c-9dec-2830e45e15fc';
    const itemId = '11111111-2222-4333-8444-555555555555';
    const session = (endTime: string | null) => decodeJobSession({ id: sessionId, status: 'Success', creationTime: '2021-02-26T00:00:00Z', endTime, progress: 100 });
    const sessionFinished = (value: unknown) => isFinishedAt('jobSession', value);
    expect(sessionFinished(session('2021-02-26T01:00:00Z'))).toBe(true);
    expect(sessionFinished(session(null))).toBe(false);
    expect(sessionFinished(session('0001-01-01T00:00:00'))).toBe(false);
    const itemFinished = (value: unknown) => isFinishedAt('logItem', value);
    const item = { id: itemId, usn: 1, creationTime: '2021-02-26T00:00:00Z', endTime: '2021-02-26T01:00:00Z' };
    // Every version's shape decodes to the same model, and the model decides.
    expect(itemFinished(decodeTitledLogItem({ ...item, title: '[Success] Done' }))).toBe(true);
    expect(itemFinished(decodeTypedLogItem({ ...item, type: 'Success', message: 'Done' }))).toBe(true);
    expect(itemFinished(decodeTypedLogItem({ ...item, endTime: null, type: 'Running', message: 'Working' }))).toBe(false);
    expect(isFinishedAt('jobSessionPage', { items: [session('2021-02-26T01:00:00Z')] })).toBe(false);
    expect(isFinishedAt('job', { endTime: '2021-02-26T01:00:00Z' })).toBe(false);
  });
});

describe('createLocalCache', () => {
  const key = (token: string, n: number) => cacheKey(token, `/jobsessions/${n}`);

  it('stays under its byte bound, evicting the least recently used entries first', async () => {
    const cache = createLocalCache({ maxBytes: 2_000, maxCallerBytes: 2_000 });
    const value = 'x'.repeat(400);
    for (let n = 0; n < 10; n++) {
      await cache.set(key('a', n), value, 60_000);
      if (n === 1) expect(await cache.get(key('a', 0))).toBe(value); // touch entry 0
      expect(cache.stats().bytes).toBeLessThanOrEqual(2_000);
    }
    const per = Buffer.byteLength(key('a', 9)) + 400;
    expect(cache.stats().bytes).toBe(cache.stats().entries * per);
    expect(cache.stats().entries).toBe(Math.floor(2_000 / per));
    expect(await cache.get(key('a', 9))).toBe(value);
    expect(await cache.get(key('a', 1))).toBeUndefined();
  });

  it('counts bytes, not entries: one large value displaces many small ones', async () => {
    const cache = createLocalCache({ maxBytes: 4_000, maxCallerBytes: 4_000 });
    for (let n = 0; n < 20; n++) await cache.set(key('a', n), 'v', 60_000);
    expect(cache.stats().entries).toBe(20);
    await cache.set(key('a', 99), 'y'.repeat(3_500), 60_000);
    expect(cache.stats().bytes).toBeLessThanOrEqual(4_000);
    expect(cache.stats().entries).toBeLessThan(10);
    expect(await cache.get(key('a', 99))).toHaveLength(3_500);
  });

  it('refuses an entry over the per-entry cap and keeps what it had', async () => {
    const cache = createLocalCache({ maxBytes: 10_000, maxEntryBytes: 1_000 });
    await cache.set(key('a', 1), 'small', 60_000);
    await cache.set(key('a', 2), 'z'.repeat(2_000), 60_000);
    expect(await cache.get(key('a', 2))).toBeUndefined();
    expect(await cache.get(key('a', 1))).toBe('small');
  });

  it('one caller cannot evict another: each caller is bounded to its own share', async () => {
    const cache = createLocalCache({ maxBytes: 8_000, maxCallerBytes: 2_000 });
    await cache.set(key('victim', 1), 'kept', 60_000);
    for (let n = 0; n < 200; n++) await cache.set(key('greedy', n), 'g'.repeat(300), 60_000);
    expect(await cache.get(key('victim', 1))).toBe('kept');
    expect(cache.stats().bytes).toBeLessThanOrEqual(2_000 + Buffer.byteLength(key('victim', 1)) + 4);
  });

  it('expires entries after their TTL and forgets one caller on request', async () => {
    let clock = 1_000;
    const cache = createLocalCache({ now: () => clock });
    await cache.set(key('a', 1), 'one', 500);
    await cache.set(key('b', 1), 'two', 60_000);
    await cache.set(key('a', 2), 'off', 0);
    expect(await cache.get(key('a', 1))).toBe('one');
    expect(await cache.get(key('a', 2))).toBeUndefined();
    clock += 500;
    expect(await cache.get(key('a', 1))).toBeUndefined();
    await cache.forget(tokenHash('b'));
    expect(await cache.get(key('b', 1))).toBeUndefined();
    expect(cache.stats()).toEqual({ entries: 0, bytes: 0 });
  });
});
