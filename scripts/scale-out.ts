/**
 * The scale-out proof on one machine: a real redis-server and nginx on loopback, the
 * v5 simulator, and two facade processes (`node dist/index.mjs`) behind nginx. `npm run scale-out`
 * prints the figures; test/scale-out/scale-out.test.ts asserts them. Every load loop is bounded
 * in count and in time.
 */
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { Q3_QUERY } from '../bench/scenarios.js';
import { DEMO_USERS, startSimulator, type Simulator } from '../src/simulator/index.js';
import { startFacadeProcess, type RunningProcess } from '../test/helpers/process.js';
import { ensureServices, freePort, startNginx, startRedisServer, type Nginx, type RedisServer } from '../test/scale-out/services.js';
import { buildFacade } from './build.js';

/** Whether the Redis scenarios run (cache, poller leases, caps); SCALE_OUT_REDIS=0 skips them. */
export const FACADE_USES_REDIS = process.env.SCALE_OUT_REDIS !== '0';

/** CACHE_TTL_MS given to both replicas. */
export const SCALE_OUT_TTL_MS = 2_000;
/** SUBSCRIPTION_POLL_MS given to both replicas. */
export const POLL_INTERVAL_MS = Number(process.env.SCALE_OUT_POLL_INTERVAL_MS ?? 1_000);
/** The simulator's step: a started session changes every step for 6 steps, longer than the observation. */
export const SIM_STEP_MS = 1_500;

export const DASHBOARD_QUERY = Q3_QUERY;

interface Replica {
  port: number;
  process: RunningProcess;
}

