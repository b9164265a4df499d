import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { facadeError, type ErrorCode } from '../errors.js';
import { tokenHash } from '../token-hash.js';
import type { BackupApi } from '../datasource/backup-api.js';
import { Channel } from './channel.js';
import { createFeedRegistry, type CallerFeed, type FeedHooks, type FeedStats, type FeedWatcher } from './feed.js';
import type { ApiForToken, LiveCluster, LiveMessage } from './types.js';

export type { ApiForToken, LeaderElection, LiveBus, LiveCluster, LiveMessage } from './types.js';

/** What one poll of a watched resource found. */
export interface PollResult<E> {
  /** New events, in order, for every subscriber of the resource. */
  events: E[];
  /** The resource will not change any more (a session ended): subscribers complete after these events. */
  done: boolean;
}

/** How a resource is watched: one instance per (token, resource), shared by its subscribers. */
export interface Source<E> {
  poll(api: BackupApi): Promise<PollResult<E>>;
  /** What a subscriber that joins a running poller gets first (the latest state), if anything. */
  current?(): E[];
  /** Cluster mode: what a follower needs to carry on where the leader is (latest state, offset reached), as JSON. */
  snapshot?(): unknown;
  /** Cluster mode: takes the leader's published snapshot, so `current`, catch-ups and a takeover start from it. */
  follow?(snapshot: unknown): void;
  /**
   * What the server's feed reports about this resource (`JobSession:<id>`, `RestoreSession:<id>`,
   * `JobSession:*`): where the caller's feed covers them all, the resource is read once at start
   * and then once per change the feed reports, not on a timer.
   */
  readonly subjects?: readonly string[];
}

/** One subscriber's view of a shared stream of events. */
export interface SubscribeOptions<E, S extends Source<E>> {
  /** Events this subscriber wants (e.g. log items after its `afterUsn`); all when absent. */
  accept?: (event: E) => boolean;
  /** Events to send before the shared ones (a late joiner's catch-up), read with the caller's token. */
  prelude?: (source: S) => Promise<E[]>;
}

export interface LiveSettings {
  /** Base poll interval; it backs off while nothing changes and on upstream errors. */
  pollMs: number;
  maxPerToken: number;
  maxTotal: number;
  /** Events queued per subscriber before it is ended as too slow. */
  maxQueued: number;
  /** LIVE_FEED_TIMEOUT_SECONDS: one v8 long poll's wait; 0 or absent turns the feed off (pollers only). */
  feedTimeoutSeconds?: number;
}

export interface LiveStats {
  pollers: number;
  subscriptions: number;
  /** Polls done since the hub started, all resources. */
  polls: number;
  /** Tokens with at least one open subscription (the per-token counts kept). */
  tokens: number;
}

/** Process-wide registry of pollers; holds a token only inside the pollers that watch for it. */
export interface LiveHub {
  /** The caller's subscriptions; throws SUBSCRIPTION_LIMIT or UNAUTHENTICATED before any upstream call. */
  subscribe<E, S extends Source<E>>(token: string | undefined, resource: string, source: () => S, options?: SubscribeOptions<E, S>): AsyncIterableIterator<E>;
  /**
   * One subscription of the caller that no poller serves (e.g. `alertRaised`), counted against
   * the same per-token and total limits; throws SUBSCRIPTION_LIMIT or UNAUTHENTICATED. Returns
   * the release, to call once the stream ends (later calls do nothing).
   */
  hold(token: string | undefined): () => void;
  stats(): LiveStats;
  /** The callers' feeds in this process: how many run, and their reads since the hub started. */
  feedStats(): FeedStats;
  /** Ends every stream (SIGTERM): subscribers complete, pollers stop. */
  close(): void;
}

