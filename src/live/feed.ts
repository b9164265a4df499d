import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GraphQLError } from 'graphql';
import type { BackupApi } from '../datasource/backup-api.js';
import type { FeedEventModel } from '../upstream/resources/event.js';
import type { ApiForToken, LiveCluster, LiveMessage } from './types.js';

/** What changed, as the live layer and the cache read it: one resource of a kind the feed reports. */
export interface FeedChange {
  kind: 'JobSession' | 'Job' | 'RestoreSession';
  id: string;
  /** A session's job, when the feed names it. */
  jobId?: string;
}

/** What a feed tells one watched resource (a poller). */
export interface FeedWatcher {
  /** `<kind>:<id>` of the resources it shows, or `<kind>:*` for any of a kind (e.g. `JobSession:*`). */
  readonly subjects: readonly string[];
  /** One of them changed, or the feed lost its place: read again. */
  changed(): void;
  /** The feed no longer covers it (the server has none after all): poll on a timer again. */
  fallback(): void;
}

/** How a caller's feed reads: the v8 long poll, the v7 change feed of sessions, or nothing. */
export type FeedMode = 'events' | 'changes' | 'none';

export interface FeedSettings {
  /** LIVE_FEED_TIMEOUT_SECONDS: how long one v8 long poll may wait; 0 turns the feed off (pollers everywhere). */
  timeoutSeconds: number;
  /** SUBSCRIPTION_POLL_MS: the v7 change feed's read interval, retries' base, and followers' lease checks. */
  pollMs: number;
  /** Events per answer. */
  limit: number;
}

export interface FeedHooks {
  /** Each batch of changes the feed read (leader only): the app drops the caller's cached entries. */
  onChanges?: (token: string, changes: readonly FeedChange[]) => void;
  /** A v8 server without `/Events` (404): said once per process. */
  onMissing?: () => void;
  /** The server stopped accepting the caller's token: the hub ends the caller's subscriptions. */
  onRefused?: (tokenKey: string, error: GraphQLError) => void;
}

export interface FeedStats {
  /** Callers with a running feed in this process. */
  feeds: number;
  /** Feed reads done in this process (long polls and change-feed pages). */
  reads: number;
}

/** One caller's feed, shared by that caller's watchers in this process. */
export interface CallerFeed {
  /** Settles once the feed knows where it starts (or that it covers nothing); never rejects. */
  readonly ready: Promise<void>;
  /** Whether changes of this subject arrive by the feed (after `ready`). */
  covers(subject: string): boolean;
  add(watcher: FeedWatcher): void;
  remove(watcher: FeedWatcher): void;
}

export interface FeedRegistry {
  /**
   * Adds the watcher to the caller's feed when that feed covers all its subjects (the feed starts
   * with its first watcher and stops after the last one leaves); undefined when it does not, and
   * the watcher polls on a timer.
   */
  watch(token: string, tokenKey: string, watcher: FeedWatcher): CallerFeed | undefined;
  stats(): FeedStats;
  close(): void;
}

const code = (error: unknown): string | undefined => (error as Partial<GraphQLError>).extensions?.code as string | undefined;

/** Retries of a failing feed wait up to this many intervals. */
const MAX_BACKOFF = 8;
/** The v7 change feed slows down to this many intervals while nothing changes. */
const MAX_IDLE_BACKOFF = 4;
/** Change-feed pages one v7 read walks at most (a long backlog is caught up over several reads). */
const CHANGE_PAGES_PER_READ = 10;
/** How much longer than one long poll may last the feed's lease lives (a leader renews after each answer). */
const LEASE_MARGIN_MS = 15_000;

/** `<kind>:<id>` and `<kind>:*` of a change: what watchers subscribe to. */
export function subjectsOf(change: FeedChange): string[] {
  return [`${change.kind}:${change.id}`, `${change.kind}:*`];
}

/** The events the live layer follows, as changes; other event types are left out. */
export function changesOf(events: readonly FeedEventModel[]): FeedChange[] {
  const changes: FeedChange[] = [];
  for (const event of events) {
    if (event.id === null) continue;
    switch (event.eventType) {
      case 'JobSessionUpdate':
      case 'JobSessionDelete':
        changes.push({ kind: 'JobSession', id: event.id, ...(event.jobId === null ? {} : { jobId: event.jobId }) });
        break;
      case 'JobUpdate':
      case 'JobDelete':
        changes.push({ kind: 'Job', id: event.id });
        break;
      case 'RestoreSessionUpdate':
      case 'RestoreSessionDelete':
        changes.push({ kind: 'RestoreSession', id: event.id });
        break;
    }
  }
  return changes;
}

/** What each mode reports. */
const COVERED: Readonly<Record<FeedMode, readonly FeedChange['kind'][]>> = {
  events: ['JobSession', 'Job', 'RestoreSession'],
  changes: ['JobSession'],
  none: [],
};

