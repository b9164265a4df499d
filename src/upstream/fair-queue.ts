import { facadeError } from '../errors.js';

/** Frees the slot; calling it more than once is harmless. */
export type Release = () => void;

/** Slot counts of the queue right now (for tests and metrics). */
export interface QueueStats {
  active: number;
  queued: number;
  callers: number;
}

/**
 * Connection slots shared by every caller, handed out round-robin between callers (one
 * caller's burst waits behind its own earlier calls, not in front of everyone else's), with a
 * bounded wait list in total and per caller. Callers are opaque keys; it holds nothing else.
 */
export interface FairQueue {
  /**
   * Resolves with a release function once a slot is free for this caller. Rejects with
   * UPSTREAM_OVERLOADED at once when the wait list (or the caller's share) is full, or when the
   * wait exceeds `maxWaitMs`; with the signal's reason when the caller gives up.
   */
  acquire(caller: string, signal?: AbortSignal): Promise<Release>;
  stats(): QueueStats;
}

interface Waiter {
  grant: (release: Release) => void;
  fail: (error: unknown) => void;
}

export interface FairQueueOptions {
  /** Slots in use at once (the upstream connections). */
  slots: number;
  /** Most waiters in total. */
  maxQueued: number;
  /** Most waiters of one caller. */
  maxQueuedPerCaller: number;
  /** Longest a waiter waits before it is shed. */
  maxWaitMs: number;
}

/** Builds the process-wide slot queue in front of the upstream connection pool. */
export function createFairQueue(options: FairQueueOptions): FairQueue {
  // Insertion order of this Map is the round-robin order: a served caller goes to the back.
  const waiting = new Map<string, Waiter[]>();
  let active = 0;
  let queued = 0;

  const release = (): Release => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      active--;
      dispatch();
    };
  };

  function dispatch() {
    while (active < options.slots) {
      const next = waiting.entries().next();
      if (next.done) return;
      const [caller, list] = next.value;
      const waiter = list.shift()!;
      waiting.delete(caller);
      if (list.length > 0) waiting.set(caller, list);
      queued--;
      active++;
      waiter.grant(release());
    }
  }

  const overloaded = (why: string) => facadeError('UPSTREAM_OVERLOADED', `The facade is busy (${why}); try again shortly.`);

  return {
    stats: () => ({ active, queued, callers: waiting.size }),

    acquire(caller, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (active < options.slots && waiting.size === 0) {
        active++;
        return Promise.resolve(release());
      }
      const list = waiting.get(caller) ?? [];
      if (queued >= options.maxQueued) return Promise.reject(overloaded('too many upstream calls are waiting'));
      if (list.length >= options.maxQueuedPerCaller) return Promise.reject(overloaded('this caller has too many upstream calls waiting'));
      return new Promise<Release>((resolve, reject) => {
        const leave = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          const mine = waiting.get(caller);
          const index = mine?.indexOf(waiter) ?? -1;
          if (mine && index >= 0) {
            mine.splice(index, 1);
            queued--;
            if (mine.length === 0) waiting.delete(caller);
          }
        };
        const waiter: Waiter = {
          grant(releaseSlot) {
            clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
            resolve(releaseSlot);
          },
          fail(error) {
            leave();
            reject(error);
          },
        };
        const onAbort = () => waiter.fail(signal?.reason);
        const timer = setTimeout(() => waiter.fail(overloaded('no upstream connection became free in time')), options.maxWaitMs);
        signal?.addEventListener('abort', onAbort, { once: true });
        list.push(waiter);
        queued++;
        if (!waiting.has(caller)) waiting.set(caller, list);
      });
    },
  };
}
