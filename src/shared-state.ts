import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { createLocalCache } from './cache/local-cache.js';
import { createRedisCache } from './cache/redis-cache.js';
import type { CacheState, UpstreamCache } from './cache/types.js';
import type { Config } from './config.js';
import { tokenHash } from './token-hash.js';
import type { LiveBus, LiveCluster, LiveMessage } from './live/hub.js';
import { createClusterEventTarget } from './cluster/event-target.js';
import { createPollerLeases } from './cluster/poller-lease.js';
import { createClusterSingleFlight, type ClusterSingleFlight } from './cluster/single-flight.js';
import { REFRESH_REUSE_MS } from './servers/sessions.js';
import { createRedisLink, type RedisLink } from './cluster/redis.js';
import { createClusterSemaphore, type ClusterSemaphore } from './cluster/semaphore.js';
import { createSignInLimiter, type SignInLimiter } from './cluster/sign-in-limiter.js';

/** What the replicas share (or, without REDIS_URL, what this process keeps for itself); built once per process. */
export interface SharedState {
  /** Upstream JSON per caller: the in-process LRU, or Redis over it. */
  cache: UpstreamCache;
  /** Loads of one key in flight in this process, shared by the caller's concurrent requests. */
  inflight: Map<string, Promise<unknown>>;
  /** The cluster-wide cap on upstream requests; only with REDIS_URL. */
  semaphore: ClusterSemaphore | undefined;
  /** The sign-in limits; undefined when every rule is turned off. */
  signIn: SignInLimiter | undefined;
  /** Poller coordination; only with REDIS_URL. */
  live: LiveCluster | undefined;
  /** Work done once in the cluster (a session's refresh); only with REDIS_URL. */
  flights: ClusterSingleFlight | undefined;
  /** The one Redis connection (REDIS_URL), for the other cluster-wide stores (alerts); undefined without it. */
  redis: RedisLink | undefined;
  close(): Promise<void>;
}

export interface SharedStateOptions {
  logger?: Logger;
  /** Sees each change of where cached entries go (a metric). */
  onCacheState?: (state: CacheState) => void;
  /** The clock of the cache (entry lifetimes, token marks) and of the in-process sign-in counts (tests); Redis counts on its own clock. */
  now?: () => number;
}

/**
 * Builds the cache, the caps and the poller coordination from the configuration. Without
 * REDIS_URL: a local LRU and local sign-in limits, nothing else (one replica on its own).
 * With it: one Redis connection for all of them; while it is down each falls back to this
 * process, and every change of its state is logged once (never the URL, which may hold a password).
 */
export function createSharedState(config: Config, options: SharedStateOptions = {}): SharedState {
  const { logger } = options;
  const local = createLocalCache({ maxBytes: config.cacheMaxBytes, now: options.now });
  const rules = { perSecond: config.signInPerSecond, perMinute: config.signInPerMinute, perMinutePerAddress: config.signInPerMinutePerAddress };
  const secret = config.cacheKeySecret;
  let link: RedisLink | undefined;
  let cache: UpstreamCache = local;
  if (config.redisUrl) {
    let seen = false;
    link = createRedisLink({
      url: config.redisUrl,
      onStateChange: (state) => {
        seen = true;
        if (state === 'up') logger?.warn('Redis connected: cache, upstream cap and live pollers are shared by the replicas');
        else logger?.warn('Redis unreachable: serving from the backup server and this process\'s cache; reconnecting');
        options.onCacheState?.(state === 'up' ? 'redis' : 'degraded');
      },
    });
    // A Redis that never answered does not change state; say so once as well.
    link.client.once('error', () => {
      if (!seen) logger?.warn('Redis unreachable: serving from the backup server and this process\'s cache; reconnecting');
      seen = true;
    });
    cache = createRedisCache({ link, local });
  }
  options.onCacheState?.(cache.state());

  const semaphore = link
    ? createClusterSemaphore({
        link,
        limit: config.upstreamClusterConcurrency,
        // One caller may hold a quarter of the cluster's slots, so it cannot starve the others.
        perCallerLimit: Math.max(1, Math.floor(config.upstreamClusterConcurrency / 4)),
        waitMs: config.queueTimeoutMs,
      })
    : undefined;

  const leases = link ? createPollerLeases(link) : undefined;
  const live: LiveCluster | undefined = link && leases ? { replicaId: randomUUID(), leases, bus: liveBus(link), callerKey: (token) => tokenHash(token, secret) } : undefined;
  // A refresh waits for another replica's as long as one upstream call may take (queued, then its deadline).
  const flights = link && leases ? createClusterSingleFlight(link, { leases, waitMs: config.queueTimeoutMs + config.timeoutMs, keepMs: REFRESH_REUSE_MS }) : undefined;

  return {
    cache,
    inflight: new Map(),
    semaphore,
    signIn: Object.values(rules).some((limit) => limit > 0) ? createSignInLimiter({ link, rules, secret, now: options.now }) : undefined,
    live,
    flights,
    redis: link,
    async close() {
      await cache.close();
      await link?.close();
    },
  };
}

/** Live results over Yoga's Redis event target (in-process only while Redis is down). */
function liveBus(link: RedisLink): LiveBus {
  const target = createClusterEventTarget<CustomEvent<LiveMessage>>(link);
  return {
    publish: (topic, message) => target.dispatchEvent(new CustomEvent(topic, { detail: message })),
    subscribe(topic, listener) {
      const callback = (event: CustomEvent<LiveMessage>) => listener(event.detail);
      target.addEventListener(topic, callback);
      return () => target.removeEventListener(topic, callback);
    },
  };
}
