import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import type { RedisLink } from '../../src/cluster/index.js';
import { ensureServices, startRedisServer, type RedisServer } from '../scale-out/services.js';

/** A file's own redis-server on loopback, a plain client to look into it, and the links to close after the file. */
export interface RedisFixture {
  readonly url: string;
  readonly probe: Redis;
  /** Closed after the file's tests. */
  readonly links: RedisLink[];
}

/** Starts a redis-server before the file's tests and stops it (with the probe and every link) after them. */
export function useRedisServer(): RedisFixture {
  let redis: RedisServer | undefined;
  let probe: Redis | undefined;
  const links: RedisLink[] = [];
  beforeAll(async () => {
    ensureServices();
    redis = await startRedisServer();
    probe = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  }, 30_000);
  afterAll(async () => {
    probe?.disconnect();
    await Promise.all(links.map((link) => link.close()));
    await redis?.stop();
  });
  return {
    get url() {
      return redis!.url;
    },
    get probe() {
      return probe!;
    },
    links,
  };
}