/** The leader's word to the other replicas: changes read, where the feed is, and how it reads. */
interface FeedSnapshot {
  mode: FeedMode;
  from?: string;
  /** The feed started over: every watcher reads again. */
  resync?: boolean;
}

/**
 * One feed per caller: on v8 a long poll of `/Events` (`timeoutSeconds` each, its own deadline),
 * on v7 reads of `/JobSessions/Changes` every interval, on v5/v6 nothing. It starts with its first
 * watcher and stops after the last one leaves. With `cluster`, one replica reads a caller's feed
 * (a lease, as the pollers have) and publishes what it read; the others hand it to their watchers.
 *
 * The first read of a v8 feed is `from=latest` with no wait, so the feed knows its place before
 * the watchers' first reads (`ready`): nothing that changes after those reads is missed. A token
 * the server calls outdated (400) starts over the same way, then every watcher reads again.
 */
export function createFeedRegistry(settings: FeedSettings, apiFor: ApiForToken, cluster: LiveCluster | undefined, hooks: FeedHooks = {}): FeedRegistry {
  const feeds = new Map<string, Feed>();
  const closing = new AbortController();
  let reads = 0;
  let missingSaid = false;
  const leaseMs = settings.timeoutSeconds * 1000 + LEASE_MARGIN_MS + settings.pollMs * 2;

  class Feed implements CallerFeed {
    readonly watchers = new Set<FeedWatcher>();
    readonly ready: Promise<void>;
    private settle!: () => void;
    private mode: FeedMode;
    private from: string | undefined;
    private resync = false;
    private readonly controller = new AbortController();
    private readonly id = `feed-${randomUUID()}`;
    private readonly shared: { lease: string; topic: string; unsubscribe: () => void } | undefined;
    private leading = false;
    private started = false;

    constructor(
      readonly tokenKey: string,
      private readonly token: string,
    ) {
      this.ready = new Promise((resolve) => (this.settle = resolve));
      closing.signal.addEventListener('abort', () => this.controller.abort(), { once: true, signal: this.controller.signal });
      const version = apiFor(token, this.controller.signal, this.id).version;
      this.mode = settings.timeoutSeconds <= 0 ? 'none' : version === 'v8' ? 'events' : version === 'v7' ? 'changes' : 'none';
      if (cluster && this.mode !== 'none') {
        const lease = `feed:${cluster.callerKey(token)}`;
        const topic = `vbm:live:${lease}`;
        this.shared = { lease, topic, unsubscribe: cluster.bus.subscribe(topic, (message) => this.follow(message)) };
      }
    }

    /** v7's change feed covers single sessions; a watcher of every session (`JobSession:*`) reads that feed itself. */
    covers(subject: string): boolean {
      const [kind = '', id] = subject.split(':');
      if (this.mode === 'changes' && id === '*') return false;
      return (COVERED[this.mode] as readonly string[]).includes(kind);
    }

    add(watcher: FeedWatcher): void {
      this.watchers.add(watcher);
      if (this.started) return;
      this.started = true;
      if (this.mode === 'none') this.settle();
      else void this.run();
    }

    remove(watcher: FeedWatcher): void {
      if (!this.watchers.delete(watcher) || this.watchers.size > 0) return;
      this.stop();
    }

    stop(): void {
      this.controller.abort();
      this.settle();
      if (feeds.get(this.tokenKey) === this) feeds.delete(this.tokenKey);
      if (cluster && this.shared) {
        this.shared.unsubscribe();
        if (this.leading) void cluster.leases.release(this.shared.lease);
        this.leading = false;
      }
    }

    private deliver(changes: readonly FeedChange[], resync: boolean): void {
      if (resync) {
        for (const watcher of [...this.watchers]) watcher.changed();
        return;
      }
      const subjects = new Set(changes.flatMap(subjectsOf));
      for (const watcher of [...this.watchers]) if (watcher.subjects.some((subject) => subjects.has(subject))) watcher.changed();
    }

    private fallBack(): void {
      this.mode = 'none';
      this.settle();
      for (const watcher of [...this.watchers]) watcher.fallback();
    }

    /** What the leader on another replica read. */
    private follow(message: LiveMessage): void {
      if (!cluster || message.from === cluster.replicaId || this.leading || this.controller.signal.aborted) return;
      const snapshot = message.snapshot as Partial<FeedSnapshot> | undefined;
      if (typeof snapshot?.from === 'string') this.from = snapshot.from;
      if (snapshot?.mode === 'none' && this.mode !== 'none') return this.fallBack();
      this.deliver(message.events as FeedChange[], snapshot?.resync === true);
    }

    private publish(changes: readonly FeedChange[], resync = false): void {
      if (!cluster || !this.shared) return;
      const snapshot: FeedSnapshot = { mode: this.mode, ...(this.from === undefined ? {} : { from: this.from }), ...(resync ? { resync } : {}) };
      cluster.bus.publish(this.shared.topic, { from: cluster.replicaId, events: [...changes], snapshot, done: false });
    }

    private async lead(): Promise<boolean> {
      if (!cluster || !this.shared) return true;
      const { leases } = cluster;
      this.leading = this.leading ? await leases.renew(this.shared.lease, leaseMs) : await leases.tryLead(this.shared.lease, leaseMs);
      return this.leading;
    }

    private async run(): Promise<void> {
      const { signal } = this.controller;
      let delay = settings.pollMs;
      let failures = 0;
      while (!signal.aborted && this.mode !== 'none') {
        try {
          if (!(await this.lead())) {
            // Another replica reads the feed; its place and changes arrive by `follow`.
            this.settle();
            await sleep(settings.pollMs, undefined, { signal });
            continue;
          }
          if (signal.aborted) break;
          const api = apiFor(this.token, signal, this.id);
          const idle = this.mode === 'events' ? await this.readEvents(api) : await this.readChanges(api);
          failures = 0;
          if (this.mode === 'changes') {
            delay = idle ? Math.min(delay * 1.5, settings.pollMs * MAX_IDLE_BACKOFF) : settings.pollMs;
            await sleep(delay, undefined, { signal });
          }
        } catch (error) {
          if (signal.aborted) break;
          const failure = code(error);
          if (failure === 'NOT_FOUND' || failure === 'NOT_SUPPORTED_BY_SERVER') {
            if (!missingSaid) hooks.onMissing?.();
            missingSaid = true;
            this.fallBack();
            this.publish([]);
            break;
          }
          if (failure === 'BAD_USER_INPUT' && this.from !== undefined) {
            // An outdated or unknown change token: start over from the present, then read everything watched.
            this.from = undefined;
            this.resync = true;
            continue;
          }
          if (failure === 'UNAUTHENTICATED') {
            this.settle();
            hooks.onRefused?.(this.tokenKey, error as GraphQLError);
            break;
          }
          // A passing failure (or anything else): the same place is read again, later.
          this.settle();
          failures++;
          await sleep(settings.pollMs * Math.min(2 ** (failures - 1), MAX_BACKOFF), undefined, { signal }).catch(() => undefined);
        }
      }
      if (this.shared && this.leading && signal.aborted) void cluster?.leases.release(this.shared.lease);
    }

    /** One long poll (or, without a place yet, `latest` at once); true when nothing changed. */
    private async readEvents(api: BackupApi): Promise<boolean> {
      const from = this.from;
      reads++;
      const page = await api.events(from ?? 'latest', { limit: settings.limit, timeoutSeconds: from === undefined ? 0 : settings.timeoutSeconds });
      if (this.controller.signal.aborted) return true;
      this.from = page.nextChangeToken;
      const changes = from === undefined ? [] : changesOf(page.events);
      return this.after(changes);
    }

    /** Change-feed pages up to the present; the first walk only learns where the present is. */
    private async readChanges(api: BackupApi): Promise<boolean> {
      const baseline = this.from === undefined;
      const changes: FeedChange[] = [];
      for (let page = 0; page < CHANGE_PAGES_PER_READ; page++) {
        reads++;
        const read = await api.sessionChanges(this.from, {});
        if (read === undefined) throw Object.assign(new Error('no change feed'), { extensions: { code: 'NOT_SUPPORTED_BY_SERVER' } });
        if (this.controller.signal.aborted) return true;
        this.from = read.nextChangeToken;
        if (!baseline) changes.push(...read.sessions.map((session): FeedChange => ({ kind: 'JobSession', id: session.id, ...(session.jobId === null ? {} : { jobId: session.jobId }) })));
        if (!read.more) break;
      }
      return this.after(changes);
    }

    private after(changes: readonly FeedChange[]): boolean {
      const resync = this.resync;
      this.resync = false;
      if (changes.length > 0) hooks.onChanges?.(this.token, changes);
      this.publish(changes, resync);
      this.settle();
      this.deliver(changes, resync);
      return changes.length === 0 && !resync;
    }
  }

  return {
    watch(token, tokenKey, watcher) {
      if (closing.signal.aborted) return undefined;
      let feed = feeds.get(tokenKey);
      if (!feed) {
        feed = new Feed(tokenKey, token);
        if (!watcher.subjects.every((subject) => feed?.covers(subject))) {
          feed.stop();
          return undefined;
        }
        feeds.set(tokenKey, feed);
      }
      const found = feed;
      if (!watcher.subjects.every((subject) => found.covers(subject))) return undefined;
      found.add(watcher);
      return found;
    },
    stats: () => ({ feeds: feeds.size, reads }),
    close() {
      closing.abort();
      for (const feed of [...feeds.values()]) feed.stop();
    },
  };
}
