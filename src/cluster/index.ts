/** Coordination of facade replicas through Redis. */
export { createClusterEventTarget, type ClusterEventTarget } from './event-target.js';
export { createPollerLeases, type PollerLeases } from './poller-lease.js';
export { createRedisLink, type RedisLink, type RedisLinkOptions, type RedisState } from './redis.js';
export { createClusterSingleFlight, type ClusterSingleFlight, type ClusterSingleFlightOptions } from './single-flight.js';
export { createClusterSemaphore, SlotTimeout, type ClusterSemaphore, type ClusterSemaphoreOptions, type Release } from './semaphore.js';
export {
  createSignInLimiter,
  DEFAULT_SIGN_IN_RULES,
  type SignInAttempt,
  type SignInDecision,
  type SignInLimiter,
  type SignInLimiterOptions,
  type SignInRules,
} from './sign-in-limiter.js';
