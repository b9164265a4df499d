import { serverError } from './server-errors.js';

/** One server's stream of events. */
export interface ServerStream<E> {
  readonly name: string;
  readonly stream: AsyncIterableIterator<E>;
}

/**
 * The events of several servers' streams as one, each as soon as its server sends it. It ends
 * when every stream has ended; ending it (`return`) ends every stream. A stream that fails ends
 * the merged one with its error, named by `extensions.server`, and ends the others. Holds one
 * pending read per stream, nothing more.
 */
export function mergeStreams<E>(streams: readonly ServerStream<E>[]): AsyncIterableIterator<E> {
  type Settled = { index: number; result: IteratorResult<E> };
  const pending = new Map<number, Promise<Settled>>();
  const pull = (index: number) => {
    const { name, stream } = streams[index]!;
    const read = stream.next().then(
      (result) => ({ index, result }),
      (error: unknown) => {
        throw serverError(name, error);
      },
    );
    // Read by the race below; a read left pending when the merged stream ends must not be an unhandled rejection.
    read.catch(() => undefined);
    pending.set(index, read);
  };
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    pending.clear();
    await Promise.all(streams.map(({ stream }) => stream.return?.().catch(() => undefined)));
  };
  streams.forEach((_stream, index) => pull(index));
  const merged: AsyncIterableIterator<E> = {
    async next(): Promise<IteratorResult<E>> {
      while (!closed && pending.size > 0) {
        let settled: Settled;
        try {
          settled = await Promise.race(pending.values());
        } catch (error) {
          await close();
          throw error;
        }
        if (closed) break;
        if (settled.result.done) {
          pending.delete(settled.index);
          continue;
        }
        pull(settled.index);
        return { value: settled.result.value, done: false };
      }
      await close();
      return { value: undefined, done: true };
    },
    async return(): Promise<IteratorResult<E>> {
      await close();
      return { value: undefined, done: true };
    },
    async throw(error: unknown): Promise<IteratorResult<E>> {
      await close();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return merged;
    },
  };
  return merged;
}
