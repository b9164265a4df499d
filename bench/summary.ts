/**
 * Latency of `summary` over three servers against the slowest server's floor.
 *
 *   node --import tsx bench/summary.ts
 *
 * Three simulators (API v8, v7, v6, different data), each in its own process on loopback as a
 * remote server is, each answering every request after 20 ms; this process holds only the
 * facade's work. Two rigs, one after the other: `replayed`, where each simulator renders an
 * answer once and then replays its bytes (`frozenReads`: a remote server's work costs this
 * machine nothing, so this one does not either, but for its bytes), and `rendered`, where every
 * answer is rendered again on the two shared cores, the facade's among them. A round times the summary over the three servers, then each server's part alone
 * (the same four reads against that server only); rounds alternate the order of the timings, and
 * the medians are compared: the summary's to the slowest single server's. The target is within
 * 1.1x of the slowest server (the reads run in parallel), not the sum of the three.
 *
 * A control runs in the same rounds: the very requests one summary made (as its simulators
 * recorded them), sent over the same pools and read as text, without the facade. Its ratio is
 * what the machine costs (three simulators answering at once on shared cores), before any work
 * of the facade. Every loop is bounded: 20 warm-up rounds (the JIT settles) and 60 measured rounds, a 90 s ceiling per rig.
 */
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { loadConfig, upstreamSettings } from '../src/config.js';
import { createBackupApi } from '../src/datasource/backup-api.js';
import type { ServerApi } from '../src/servers/server-errors.js';
import { summary } from '../src/servers/summary.js';
import { adapterFor } from '../src/upstream/adapters/index.js';
import type { ApiVersion } from '../src/upstream/api-version.js';
import { createUpstreamClient } from '../src/upstream/client.js';
import { createUpstream, type Upstream } from '../src/upstream/pool.js';
import { killAllNow, stopAll } from './lib/processes.js';
import { startSimulatorProcess, type SimulatorHandle } from './lib/simulator-client.js';
import { median } from './lib/stats.js';

const LATENCY_MS = 20;
const WARM_UP = 20;
const ROUNDS = 60;
const CEILING_MS = 90_000;
/** The target (and `replayed` first: it is the one the target is judged on). */
const RIGS = [
  { name: 'replayed', frozenReads: true, title: 'upstream answers replayed (a remote server costs this machine only its bytes)' },
  { name: 'rendered', frozenReads: false, title: 'upstream answers rendered every time (the simulators share the two cores)' },
] as const;

interface Server {
  name: string;
  version: ApiVersion;
  simulator: SimulatorHandle;
  upstream: Upstream;
  /** Path and query of each request one summary made to this server (the control sends them). */
  paths: string[];
}

const SERVERS: readonly { name: string; version: ApiVersion; variant: string }[] = [
  { name: 'eu1', version: 'v8', variant: '' },
  { name: 'us1', version: 'v7', variant: 'us1' },
  { name: 'apac1', version: 'v6', variant: 'apac1' },
];

async function start(frozenReads: boolean): Promise<Server[]> {
  // One clock for the three (their data ends at the same instant); `manual`: nothing moves between rounds.
  const startedAt = Date.now();
  return Promise.all(
    SERVERS.map(async ({ name, version, variant }) => {
      const simulator = await startSimulatorProcess({ latencyMs: LATENCY_MS, variant, clock: 'manual', startedAt, frozenReads }, `simulator ${name}`);
      const upstream = createUpstream(upstreamSettings(loadConfig({}), new URL(simulator.baseUrls[version])));
      return { name, version, simulator, upstream, paths: [] };
    }),
  );
}

/** A GraphQL request's data sources: fresh loaders, so every run reads upstream. */
const apisOf = (servers: readonly Server[]): ServerApi[] =>
  servers.map(({ name, version, upstream, simulator }) => ({
    name,
    api: createBackupApi({ client: createUpstreamClient({ upstream, token: simulator.token }), adapter: adapterFor(version) }),
  }));

interface Timing {
  ms: number;
  /** This process's CPU time meanwhile: the facade's work (or the control's), nothing else runs here. */
  cpuMs: number;
}

async function timed(run: () => Promise<void>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run();
  const ms = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  return { ms, cpuMs: (user + system) / 1000 };
}

async function facade(servers: readonly Server[], since: string): Promise<void> {
  const answer = await summary(apisOf(servers), since);
  if (answer.errors.length > 0) throw new Error(`summary failed: ${answer.errors.map((e) => e.message).join('; ')}`);
}

