/**
 * `npm run bench:feed`: the v8 event feed against timer polling, on loopback, in one run (about
 * a minute and a half, every loop bounded in count and time).
 *
 *   (a) upstream requests per minute while nothing happens: one caller, 10 subscriptions on the
 *       simulator's 5 idle sessions (each session's `jobSessionUpdated` and `logItemAdded`),
 *       measured over the same window for a facade following the feed (LIVE_FEED_TIMEOUT_SECONDS
 *       at its default) and one polling (feed off, SUBSCRIPTION_POLL_MS at its default); each
 *       facade has its own simulator, so their requests are counted apart.
 *   (b) the time from a session's end on the server to the final event at the subscriber
 *       (median, p95 over N trials): the session is moved to its end in one step, and the clock
 *       stops when the subscription completes.
 *
 * Prints a Markdown section for BENCHMARKS.md.
 */
import { createServer, type Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type Client } from 'graphql-sse';
import { loadConfig, type Config } from '../src/config.js';
import { SESSION_STEPS, startSimulator, type Simulator } from '../src/simulator/index.js';
import { buildYoga } from '../src/yoga.js';

const WINDOW_MS = Number(process.env.BENCH_FEED_WINDOW_MS ?? 30_000);
const FEED_TRIALS = 20;
const POLL_TRIALS = 5;
/** No single wait of the bench lasts longer than this. */
const STEP_LIMIT_MS = 30_000;

interface Facade {
  simulator: Simulator;
  url: string;
  token: string;
  clients: Client[];
  close(): Promise<void>;
}