/** Everything the scenarios run against; `stop()` ends every process it started, by PID. */
export interface ScaleOutCluster {
  redis: RedisServer;
  simulator: Simulator;
  replicas: Replica[];
  nginx: Nginx;
  /** A token per demo user, issued by the simulator. */
  tokens: { admin: string; operator: string };
  startReplica(index: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts redis-server, the simulator, two facade replicas and nginx, all on 127.0.0.1. */
export async function startScaleOutCluster(options: { build?: boolean } = {}): Promise<ScaleOutCluster> {
  ensureServices();
  if (options.build) await buildFacade();
  const redis = await startRedisServer();
  const simulator = await startSimulator({ host: '127.0.0.1', port: 0, stepMs: SIM_STEP_MS });
  const ports = [await freePort(), await freePort()];
  const replicas: Replica[] = [];
  const startReplica = async (index: number) => {
    const process = startFacadeProcess({
      HOST: '127.0.0.1',
      PORT: String(ports[index]),
      VBM_API_URL: simulator.url,
      REDIS_URL: redis.url,
      CACHE_TTL_MS: String(SCALE_OUT_TTL_MS),
      SUBSCRIPTION_POLL_MS: String(POLL_INTERVAL_MS),
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_MS: '2000',
      // nginx (on 127.0.0.1) names the client in X-Forwarded-For.
      TRUSTED_PROXIES: '127.0.0.1',
      // Only the failure counts (shared through Redis) decide the sign-in scenario, not its pace.
      SIGN_IN_PER_SECOND: '0',
    });
    await process.waitFor(/listening: http/, 20_000);
    replicas[index] = { port: ports[index]!, process };
  };
  let nginx: Nginx | undefined;
  const stop = async () => {
    await nginx?.stop();
    for (const r of replicas) {
      if (r && r.process.child.exitCode === null && r.process.child.signalCode === null) {
        r.process.child.kill('SIGKILL');
        await r.process.exited;
      }
    }
    await simulator.close();
    await redis.stop();
  };
  try {
    await Promise.all([startReplica(0), startReplica(1)]);
    nginx = await startNginx(ports);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    redis,
    simulator,
    replicas,
    nginx,
    tokens: { admin: simulator.issueToken(DEMO_USERS[0]!.userName), operator: simulator.issueToken(DEMO_USERS[1]!.userName) },
    startReplica,
    stop,
  };
}

export interface RequestRecord {
  startedAt: number;
  endedAt: number;
  ok: boolean;
  status: number;
  data?: unknown;
}

/** POSTs `query` `total` times, `concurrency` at a time; each request is bounded by a 20 s timeout. */
export async function runLoad(options: {
  url: string;
  token: string;
  total: number;
  concurrency: number;
  query?: string;
  onCompleted?: (completed: number) => void | Promise<void>;
}): Promise<RequestRecord[]> {
  const records: RequestRecord[] = [];
  let next = 0;
  let completed = 0;
  const worker = async () => {
    while (next < options.total) {
      next++;
      const startedAt = performance.now();
      let record: RequestRecord;
      try {
        const response = await fetch(`${options.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
          body: JSON.stringify({ query: options.query ?? DASHBOARD_QUERY }),
          signal: AbortSignal.timeout(20_000),
        });
        const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
        record = { startedAt, endedAt: performance.now(), status: response.status, ok: response.status === 200 && !body.errors, data: body.data };
      } catch {
        record = { startedAt, endedAt: performance.now(), status: 0, ok: false };
      }
      records.push(record);
      await options.onCompleted?.(++completed);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return records;
}

const upstreamGets = (simulator: Simulator) => simulator.requests.filter((r) => r.method === 'GET').length;

/** Replica 0 is SIGKILLed after a third of the load; requests started after the kill must all succeed. */
export async function replicaKilledMidLoad(cluster: ScaleOutCluster, total = 150, concurrency = 6) {
  // The kill takes effect between the signal and the exit seen here: both bound "in flight".
  let killStart = Infinity;
  let killDone = Infinity;
  const records = await runLoad({
    url: cluster.nginx.url,
    token: cluster.tokens.admin,
    total,
    concurrency,
    onCompleted: async (completed) => {
      if (completed === Math.floor(total / 3)) {
        killStart = performance.now();
        cluster.replicas[0]!.process.child.kill('SIGKILL');
        await cluster.replicas[0]!.process.exited;
        killDone = performance.now();
      }
    },
  });
  const inFlightAtKill = records.filter((r) => r.startedAt < killDone && r.endedAt > killStart).length;
  const failed = records.filter((r) => !r.ok).length;
  const failedStartedAfterKill = records.filter((r) => !r.ok && r.startedAt >= killDone).length;
  return { total: records.length, failed, inFlightAtKill, failedStartedAfterKill };
}

/** One caller's dashboard 100 times over nginx (both replicas), 50 ms apart so the load spans several TTL windows: upstream calls per window. */
export async function sharedCache(cluster: ScaleOutCluster, total = 100, pauseMs = 50) {
  cluster.simulator.resetRequests();
  await runLoad({ url: `http://127.0.0.1:${cluster.replicas[0]!.port}`, token: cluster.tokens.admin, total: 1, concurrency: 1 });
  const setSize = upstreamGets(cluster.simulator);
  cluster.simulator.resetRequests();
  const started = performance.now();
  const records = await runLoad({
    url: cluster.nginx.url,
    token: cluster.tokens.admin,
    total,
    concurrency: 1,
    onCompleted: () => new Promise((resolve) => setTimeout(resolve, pauseMs)),
  });
  const windows = Math.ceil((performance.now() - started) / SCALE_OUT_TTL_MS);
  return { requests: records.length, failed: records.filter((r) => !r.ok).length, setSize, upstreamCalls: upstreamGets(cluster.simulator), windows };
}

/** A second user's dashboard: its own upstream calls and data, and no key of the first caller read. */
export async function secondCaller(cluster: ScaleOutCluster) {
  const client = new Redis(cluster.redis.url, { maxRetriesPerRequest: 1 });
  try {
    cluster.simulator.resetRequests();
    const callersNow = async () => new Set((await client.keys('vbm:c:*')).map((k) => k.split(':')[2]));
    const [admin] = await runLoad({ url: cluster.nginx.url, token: cluster.tokens.admin, total: 1, concurrency: 1 });
    // Read right after each caller's request: short-TTL entries may expire on a busy machine.
    const afterAdmin = await callersNow();
    const [operator] = await runLoad({ url: cluster.nginx.url, token: cluster.tokens.operator, total: 1, concurrency: 1 });
    const afterOperator = await callersNow();
    const operatorCalls = cluster.simulator.requests.filter((r) => r.authorization === `Bearer ${cluster.tokens.operator}`).length;
    // The operator's request wrote entries under a caller id of its own, never under the admin's.
    const newCallers = [...afterOperator].filter((id) => !afterAdmin.has(id)).length;
    return { adminData: admin?.data, operatorData: operator?.data, operatorCalls, adminCallersInRedis: afterAdmin.size, newCallersInRedis: newCallers };
  } finally {
    client.disconnect();
  }
}

const SIGN_IN = 'mutation ($u: String!, $p: String!) { createToken(username: $u, password: $p) { userName } }';

/** One sign-in through nginx, as a client at `forwardedFor` behind another proxy: the first error code, or `ok`. */
async function signInThroughNginx(cluster: ScaleOutCluster, password: string, forwardedFor: string): Promise<string> {
  const response = await fetch(`${cluster.nginx.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ query: SIGN_IN, variables: { u: DEMO_USERS[0]!.userName, p: password } }),
    signal: AbortSignal.timeout(20_000),
  });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return body.errors?.[0]?.extensions?.code ?? 'ok';
}

/**
 * 12 wrong passwords for one user from 203.0.113.5, round-robin over both replicas, then the right
 * one from 198.51.100.7: what each answered, and the `/token` calls the backup server saw.
 */
export async function signInsFromTwoAddresses(cluster: ScaleOutCluster) {
  cluster.simulator.resetRequests();
  const tokenCalls = () => cluster.simulator.requests.filter((r) => r.method === 'POST' && r.path.toLowerCase().endsWith('/token')).length;
  const wrong: string[] = [];
  for (let i = 0; i < 12; i++) wrong.push(await signInThroughNginx(cluster, `wrong-${i}`, '203.0.113.5'));
  const wrongTokenCalls = tokenCalls();
  const user = await signInThroughNginx(cluster, DEMO_USERS[0]!.password, '198.51.100.7');
  return { wrong, wrongTokenCalls, user, userTokenCalls: tokenCalls() - wrongTokenCalls };
}

/** Redis stopped after a third of the load: no request fails and upstream calls rise; then started again. */
export async function redisStoppedMidLoad(cluster: ScaleOutCluster, total = 90) {
  cluster.simulator.resetRequests();
  const records = await runLoad({
    url: cluster.nginx.url,
    token: cluster.tokens.admin,
    total,
    concurrency: 3,
    onCompleted: async (completed) => {
      if (completed === Math.floor(total / 3)) await cluster.redis.stop();
    },
  });
  const upstreamCallsWhileDown = upstreamGets(cluster.simulator);
  await cluster.redis.start();
  return { failed: records.filter((r) => !r.ok).length, upstreamCallsWhileDown };
}

/** After Redis is back: a dashboard read on replica 0 is served to the same caller on replica 1 without upstream calls. */
export async function sharingResumed(cluster: ScaleOutCluster, deadlineMs = 15_000) {
  const deadline = performance.now() + deadlineMs;
  for (let attempt = 1; performance.now() < deadline; attempt++) {
    await new Promise((r) => setTimeout(r, SCALE_OUT_TTL_MS + 100)); // let entries of the previous phase expire
    await runLoad({ url: `http://127.0.0.1:${cluster.replicas[0]!.port}`, token: cluster.tokens.admin, total: 1, concurrency: 1 });
    cluster.simulator.resetRequests();
    await runLoad({ url: `http://127.0.0.1:${cluster.replicas[1]!.port}`, token: cluster.tokens.admin, total: 1, concurrency: 1 });
    if (upstreamGets(cluster.simulator) === 0) return { resumed: true, attempts: attempt };
  }
  return { resumed: false, attempts: 0 };
}

/** Starts the first job that can start (v8 answers with the session); its session changes every SIM_STEP_MS. */
async function startSomeJob(cluster: ScaleOutCluster): Promise<{ id: string }> {
  for (const job of cluster.simulator.data.jobs.filter((j) => j.isEnabled)) {
    const response = await fetch(`${cluster.simulator.origin}/v8/jobs/${job.id}/start`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cluster.tokens.admin}`, 'content-type': 'application/json' },
      body: '{}',
    });
    if (response.status === 200) return (await response.json()) as { id: string };
    await response.body?.cancel();
  }
  throw new Error('no job of the simulator could be started');
}

/** 10 SSE subscribers to one running (started) session, 5 per replica: upstream polls of it per interval, in total. */
export async function subscribersOnRunningSession(cluster: ScaleOutCluster, observeMs = 5 * POLL_INTERVAL_MS) {
  const running = await startSomeJob(cluster);
  const controller = new AbortController();
  const events = Array.from({ length: 10 }, () => 0);
  const streams = events.map(async (_, i) => {
    const port = cluster.replicas[i % 2]!.port;
    try {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${cluster.tokens.admin}` },
        body: JSON.stringify({ query: `subscription { jobSessionUpdated(id: "${running.id}") { status progress } }` }),
        signal: controller.signal,
      });
      const reader = response.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        events[i]! += (new TextDecoder().decode(value).match(/^event: next/gm) ?? []).length;
      }
    } catch {
      // aborted at the end of the observation
    }
  });
  await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS)); // all subscribed
  cluster.simulator.resetRequests();
  await new Promise((r) => setTimeout(r, observeMs));
  const polls = cluster.simulator.requests.filter((r) => r.path.toLowerCase().startsWith(`/v5/jobsessions/${running.id}`)).length;
  controller.abort();
  await Promise.all(streams);
  return { subscribers: events.length, intervals: Math.round(observeMs / POLL_INTERVAL_MS), polls, eventsPerSubscriber: events };
}

