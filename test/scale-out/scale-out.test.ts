/**
 * The scale-out proof: real redis-server and nginx on loopback, the simulator, two facade processes
 * behind nginx. The Redis scenarios wait for the facade to read REDIS_URL (FACADE_USES_REDIS).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FACADE_USES_REDIS,
  POLL_INTERVAL_MS,
  redisStoppedMidLoad,
  replicaKilledMidLoad,
  secondCaller,
  sharedCache,
  signInsFromTwoAddresses,
  sharingResumed,
  startScaleOutCluster,
  subscribersOnRunningSession,
  type ScaleOutCluster,
} from '../../scripts/scale-out.js';

let cluster: ScaleOutCluster;

beforeAll(async () => {
  cluster = await startScaleOutCluster(); // dist/ is built by test/global-setup.ts
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
}, 30_000);

describe('scale-out: two replicas behind nginx, one Redis', () => {
  it.runIf(FACADE_USES_REDIS)('the dashboard 100 times by one caller over both replicas costs one upstream set per TTL window', async () => {
    const figures = await sharedCache(cluster);
    console.log('scale-out shared cache', figures);
    expect(figures.failed).toBe(0);
    expect(figures.setSize).toBeGreaterThan(0);
    expect(figures.upstreamCalls).toBeLessThanOrEqual(figures.setSize * (figures.windows + 1));
    expect(figures.upstreamCalls).toBeLessThan(figures.setSize * 10);
  }, 120_000);

  it.runIf(FACADE_USES_REDIS)('a second caller is served none of the first caller\'s entries (data and Redis keys)', async () => {
    const figures = await secondCaller(cluster);
    expect(figures.operatorCalls).toBeGreaterThan(0);
    expect(figures.operatorData).not.toEqual(figures.adminData);
    expect(figures.adminCallersInRedis).toBeGreaterThanOrEqual(1);
    expect(figures.newCallersInRedis).toBe(1);
  }, 60_000);

  it.runIf(FACADE_USES_REDIS)('12 wrong passwords from one forwarded address over both replicas stop after 5; the right one from another address signs in', async () => {
    const figures = await signInsFromTwoAddresses(cluster);
    expect(figures.wrong).toEqual([...Array(5).fill('UNAUTHENTICATED'), ...Array(7).fill('RATE_LIMITED')]);
    // Shared through Redis: alternating replicas that counted alone would have let 10 through.
    expect(figures.wrongTokenCalls).toBe(5);
    expect(figures.user).toBe('ok');
    expect(figures.userTokenCalls).toBe(1);
  }, 60_000);

  it.runIf(FACADE_USES_REDIS)('Redis stopped mid-load: no request fails and the upstream takes the load; started again: sharing resumes', async () => {
    const down = await redisStoppedMidLoad(cluster);
    console.log('scale-out redis down', down);
    expect(down.failed).toBe(0);
    expect(down.upstreamCallsWhileDown).toBeGreaterThan(0);
    const resumed = await sharingResumed(cluster);
    expect(resumed.resumed).toBe(true);
  }, 120_000);

  it.runIf(FACADE_USES_REDIS)('10 subscribers spread over both replicas on one running session: one upstream poll per interval in total', async () => {
    const figures = await subscribersOnRunningSession(cluster);
    console.log('scale-out subscribers', figures, `interval ${POLL_INTERVAL_MS} ms`);
    for (const events of figures.eventsPerSubscriber) expect(events).toBeGreaterThan(0);
    expect(figures.polls).toBeLessThanOrEqual(figures.intervals + 1);
  }, 120_000);

  it('one replica SIGKILLed mid-load: no request fails beyond those in flight on it', async () => {
    const figures = await replicaKilledMidLoad(cluster);
    console.log('scale-out replica killed', figures);
    expect(figures.total).toBe(150);
    expect(figures.failedStartedAfterKill).toBe(0);
    expect(figures.failed).toBeLessThanOrEqual(figures.inFlightAtKill);
    expect(figures.total - figures.failed).toBeGreaterThan(100);
  }, 120_000);
});