const TRANSIENT: ReadonlySet<string> = new Set(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT', 'UPSTREAM_OVERLOADED', 'UPSTREAM_BUDGET_EXHAUSTED']);

function asGraphQLError(error: unknown): GraphQLError {
  return error instanceof GraphQLError ? error : facadeError('UPSTREAM_BAD_RESPONSE', 'Watching this resource failed.');
}

const MAX_BACKOFF = 4;
const MAX_ERROR_BACKOFF = 8;
/** Events per feed answer. */
const FEED_LIMIT = 1000;

/**
 * Builds the process's hub; with `cluster`, pollers and feeds are coordinated across replicas.
 * `hooks` see the feed's changes (the cache drops entries on them) and a server without a feed.
 */
export function createLiveHub(settings: LiveSettings, apiFor: ApiForToken, cluster?: LiveCluster, hooks: Omit<FeedHooks, 'onRefused'> = {}): LiveHub {
  // A leader renews its lease on each tick, and a tick waits at most MAX_ERROR_BACKOFF intervals.
  const leaseMs = settings.pollMs * (MAX_ERROR_BACKOFF + 2);
  const pollers = new Map<string, Poller<unknown>>();
  const perToken = new Map<string, number>();
  const closing = new AbortController();
  let subscriptions = 0;
  let polls = 0;
  const feedTimeoutSeconds = settings.feedTimeoutSeconds ?? 0;
  const feeds =
    feedTimeoutSeconds > 0
      ? createFeedRegistry({ timeoutSeconds: feedTimeoutSeconds, pollMs: settings.pollMs, limit: FEED_LIMIT }, apiFor, cluster, {
          ...hooks,
          onRefused: (tokenKey, error) => endToken(tokenKey, error),
        })
      : undefined;
  // An event-driven leader renews its lease this often while nothing changes (no upstream call).
  const keepaliveMs = settings.pollMs * MAX_BACKOFF;

  class Subscriber<E> {
    readonly channel: Channel<E>;
    private pending: E[] | undefined;
    private endAfterPrelude = false;

    constructor(
      private readonly poller: Poller<E>,
      private readonly accept: ((event: E) => boolean) | undefined,
      private readonly prelude: (() => Promise<E[]>) | undefined,
    ) {
      this.channel = new Channel<E>(settings.maxQueued, () => this.leave());
      this.pending = prelude ? [] : undefined;
    }

    /** The stream is over: complete now, or after a catch-up still being read. */
    finish(): void {
      if (this.pending) this.endAfterPrelude = true;
      else this.channel.end();
    }

    deliver(event: E): void {
      if (this.pending) {
        if (this.pending.length >= settings.maxQueued) this.channel.fail(facadeError('SUBSCRIPTION_LIMIT', 'This subscription fell too far behind its events and was ended.'));
        else this.pending.push(event);
        return;
      }
      if (!this.accept || this.accept(event)) this.channel.push(event);
    }

    async start(): Promise<void> {
      if (!this.prelude) return;
      try {
        const first = await this.prelude();
        const later = this.pending ?? [];
        this.pending = undefined;
        for (const event of [...first, ...later]) this.deliver(event);
        if (this.endAfterPrelude) this.channel.end();
      } catch (error) {
        this.channel.fail(error);
        this.leave();
      }
    }

    leave(): void {
      this.poller.remove(this);
    }
  }

  class Poller<E> implements FeedWatcher {
    readonly subscribers = new Set<Subscriber<E>>();
    readonly subjects: readonly string[];
    private timer: NodeJS.Timeout | undefined;
    private delay = settings.pollMs;
    private running = false;
    /** The caller's feed, when the source names subjects the feed covers. */
    private feed: CallerFeed | undefined;
    /** Reads follow the feed (once per change), not a timer. */
    private eventDriven = false;
    /** The first tick waited for the feed's place. */
    private settled = false;
    /** A change arrived during a read: read once more after it. */
    private again = false;
    private readonly controller = new AbortController();
    private readonly id = `poll-${randomUUID()}`;
    /** Cluster mode: the lease and topic of this (caller, resource), and whether this replica polls. */
    private readonly shared: { lease: string; topic: string; unsubscribe: () => void } | undefined;
    private leading = false;
    /** A follower had a message from the leader, so it knows the state. */
    private heard = false;

    constructor(
      readonly key: string,
      readonly tokenKey: string,
      private readonly token: string,
      resource: string,
      readonly source: Source<E>,
    ) {
      closing.signal.addEventListener('abort', () => this.controller.abort(), { once: true, signal: this.controller.signal });
      if (cluster) {
        const lease = `${cluster.callerKey(token)}:${resource}`;
        const topic = `vbm:live:${lease}`;
        this.shared = { lease, topic, unsubscribe: cluster.bus.subscribe(topic, (message) => this.follow(message)) };
      }
      this.subjects = source.subjects ?? [];
    }

    /** The feed reports a change of this resource (or lost its place): one read, shared by every subscriber. */
    changed(): void {
      if (!this.eventDriven || this.controller.signal.aborted) return;
      if (this.running) this.again = true;
      else this.schedule(0);
    }

    /** The feed turned out not to cover this resource: back to the timer. */
    fallback(): void {
      if (!this.eventDriven) return;
      this.eventDriven = false;
      if (!this.running) this.schedule(settings.pollMs);
    }

    /** A result the leader on another replica published (or, to a leader, a follower's ask for the state). */
    private follow(message: LiveMessage): void {
      if (!cluster || message.from === cluster.replicaId || this.controller.signal.aborted) return;
      if (message.ask) {
        // A follower that joined after the last read: the state it missed again, without a read.
        const snapshot = this.leading ? this.source.snapshot?.() : undefined;
        if (snapshot !== undefined) this.publish({ events: [], snapshot, done: false });
        return;
      }
      if (this.leading) return;
      this.heard = true;
      if (message.error) return this.endAll(facadeError(message.error.code as ErrorCode, message.error.message));
      const hadState = (this.source.current?.() ?? []).length > 0;
      if (message.snapshot !== undefined) this.source.follow?.(message.snapshot);
      const events = message.events as E[];
      // Subscribers that joined before this replica knew the state get it now.
      const first = events.length === 0 && !hadState ? (this.source.current?.() ?? []) : [];
      for (const subscriber of this.subscribers) for (const event of [...first, ...events]) subscriber.deliver(event);
      if (message.done) this.endAll();
    }

    private publish(message: Omit<LiveMessage, 'from'>): void {
      if (cluster && this.shared) cluster.bus.publish(this.shared.topic, { from: cluster.replicaId, ...message });
    }

    /** Cluster mode: takes or keeps the lease; false means another replica polls. */
    private async lead(): Promise<boolean> {
      if (!cluster || !this.shared) return true;
      const { leases } = cluster;
      this.leading = this.leading ? await leases.renew(this.shared.lease, leaseMs) : await leases.tryLead(this.shared.lease, leaseMs);
      return this.leading;
    }

    add(subscriber: Subscriber<E>): void {
      this.subscribers.add(subscriber);
      subscriptions++;
      perToken.set(this.tokenKey, (perToken.get(this.tokenKey) ?? 0) + 1);
      for (const event of this.source.current?.() ?? []) subscriber.deliver(event);
      if (this.subscribers.size === 1 && !this.running) {
        if (feeds && this.subjects.length > 0) this.feed = feeds.watch(this.token, this.tokenKey, this);
        this.schedule(0);
      }
    }

    remove(subscriber: Subscriber<E>): void {
      if (!this.subscribers.delete(subscriber)) return;
      subscriptions--;
      const left = (perToken.get(this.tokenKey) ?? 1) - 1;
      if (left > 0) perToken.set(this.tokenKey, left);
      else perToken.delete(this.tokenKey);
      if (this.subscribers.size === 0) this.stop();
    }

    /** Ends every subscriber, with `error` or cleanly. */
    endAll(error?: GraphQLError): void {
      for (const subscriber of [...this.subscribers]) {
        if (error) subscriber.channel.fail(error);
        else subscriber.finish();
        this.remove(subscriber);
      }
      this.stop();
    }

    private stop(): void {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.controller.abort();
      this.feed?.remove(this);
      if (pollers.get(this.key) === this) pollers.delete(this.key);
      if (cluster && this.shared) {
        this.shared.unsubscribe();
        // Handing over at once: a follower elsewhere takes the lease on its next tick.
        if (this.leading) void cluster.leases.release(this.shared.lease);
        this.leading = false;
      }
    }

    /** `read` false: an event-driven leader only renews its lease. */
    private schedule(ms: number, read = true): void {
      if (this.controller.signal.aborted) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.tick(read), ms);
      this.timer.unref();
    }

    private async tick(read = true): Promise<void> {
      this.running = true;
      try {
        if (!this.settled) {
          // The feed first learns its place, so a change after this resource's first read is not missed.
          this.settled = true;
          if (this.feed) {
            await this.feed.ready;
            const feed = this.feed;
            this.eventDriven = this.subjects.every((subject) => feed.covers(subject));
          }
        }
        if (cluster) {
          const wasLeading = this.leading;
          if (!(await this.lead())) {
            // A follower: the leader's results arrive by `follow`; check the lease again next interval.
            // Until one arrives, ask for the state: an event-driven leader publishes only on changes.
            if (!this.heard) this.publish({ events: [], done: false, ask: true });
            this.delay = settings.pollMs;
            return this.schedule(this.delay);
          }
          // Taking over: the previous leader may have missed a change.
          if (!wasLeading) read = true;
        }
        if (this.controller.signal.aborted) {
          if (this.shared && this.leading) void cluster?.leases.release(this.shared.lease);
          return;
        }
        if (!read) return this.schedule(keepaliveMs, false);
        polls++;
        const { events, done } = await this.source.poll(apiFor(this.token, this.controller.signal, this.id));
        if (this.controller.signal.aborted) return;
        this.publish({ events, snapshot: this.source.snapshot?.(), done });
        for (const subscriber of this.subscribers) for (const event of events) subscriber.deliver(event);
        if (done) return this.endAll();
        // Event-driven: the next read comes with the next change; a leader only keeps its lease meanwhile.
        if (this.eventDriven) {
          this.delay = settings.pollMs;
          return cluster ? this.schedule(keepaliveMs, false) : undefined;
        }
        this.delay = events.length > 0 ? settings.pollMs : Math.min(this.delay * 1.5, settings.pollMs * MAX_BACKOFF);
        this.schedule(this.delay);
      } catch (error) {
        if (this.controller.signal.aborted) return;
        const code = (error as Partial<GraphQLError>).extensions?.code;
        if (code === undefined || !TRANSIENT.has(code)) {
          const final = asGraphQLError(error);
          this.publish({ events: [], done: true, error: { code: final.extensions.code ?? 'UPSTREAM_BAD_RESPONSE', message: final.message } });
          // A token the server stopped accepting ends all of that token's subscriptions.
          if (code === 'UNAUTHENTICATED') return endToken(this.tokenKey, error as GraphQLError);
          // Anything but a passing upstream failure will not get better by asking again.
          return this.endAll(final);
        }
        this.delay = Math.min(this.delay * 2, settings.pollMs * MAX_ERROR_BACKOFF);
        this.schedule(this.delay);
      } finally {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.schedule(0);
        }
      }
    }
  }

  const endToken = (tokenKey: string, error: GraphQLError) => {
    for (const poller of [...pollers.values()]) if (poller.tokenKey === tokenKey) poller.endAll(error);
  };

  /** The caller's token key, when it may open one more subscription; else throws. */
  const admit = (token: string | undefined): { tokenKey: string; bearer: string } => {
    if (token === undefined) throw facadeError('UNAUTHENTICATED', 'Send "Authorization: Bearer <token>" to subscribe.');
    if (closing.signal.aborted) throw facadeError('UPSTREAM_UNAVAILABLE', 'The server is shutting down.');
    const tokenKey = tokenHash(token);
    if ((perToken.get(tokenKey) ?? 0) >= settings.maxPerToken) {
      throw facadeError('SUBSCRIPTION_LIMIT', `At most ${settings.maxPerToken} subscriptions per token; close one first.`);
    }
    if (subscriptions >= settings.maxTotal) {
      throw facadeError('SUBSCRIPTION_LIMIT', 'This server has as many open subscriptions as it accepts; try again later.');
    }
    return { tokenKey, bearer: token };
  };

  return {
    hold(token) {
      const { tokenKey } = admit(token);
      subscriptions++;
      perToken.set(tokenKey, (perToken.get(tokenKey) ?? 0) + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        subscriptions--;
        const left = (perToken.get(tokenKey) ?? 1) - 1;
        if (left > 0) perToken.set(tokenKey, left);
        else perToken.delete(tokenKey);
      };
    },
    subscribe<E, S extends Source<E>>(token: string | undefined, resource: string, source: () => S, options: SubscribeOptions<E, S> = {}) {
      const { tokenKey, bearer } = admit(token);
      const key = `${tokenKey}\n${resource}`;
      let poller = pollers.get(key) as Poller<E> | undefined;
      if (!poller) {
        poller = new Poller<E>(key, tokenKey, bearer, resource, source());
        pollers.set(key, poller as Poller<unknown>);
      }
      const shared = poller.source as S;
      const prelude = options.prelude && (() => options.prelude!(shared));
      const subscriber = new Subscriber<E>(poller, options.accept, prelude);
      poller.add(subscriber);
      void subscriber.start();
      return subscriber.channel;
    },
    stats: () => ({ pollers: pollers.size, subscriptions, polls, tokens: perToken.size }),
    feedStats: () => feeds?.stats() ?? { feeds: 0, reads: 0 },
    close() {
      closing.abort();
      feeds?.close();
      for (const poller of [...pollers.values()]) poller.endAll();
    },
  };
}