async function startFacade(config: Partial<Config>): Promise<Facade> {
  const simulator = await startSimulator({ clock: 'manual' });
  const yoga = buildYoga({
    config: { ...loadConfig({}), cacheTtlMs: 0, cacheFinishedTtlMs: 0, signInPerSecond: 0, signInPerMinute: 0, signInPerMinutePerAddress: 0, ...config },
    upstreamUrl: new URL(simulator.baseUrl('v8')),
  });
  const server: Server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql`;
  const clients: Client[] = [];
  return {
    simulator,
    url,
    token: simulator.issueToken('admin'),
    clients,
    async close() {
      for (const client of clients) client.dispose();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await yoga.dispose();
      await simulator.close();
    },
  };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + STEP_LIMIT_MS;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

async function graphql(facade: Facade, query: string): Promise<Record<string, unknown>> {
  const response = await fetch(facade.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${facade.token}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data ?? {};
}

/** Subscribes; `first` settles on the first event, `done` when the stream completes. */
function subscribe(facade: Facade, query: string, id: string) {
  const client = createClient({ url: facade.url, headers: { authorization: `Bearer ${facade.token}` }, retryAttempts: 0 });
  facade.clients.push(client);
  let events = 0;
  let onFirst = () => {};
  const first = new Promise<void>((resolve) => (onFirst = resolve));
  const done = new Promise<void>((resolve, reject) => {
    client.subscribe({ query, variables: { id } }, { next: () => (++events === 1 ? onFirst() : undefined), error: reject, complete: resolve });
  });
  return { first, done, events: () => events };
}

/** The simulator refuses to start a job with a running or queued session. */
const active = (status: string) => status === 'Running' || status === 'Queued';

async function startIdleSessions(facade: Facade): Promise<string[]> {
  const { simulator } = facade;
  for (const job of simulator.data.jobs) {
    if (!job.isEnabled || simulator.data.sessions.some((s) => s.jobId === job.id && active(s.status))) continue;
    await graphql(facade, `mutation { startJob(id: "${job.id}") { session { id } } }`);
  }
  return simulator.data.sessions.filter((s) => s.endTime === null).map((s) => s.id);
}

async function idleRequestsPerMinute(feed: Facade, poll: Facade): Promise<{ feed: number; poll: number; subscriptions: number }> {
  let subscriptions = 0;
  for (const facade of [feed, poll]) {
    const ids = await startIdleSessions(facade);
    const streams = ids.flatMap((id) => [
      subscribe(facade, 'subscription($id: ID!) { jobSessionUpdated(id: $id) { id status } }', id),
      subscribe(facade, 'subscription($id: ID!) { logItemAdded(jobSessionId: $id) { usn } }', id),
    ]);
    subscriptions = streams.length;
    await Promise.all(streams.filter((_, index) => index % 2 === 0).map((s) => s.first));
  }
  // Past the first reads (and the poller's first back-off): then count for one window.
  await sleep(10_000);
  const before = [feed.simulator.requests.length, poll.simulator.requests.length];
  await sleep(WINDOW_MS);
  const perMinute = (count: number) => (count * 60_000) / WINDOW_MS;
  return { feed: perMinute(feed.simulator.requests.length - before[0]!), poll: perMinute(poll.simulator.requests.length - before[1]!), subscriptions };
}

/** Milliseconds from the session's end on the server to the subscription's completion, per trial. */
async function endLatencies(facade: Facade, trials: number, followsFeed: boolean): Promise<number[]> {
  const { simulator } = facade;
  const job = simulator.data.jobs.find((j) => j.isEnabled && !simulator.data.sessions.some((s) => s.jobId === j.id && active(s.status)));
  if (!job) throw new Error('no idle job to start');
  const times: number[] = [];
  for (let trial = 0; trial < trials; trial++) {
    const data = await graphql(facade, `mutation { startJob(id: "${job.id}") { session { id } } }`);
    const id = (data.startJob as { session: { id: string } }).session.id;
    const stream = subscribe(facade, 'subscription($id: ID!) { jobSessionUpdated(id: $id) { id endTime } }', id);
    await stream.first;
    // The feed holds its long poll; a poller is caught at whatever point of its interval it is.
    if (followsFeed) await until(() => simulator.longPolls > 0, 'the long poll');
    const started = performance.now();
    simulator.advance(SESSION_STEPS);
    await Promise.race([stream.done, sleep(STEP_LIMIT_MS).then(() => Promise.reject(new Error('the subscription did not complete')))]);
    times.push(performance.now() - started);
    facade.clients.pop()?.dispose();
  }
  return times;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function main(): Promise<void> {
  const defaults = loadConfig({});
  const feedOn = { liveFeedTimeoutSeconds: defaults.liveFeedTimeoutSeconds };
  const feedOff = { liveFeedTimeoutSeconds: 0 };
  const [feed, poll] = await Promise.all([startFacade(feedOn), startFacade(feedOff)]);
  try {
    const idle = await idleRequestsPerMinute(feed, poll);
    await Promise.all([feed.close(), poll.close()]);
    const [feed2, poll2] = await Promise.all([startFacade(feedOn), startFacade(feedOff)]);
    try {
      const feedTimes = await endLatencies(feed2, FEED_TRIALS, true);
      const pollTimes = await endLatencies(poll2, POLL_TRIALS, false);
      const ms = (value: number) => `${value.toFixed(1)} ms`;
      console.log(`## Event feed vs polling

\`npm run bench:feed\` (loopback, simulator on the manual clock; ${new Date().toISOString().slice(0, 10)}).

| | v8 event feed (LIVE_FEED_TIMEOUT_SECONDS=${defaults.liveFeedTimeoutSeconds}) | polling (feed off, SUBSCRIPTION_POLL_MS=${defaults.subscriptionPollMs}) |
|---|---|---|
| upstream requests per minute, ${idle.subscriptions} subscriptions of one caller on idle sessions, ${WINDOW_MS / 1000} s window | ${idle.feed.toFixed(1)} | ${idle.poll.toFixed(1)} |
| session end on the server → final event at the subscriber, median (${FEED_TRIALS} / ${POLL_TRIALS} trials) | ${ms(percentile(feedTimes, 50))} | ${ms(percentile(pollTimes, 50))} |
| same, p95 | ${ms(percentile(feedTimes, 95))} | ${ms(percentile(pollTimes, 95))} |
`);
    } finally {
      await Promise.all([feed2.close(), poll2.close()]);
    }
  } catch (error) {
    await Promise.allSettled([feed.close(), poll.close()]);
    throw error;
  }
}

await main();
process.exit(0);
