import type { BreakerState } from './breaker.js';

/** The GraphQL request (or live poller) an upstream attempt belongs to; one object per request, compared by identity. */
export interface RequestScope {
  readonly requestId: string;
}

/** The name an upstream built without one goes by: VBM_API_URL's one server. */
export { DEFAULT_SERVER_NAME } from '../model.js';

/** One upstream attempt, reported when it ends: its outcome (status, or the error's code) and how long it took. */
export interface UpstreamRequestEvent {
  type: 'request';
  /** The configured backup server's name (`default` for VBM_API_URL's one server): a bounded label. */
  server: string;
  /** Whose attempt it was; undefined for clients built without one. */
  scope: RequestScope | undefined;
  method: string;
  /** The route template (`/jobsessions/{id}`), never a raw path with ids. */
  template: string;
  /** The HTTP status, when an answer came (also when its body then failed). */
  status: number | undefined;
  durationMs: number;
  /** 1 for the first attempt of a call, 2 for its first retry, ... */
  attempt: number;
  /** The failure's code (`ECONNREFUSED`, `TimeoutError`, ...) when no whole answer was read. */
  error?: string;
}

/** One lookup of the shared cache under the loaders. */
export type CacheOutcome = 'hit' | 'miss' | 'bypass';

/** Where cached upstream answers live: this process only, the shared Redis, or this process because Redis is down. */
export type CacheLocation = 'local' | 'redis' | 'degraded';

/** What the upstream machinery, the cache over it and the loaders report; each listener switches on `type`. */
export type UpstreamEvent =
  | UpstreamRequestEvent
  | { type: 'breaker'; server: string; state: BreakerState }
  | { type: 'cache'; outcome: CacheOutcome }
  | { type: 'cache-state'; state: CacheLocation }
  | { type: 'loader-hit'; loader: string };

/** Runs synchronously on the emitter's path: it must be cheap and must not throw. */
export type UpstreamListener = (event: UpstreamEvent) => void;

/** The process's one stream of upstream events: metrics, tracing and the API version's re-check subscribe to it. */
export interface UpstreamEvents {
  /** Adds a listener; the function returned removes it. */
  subscribe(listener: UpstreamListener): () => void;
  emit(event: UpstreamEvent): void;
}

/**
 * Builds a stream with no listeners. Listeners live in an array replaced on each (rare)
 * subscribe or unsubscribe, so `emit` walks a stable array without copying it.
 */
export function createUpstreamEvents(): UpstreamEvents {
  let listeners: readonly UpstreamListener[] = [];
  return {
    subscribe(listener) {
      listeners = [...listeners, listener];
      return () => {
        listeners = listeners.filter((l) => l !== listener);
      };
    },
    emit(event) {
      const current = listeners;
      for (let i = 0; i < current.length; i++) current[i]!(event);
    },
  };
}

/** The cache lookup events, built once: a lookup emits one of these, allocating nothing. */
export const CACHE_LOOKUP: Readonly<Record<CacheOutcome, UpstreamEvent>> = {
  hit: { type: 'cache', outcome: 'hit' },
  miss: { type: 'cache', outcome: 'miss' },
  bypass: { type: 'cache', outcome: 'bypass' },
};
