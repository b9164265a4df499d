import { describe, expect, it } from 'vitest';
import { createBoundedLru } from '../../src/lru.js';

describe('createBoundedLru (estimates, parsed documents, parse errors)', () => {
  it('never holds more bytes than its bound, whatever is put in', () => {
    const lru = createBoundedLru<number>({ maxBytes: 64 * 1024, maxKeyBytes: 8 * 1024 });
    for (let i = 0; i < 10_000; i++) lru.set(`${i}:${'x'.repeat(i % 3000)}`, i);
    expect(lru.bytes).toBeLessThanOrEqual(64 * 1024);
    expect(lru.size).toBeGreaterThan(0);
  });

  it('keeps no key over maxKeyBytes, and weighs values as told', () => {
    const lru = createBoundedLru<string>({ maxBytes: 10_000, maxKeyBytes: 1_000, weightOf: (key) => key.length * 20 });
    lru.set('y'.repeat(600), 'big');
    expect(lru.size).toBe(0);
    lru.set('small', 'v');
    expect(lru.bytes).toBe('small'.length * 20 + 64);
  });

  it('evicts the least recently used entry first', () => {
    const lru = createBoundedLru<number>({ maxBytes: 3 * (2 + 64), maxKeyBytes: 100 });
    lru.set('a', 1);
    lru.set('b', 2);
    lru.set('c', 3);
    expect(lru.get('a')).toBe(1);
    lru.set('d', 4);
    expect([lru.get('a'), lru.get('b'), lru.get('c'), lru.get('d')]).toEqual([1, undefined, 3, 4]);
  });
});
