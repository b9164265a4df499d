import { Redis } from 'ioredis';

/** Whether the shared Redis answers: `up` once ready, `down` after a close or error until it is ready again. */
export type RedisState = 'up' | 'down';

/** One connection to the shared Redis plus its observed state; built once per process. */
export interface RedisLink {
  readonly client: Redis;
  readonly state: RedisState;
  /**
   * The state once the first connection attempt has ended: `up` when it got ready, `down` when it
   * failed (or the link was closed first); after that, the state at once. Until then `state` reads
   * `down` although Redis may answer in a moment, so what two replicas must not both do (lead a
   * poller) waits on this rather than read `state`.
   */
  settled(): Promise<RedisState>;
  /** A second connection in subscriber mode (pub/sub needs its own), created on first use. */
  subscriber(): Redis;
  close(): Promise<void>;
}

export interface RedisLinkOptions {
  /** `redis://[:password@]host:port[/db]` or `rediss://...`; never logged (it may hold a password). */
  url: string;
  /** Called once per change of state (for a log line and a metric), never twice for the same state. */
  onStateChange?: (state: RedisState) => void;
  /** A Redis command that takes longer than this fails and the caller falls back; default 500 ms. */
  commandTimeoutMs?: number;
  /** Longest pause between reconnection attempts; default 2 s. */
  maxReconnectDelayMs?: number;
  connectionName?: string;
}

/** Longest wait for the first connection; past it the link counts as down (ioredis keeps trying). */
const FIRST_ATTEMPT_MAX_MS = 10_000;

/**
 * Connects to `REDIS_URL` for the cache and the cluster coordination. Commands fail fast while
 * Redis is down (no offline queue, one try), so callers fall back at once instead of waiting;
 * the client keeps reconnecting by itself with a capped backoff.
 */
export function createRedisLink(options: RedisLinkOptions): RedisLink {
  const maxDelay = options.maxReconnectDelayMs ?? 2_000;
  const settings = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 500,
    connectTimeout: 2_000,
    retryStrategy: (times: number) => Math.min(50 * 2 ** Math.min(times, 10), maxDelay),
    connectionName: options.connectionName ?? 'vbm365-graphql',
    lazyConnect: false,
  } as const;
  const client = new Redis(options.url, settings);
  let state: RedisState = 'down';
  let subscriber: Redis | undefined;
  let attempted!: () => void;
  const firstAttempt = new Promise<void>((resolve) => {
    // ioredis bounds the connect and the handshake's commands, but not a Redis that answers LOADING.
    const cap = setTimeout(resolve, FIRST_ATTEMPT_MAX_MS).unref();
    attempted = () => {
      clearTimeout(cap);
      resolve();
    };
  });
  const set = (next: RedisState) => {
    attempted();
    if (next === state) return;
    state = next;
    options.onStateChange?.(next);
  };
  client.on('ready', () => set('up'));
  client.on('close', () => set('down'));
  client.on('end', () => set('down'));
  // Without a listener ioredis prints every failed reconnect; the state change is the signal.
  client.on('error', () => set(client.status === 'ready' ? 'up' : 'down'));

  return {
    client,
    get state() {
      return state;
    },
    async settled() {
      await firstAttempt;
      return state;
    },
    subscriber() {
      if (!subscriber) {
        // Subscriptions are replayed on reconnect, so this one keeps its offline queue.
        subscriber = resubscribing(new Redis(options.url, { ...settings, enableOfflineQueue: true, maxRetriesPerRequest: null, commandTimeout: undefined, autoResubscribe: false }));
        subscriber.on('error', () => undefined);
      }
      return subscriber;
    },
    async close() {
      // Nobody waits for a first connection that will not come.
      attempted();
      client.removeAllListeners('close');
      client.removeAllListeners('end');
      // The subscriber queues commands while offline: QUIT would wait for a Redis that may never come back.
      await Promise.allSettled([client.quit(), subscriber?.status === 'ready' ? subscriber.quit() : undefined]);
      client.disconnect();
      subscriber?.disconnect();
    },
  };
}

/**
 * Subscriptions replayed on reconnect, with their failure handled: ioredis's own replay
 * (`autoResubscribe`) sends SUBSCRIBE without a catch, so a connection closed before its reply
 * (Redis stopped again, or the link closed) is an unhandled rejection. This client records what
 * is subscribed through it and subscribes again itself on each `ready`.
 */
function resubscribing(client: Redis): Redis {
  const channels = new Set<string>();
  const subscribe = client.subscribe.bind(client) as (...channels: string[]) => Promise<unknown>;
  const unsubscribe = client.unsubscribe.bind(client) as (...channels: string[]) => Promise<unknown>;
  const names = (args: unknown[]) => args.filter((arg): arg is string => typeof arg === 'string');
  let connected = false;
  client.subscribe = ((...args: unknown[]) => {
    for (const channel of names(args)) channels.add(channel);
    return subscribe(...names(args));
  }) as Redis['subscribe'];
  client.unsubscribe = ((...args: unknown[]) => {
    const given = names(args);
    if (given.length === 0) channels.clear();
    for (const channel of given) channels.delete(channel);
    return unsubscribe(...given);
  }) as Redis['unsubscribe'];
  client.on('ready', () => {
    // The first `ready` sends what was queued before it; later ones follow a reconnect.
    if (connected && channels.size > 0) subscribe(...channels).catch(() => undefined);
    connected = true;
  });
  return client;
}
