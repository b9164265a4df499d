import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import type { Redis } from 'ioredis';
import type { RedisLink } from './redis.js';

/** Yoga's typed event target, as the Redis one returns it. */
export type ClusterEventTarget<TEvent extends CustomEvent> = ReturnType<typeof createRedisEventTarget<TEvent>>;

/**
 * The event target for Yoga's `createPubSub({ eventTarget })`: events published on any replica
 * reach subscribers on every replica through Redis pub/sub (Yoga's Redis event target). While
 * Redis is down, events are delivered in this process only, where the local poller runs.
 */
export function createClusterEventTarget<TEvent extends CustomEvent>(link: RedisLink): ClusterEventTarget<TEvent> {
  // The Redis event target does not await PUBLISH; a failed one must not become an unhandled rejection.
  const publishClient = Object.create(link.client) as Redis;
  Object.defineProperty(publishClient, 'publish', {
    value: (channel: string, message: string) => link.client.publish(channel, message).catch(() => 0),
  });
  const remote = createRedisEventTarget<TEvent>({ publishClient, subscribeClient: link.subscriber() });
  const local = new EventTarget();
  return {
    addEventListener(type, listener) {
      remote.addEventListener(type, listener);
      local.addEventListener(type, listener as EventListenerOrEventListenerObject | null);
    },
    removeEventListener(type, listener) {
      remote.removeEventListener(type, listener);
      local.removeEventListener(type, listener as EventListenerOrEventListenerObject | null);
    },
    dispatchEvent(event) {
      if (link.state === 'up') return remote.dispatchEvent(event);
      return local.dispatchEvent(new CustomEvent(event.type, { detail: event.detail }));
    },
  };
}