/** The control: the summary's requests without the facade, each body read as text. */
async function control(servers: readonly Server[]): Promise<void> {
  await Promise.all(
    servers.flatMap(({ simulator, upstream, paths }) =>
      paths.map(async (path) => {
        const response = await request(new URL(path, simulator.url), { dispatcher: upstream.dispatcher, headers: { authorization: `Bearer ${simulator.token}`, accept: 'application/json' } });
        await response.body.text();
        if (response.statusCode !== 200) throw new Error(`control: ${path} answered ${response.statusCode}`);
      }),
    ),
  );
}

type Series = Map<string, Timing[]>;
const push = (series: Series, key: string, timing: Timing) => series.set(key, [...(series.get(key) ?? []), timing]);
const medianOf = (timings: readonly Timing[]) => ({ ms: median(timings.map((t) => t.ms)), cpuMs: median(timings.map((t) => t.cpuMs)) });

function report(title: string, series: Series, servers: readonly Server[], cpu: boolean): void {
  const singles = servers.map(({ name }) => ({ name, ...medianOf(series.get(name)!) }));
  const slowest = singles.reduce((a, b) => (b.ms > a.ms ? b : a));
  const together = medianOf(series.get('three')!);
  const cpuOf = (t: { cpuMs: number }) => (cpu ? `, CPU here ${t.cpuMs.toFixed(1)} ms` : '');
  console.log(title);
  for (const s of singles) console.log(`  ${s.name} alone (4 reads): median ${s.ms.toFixed(1)} ms${cpuOf(s)}`);
  console.log(`  three servers:        median ${together.ms.toFixed(1)} ms${cpuOf(together)}`);
  console.log(`  sum of the three alone:      ${singles.reduce((n, s) => n + s.ms, 0).toFixed(1)} ms`);
  console.log(`  ratio to the slowest server (${slowest.name}): ${(together.ms / slowest.ms).toFixed(2)}x`);
}

async function measure(rig: (typeof RIGS)[number]): Promise<void> {
  const servers = await start(rig.frozenReads);
  const deadline = performance.now() + CEILING_MS;
  const since = new Date(servers[0]!.simulator.startedAt - 24 * 3_600_000).toISOString();
  // One summary, recorded by the simulators: its requests per server (the floor is 4) are the control's.
  await facade(servers, since);
  for (const server of servers) server.paths = (await server.simulator.requests()).map((r) => r.path);
  console.log(`requests of one summary: ${servers.map((s) => `${s.name} ${s.paths.length}`).join(', ')}`);
  await Promise.all(servers.map((s) => s.simulator.reset()));

  const measured: Series = new Map();
  const controlled: Series = new Map();
  let rounds = 0;
  for (let round = 0; round < WARM_UP + ROUNDS && performance.now() < deadline; round += 1) {
    const measure = round >= WARM_UP;
    const step = (series: Series, key: string, run: () => Promise<void>) => async () => {
      const timing = await timed(run);
      if (measure) push(series, key, timing);
    };
    const steps = [
      step(measured, 'three', () => facade(servers, since)),
      ...servers.map((server) => step(measured, server.name, () => facade([server], since))),
      step(controlled, 'three', () => control(servers)),
      ...servers.map((server) => step(controlled, server.name, () => control([server]))),
    ];
    // Alternate the order, so warm connections or a busy moment favour no side.
    for (const run of round % 2 ? steps.reverse() : steps) await run();
    if (measure) rounds += 1;
  }
  const served = await Promise.all(servers.map((s) => s.simulator.count()));
  console.log(`\n${rig.name}: ${rig.title}`);
  console.log(`rounds measured: ${rounds}, upstream latency ${LATENCY_MS} ms, requests served per simulator: ${served.join(', ')}`);
  report(`summary${rig.name === RIGS[0].name ? ' (target: ratio <= 1.10x)' : ''}`, measured, servers, true);
  report('control: the same requests without the facade', controlled, servers, true);
  await Promise.all(servers.map(({ upstream }) => upstream.dispatcher.close()));
  await Promise.all(servers.map(({ simulator }) => simulator.service.stop(2_000)));
}

async function main(): Promise<void> {
  for (const rig of RIGS) await measure(rig);
}

process.on('exit', () => killAllNow());
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => void stopAll(2_000).finally(() => process.exit(130)));
}
try {
  await main();
} finally {
  await stopAll(5_000).catch(() => killAllNow());
}