async function main(): Promise<void> {
  const cluster = await startScaleOutCluster({ build: true });
  try {
    if (FACADE_USES_REDIS) {
      const cache = await sharedCache(cluster);
      console.log(`dashboard x${cache.requests} by one caller over 2 replicas: ${cache.upstreamCalls} upstream GETs in ${cache.windows} TTL windows of ${SCALE_OUT_TTL_MS} ms (one set = ${cache.setSize} GETs), ${cache.failed} failed`);
      const second = await secondCaller(cluster);
      console.log(`second caller: ${second.operatorCalls} upstream calls with its own token; caller ids it added in Redis: ${second.newCallersInRedis} (the admin's: ${second.adminCallersInRedis})`);
      const signIns = await signInsFromTwoAddresses(cluster);
      console.log(`12 wrong passwords from one address over 2 replicas: ${signIns.wrongTokenCalls} reached the backup server; the right one from another address: ${signIns.user}`);
      const down = await redisStoppedMidLoad(cluster);
      console.log(`Redis stopped mid-load: ${down.failed} failed, ${down.upstreamCallsWhileDown} upstream GETs`);
      const resumed = await sharingResumed(cluster);
      console.log(`Redis started again: sharing resumed=${resumed.resumed}`);
      const subs = await subscribersOnRunningSession(cluster);
      console.log(`10 subscribers over 2 replicas: ${subs.polls} upstream polls in ${subs.intervals} intervals`);
    } else {
      console.log('Redis scenarios skipped: the facade does not read REDIS_URL yet (FACADE_USES_REDIS / SCALE_OUT_REDIS=1).');
    }
    const kill = await replicaKilledMidLoad(cluster);
    console.log(`replica SIGKILLed mid-load: ${kill.total} requests, ${kill.failed} failed, ${kill.inFlightAtKill} in flight at the kill, ${kill.failedStartedAfterKill} failed among those started after it`);
  } finally {
    await cluster.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
