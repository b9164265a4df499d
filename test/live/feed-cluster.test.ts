import { createServer, type Server } from 'node:http';
import type { Client } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { SESSION_STEPS } from '../../src/simulator/index.js';
import type { RecordedRequest } from '../../src/simulator/server.js';
import { buildYoga } from '../../src/yoga.js';
import { HARNESS_DEFAULTS, startHarness, type Harness } from '../helpers/harness.js';
import { listen, sseClient, watch } from '../helpers/sse.js';
import { ensureServices, startRedisServer, type RedisServer } from '../scale-out/services.js';

const WAIT = { timeout: 20_000, interval: 10 };
const SESSION_UPDATED = 'subscription($id: ID!) { jobSessionUpdated(id: $id) { id status endTime } }';

let redis: RedisServer;
let h: Harness;
let second: ReturnType<typeof buildYoga>;
let servers: { url: string; close(): Promise<void> }[] = [];
const clients: Client[] = [];

beforeAll(async () => {
  ensureServices();
  redis = await startRedisServer();
  // The documented poll interval: a poller's lease lives ten of them, far longer than this test, so
  // a busy machine cannot let one run out and hand the reading to the other replica midway.
  const config = { redisUrl: redis.url, liveFeedTimeoutSeconds: 1 };
  h = await startHarness({ version: 'v8', simulator: { clock: 'manual' }, config });
  second = buildYoga({ config: { ...loadConfig({}), ...HARNESS_DEFAULTS, ...config }, upstreamUrl: new URL(h.simulator.baseUrl('v8')) });
  const server: Server = createServer(second);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  servers = [
    await listen(h),
    {
      url,
      close: async () => {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      },
    },
  ];
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.dispose();
  for (const server of servers) await server.close();
  await second?.dispose();
  await h?.close();
  await redis?.stop();
});

const isFeed = (r: RecordedRequest) => r.path.toLowerCase().startsWith('/v8/events?');

describe('two replicas over Redis', () => {
  it("read one feed for a caller, and one read per change reaches both replicas' subscribers", async () => {
    const job = h.simulator.data.jobs.find((j) => j.isEnabled && !h.simulator.data.sessions.some((s) => s.jobId === j.id && s.endTime === null))!;
    const started = await h.query(`mutation { startJob(id: "${job.id}") { session { id } } }`);
    const id = (started.data?.startJob as { session: { id: string } }).session.id;
    h.reset();
    const watchers = servers.map((server) => {
      const client = sseClient(server.url, h.adminToken);
      clients.push(client);
      return watch(client, SESSION_UPDATED, { id });
    });
    await expect.poll(() => watchers.every((w) => w.results.length === 1), WAIT).toBe(true);
    await expect.poll(() => h.calls().filter(isFeed).filter((r) => r.status === 200).length, WAIT).toBeGreaterThanOrEqual(4);
    const feed = h.calls().filter(isFeed);
    // One feed in the cluster: one reader's id, its polls one after another, never two at once.
    expect(new Set(feed.map((r) => r.requestId)).size).toBe(1);
    for (const [index, poll] of feed.slice(1).entries()) expect(poll.startedAt).toBeGreaterThanOrEqual(feed[index]!.endedAt ?? Infinity);
    expect(feed.filter((r) => new URL(r.path, 'http://x.invalid').searchParams.get('from') === 'latest').length).toBe(1);
    // The session was read once in the cluster while nothing happened.
    const gets = () => h.calls().filter((r) => r.path.toLowerCase() === `/v8/jobsessions/${id}`);
    expect(gets().length).toBe(1);
    await expect.poll(() => h.simulator.longPolls, WAIT).toBe(1);
    h.reset();
    h.simulator.advance(SESSION_STEPS);
    await Promise.all(watchers.map((w) => w.done));
    // The end: one read in the cluster, its answer on both replicas, as the last event.
    expect(gets().length).toBe(1);
    for (const w of watchers) expect((w.results.at(-1)?.data?.jobSessionUpdated as { endTime: string | null }).endTime).not.toBeNull();
  });

  it('a subscriber that joins on the other replica after the first read gets the state from the leader, without a read of its own', async () => {
    const job = h.simulator.data.jobs.find((j) => j.isEnabled && !h.simulator.data.sessions.some((s) => s.jobId === j.id && s.endTime === null))!;
    const started = await h.query(`mutation { startJob(id: "${job.id}") { session { id } } }`);
    const id = (started.data?.startJob as { session: { id: string } }).session.id;
    h.reset();
    const gets = () => h.calls().filter((r) => r.path.toLowerCase() === `/v8/jobsessions/${id}`);
    const [first, late] = servers.map((server) => {
      const client = sseClient(server.url, h.adminToken);
      clients.push(client);
      return client;
    });
    const leader = watch(first!, SESSION_UPDATED, { id });
    await expect.poll(() => leader.results.length, WAIT).toBe(1);
    expect(gets().length).toBe(1);
    // Nothing changes from now on: the state reaches the late subscriber only if the leader sends it again.
    const follower = watch(late!, SESSION_UPDATED, { id });
    await expect.poll(() => follower.results.length, WAIT).toBe(1);
    expect(follower.results[0]?.data).toEqual(leader.results[0]?.data);
    expect(gets().length).toBe(1);
    leader.dispose();
    follower.dispose();
  });
});
