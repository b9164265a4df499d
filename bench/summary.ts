/**
 * Latency of `summary` over three servers against the slowest server's floor.
 *
 *   node --import tsx bench/summary.ts
 *
 * Three embedded simulators (API v8, v7, v6, different data) on loopback, each answering every
 * request after 20 ms. A round times the summary over the three servers, then each server's
 * part alone (the same four reads against that server only); rounds alternate the order of the
 * timings, and the medians are compared: the summary's to the slowest single server's. The target
 * is within 1.1x of the slowest server (the reads run in parallel), not the sum of the three.
 * Every loop is bounded: 3 warm-up rounds and 30 measured rounds, a 60 s ceiling in all.
 * The simulators run in this process, so their rendering shares the measured event loop.
 */
import { performance } from 'node:perf_hooks';
import { loadConfig, upstreamSettings } from '../src/config.js';
import { createBackupApi } from '../src/datasource/backup-api.js';
import type { ServerApi } from '../src/servers/server-errors.js';
import { summary } from '../src/servers/summary.js';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { adapterFor } from '../src/upstream/adapters/index.js';
import type { ApiVersion } from '../src/upstream/api-version.js';
import { createUpstreamClient } from '../src/upstream/client.js';
import { createUpstream, type Upstream } from '../src/upstream/pool.js';

const LATENCY_MS = 20;
const WARM_UP = 3;
const ROUNDS = 30;
const CEILING_MS = 60_000;

interface Server {
  name: string;
  version: ApiVersion;
  simulator: Simulator;
  upstream: Upstream;
  token: string;
}

const SERVERS: readonly { name: string; version: ApiVersion; variant: string }[] = [
  { name: 'eu1', version: 'v8', variant: '' },
  { name: 'us1', version: 'v7', variant: 'us1' },
  { name: 'apac1', version: 'v6', variant: 'apac1' },
];

async function start(): Promise<Server[]> {
  return Promise.all(
    SERVERS.map(async ({ name, version, variant }) => {
      const simulator = await startSimulator({ host: '127.0.0.1', port: 0, latencyMs: LATENCY_MS, variant, clock: 'manual' });
      const upstream = createUpstream(upstreamSettings(loadConfig({}), new URL(simulator.baseUrl(version))));
      return { name, version, simulator, upstream, token: simulator.issueToken('admin') };
    }),
  );
}

/** A GraphQL request's data sources: fresh loaders, so every run reads upstream. */
const apisOf = (servers: readonly Server[]): ServerApi[] =>
  servers.map(({ name, version, upstream, token }) => ({ name, api: createBackupApi({ client: createUpstreamClient({ upstream, token }), adapter: adapterFor(version) }) }));

async function timed(servers: readonly Server[], since: string): Promise<number> {
  const started = performance.now();
  const answer = await summary(apisOf(servers), since);
  const elapsed = performance.now() - started;
  if (answer.errors.length > 0) throw new Error(`summary failed: ${answer.errors.map((e) => e.message).join('; ')}`);
  return elapsed;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function main(): Promise<void> {
  const servers = await start();
  const deadline = performance.now() + CEILING_MS;
  try {
    const since = new Date(servers[0]!.simulator.startedAt - 24 * 3_600_000).toISOString();
    const all: number[] = [];
    const alone = new Map<string, number[]>(servers.map((s) => [s.name, []]));
    for (let round = 0; round < WARM_UP + ROUNDS && performance.now() < deadline; round += 1) {
      const measure = round >= WARM_UP;
      const steps: (() => Promise<void>)[] = [
        async () => {
          const ms = await timed(servers, since);
          if (measure) all.push(ms);
        },
        ...servers.map((server) => async () => {
          const ms = await timed([server], since);
          if (measure) alone.get(server.name)!.push(ms);
        }),
      ];
      // Alternate the order, so warm connections or a busy moment favour no side.
      for (const step of round % 2 ? steps.reverse() : steps) await step();
    }
    const calls = servers.map((s) => s.simulator.requests.length);
    const singles = [...alone].map(([name, values]) => ({ name, ms: median(values) }));
    const slowest = singles.reduce((a, b) => (b.ms > a.ms ? b : a));
    const together = median(all);
    console.log(`rounds measured: ${all.length}, upstream latency ${LATENCY_MS} ms, requests served per simulator: ${calls.join(', ')}`);
    for (const { name, ms } of singles) console.log(`  ${name} alone (4 reads): median ${ms.toFixed(1)} ms`);
    console.log(`  three servers:        median ${together.toFixed(1)} ms`);
    console.log(`  sum of the three alone:      ${singles.reduce((n, s) => n + s.ms, 0).toFixed(1)} ms`);
    console.log(`ratio to the slowest server (${slowest.name}): ${(together / slowest.ms).toFixed(2)}x (target <= 1.10x)`);
  } finally {
    await Promise.all(servers.map(async ({ upstream, simulator }) => {
      await upstream.dispatcher.close();
      await simulator.close();
    }));
  }
}

await main();
