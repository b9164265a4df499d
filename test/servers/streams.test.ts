import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { mergeStreams } from '../../src/servers/streams.js';

/** A stream that yields what `push` gives it, ends on `end`, fails on `fail`; counts `return` calls. */
function controlled<E>() {
  const queue: IteratorResult<E>[] = [];
  const waiting: { resolve: (r: IteratorResult<E>) => void; reject: (e: unknown) => void }[] = [];
  let returned = 0;
  const deliver = (result: IteratorResult<E> | { error: unknown }) => {
    const waiter = waiting.shift();
    if (!waiter) {
      if ('error' in result) throw new Error('no reader');
      queue.push(result);
    } else if ('error' in result) waiter.reject(result.error);
    else waiter.resolve(result);
  };
  const stream: AsyncIterableIterator<E> = {
    next: () => (queue.length > 0 ? Promise.resolve(queue.shift()!) : new Promise((resolve, reject) => waiting.push({ resolve, reject }))),
    return: async () => {
      returned += 1;
      for (const waiter of waiting.splice(0)) waiter.resolve({ value: undefined, done: true });
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return {
    stream,
    push: (value: E) => deliver({ value, done: false }),
    end: () => deliver({ value: undefined, done: true }),
    fail: (error: unknown) => deliver({ error }),
    returned: () => returned,
  };
}

describe('mergeStreams', () => {
  it('yields each stream\'s events as they come and ends when every stream has ended', async () => {
    const a = controlled<string>();
    const b = controlled<string>();
    const merged = mergeStreams([{ name: 'eu1', stream: a.stream }, { name: 'us1', stream: b.stream }]);
    b.push('b1');
    expect(await merged.next()).toEqual({ value: 'b1', done: false });
    a.push('a1');
    expect(await merged.next()).toEqual({ value: 'a1', done: false });
    a.end();
    b.push('b2');
    expect(await merged.next()).toEqual({ value: 'b2', done: false });
    b.end();
    expect(await merged.next()).toEqual({ value: undefined, done: true });
  });

  it('a failing stream ends the merged one with its error naming the server, and ends the others', async () => {
    const a = controlled<string>();
    const b = controlled<string>();
    const merged = mergeStreams([{ name: 'eu1', stream: a.stream }, { name: 'us1', stream: b.stream }]);
    const next = merged.next();
    b.fail(new GraphQLError('The backup server is unavailable.', { extensions: { code: 'UPSTREAM_UNAVAILABLE' } }));
    await expect(next).rejects.toMatchObject({ extensions: { code: 'UPSTREAM_UNAVAILABLE', server: 'us1' } });
    expect(a.returned()).toBe(1);
    expect(await merged.next()).toEqual({ value: undefined, done: true });
  });

  it('return ends every stream', async () => {
    const a = controlled<string>();
    const b = controlled<string>();
    const merged = mergeStreams([{ name: 'eu1', stream: a.stream }, { name: 'us1', stream: b.stream }]);
    const pending = merged.next();
    await merged.return!();
    expect([a.returned(), b.returned()]).toEqual([1, 1]);
    expect(await pending).toEqual({ value: undefined, done: true });
  });
});
