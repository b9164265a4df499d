import { facadeError } from '../errors.js';

/**
 * A push-fed async iterable for one subscriber: events queue until the subscriber's stream
 * takes them. The queue is bounded: a subscriber that stops reading is ended with an error
 * instead of growing the process's memory.
 */
export class Channel<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private failWaiting: ((error: unknown) => void) | undefined;
  private ended = false;
  private error: unknown;

  constructor(
    private readonly maxQueued: number,
    private readonly onReturn: () => void,
  ) {}

  push(value: T): void {
    if (this.ended) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.failWaiting = undefined;
      resolve({ value, done: false });
      return;
    }
    if (this.queue.length >= this.maxQueued) {
      this.fail(facadeError('SUBSCRIPTION_LIMIT', 'This subscription fell too far behind its events and was ended.'));
      return;
    }
    this.queue.push(value);
  }

  /** Ends the stream after the queued events. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.settleWaiting();
  }

  /** Ends the stream with an error (after the queued events). */
  fail(error: unknown): void {
    if (this.ended) return;
    this.error = error;
    this.ended = true;
    this.settleWaiting();
  }

  get closed(): boolean {
    return this.ended;
  }

  next(): Promise<IteratorResult<T>> {
    const value = this.queue.shift();
    if (value !== undefined) return Promise.resolve({ value, done: false });
    if (this.ended) return this.error === undefined ? Promise.resolve({ value: undefined, done: true }) : Promise.reject(this.takeError());
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failWaiting = reject;
    });
  }

  /** The subscriber left (the client closed the stream). */
  return(): Promise<IteratorResult<T>> {
    this.queue.length = 0;
    this.ended = true;
    this.error = undefined;
    this.settleWaiting();
    this.onReturn();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private takeError(): unknown {
    const error = this.error;
    this.error = undefined;
    return error;
  }

  private settleWaiting(): void {
    if (!this.waiting || this.queue.length > 0) return;
    const resolve = this.waiting;
    const reject = this.failWaiting;
    this.waiting = this.failWaiting = undefined;
    if (this.error === undefined) resolve({ value: undefined, done: true });
    else reject?.(this.takeError());
  }
}
