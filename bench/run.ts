/**
 * `npm run bench`: starts the REST simulator and the four compared systems on loopback, runs
 * the three scenarios and writes the results with their targets to BENCHMARKS.md.
 *
 *   BENCH_QUICK=1 npm run bench   shortened smoke check; writes .bench-peers/BENCHMARKS.quick.md
 *
 * Phases (every loop bounded in count and time):
 *   0. install the peers into .bench-peers/ (once), compose Hive's supergraph
 *   1. Q1 data check: every peer must return the facade's data (printed on mismatch)
 *   2. upstream calls, round trips and wall time of sequential single requests, simulator at 20 ms
 *   3. Q1 throughput and p50/p99 at 0 ms, autocannon with a fixed number of connections, the
 *      systems alternating over several rounds
 *   4. facade RSS after 10k and 100k Q1 requests (a fresh process)
 *   5. a CPU profile of a fresh facade process under Q1 load, summarised
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { firstDifference, normalise, parseResponse } from './lib/compare.js';
import { closeClient, getTimed, post } from './lib/graphql-client.js';
import { load, type LoadResult } from './lib/load.js';
import { composeSupergraph, ensurePeers, PEERS_DIR } from './lib/peers.js';
import { cpuMsOf, killAllNow, ROOT, rssOf, stopAll } from './lib/processes.js';
import { profileMarkdown, summariseFile, type ProfileSummary } from './lib/profile.js';
import { startSimulatorProcess, type SimulatorHandle } from './lib/simulator-client.js';
import { buildFacade } from '../scripts/build.js';
import { fmt, max, median, mib, min, roundTrips } from './lib/stats.js';
import { SCENARIOS, scenario, type ScenarioId } from './scenarios.js';
import { FACADE_CACHE_OFF, FACADE_LOG_LEVEL, SYSTEMS, system, type RunningSystem, type SystemId } from './systems.js';

const QUICK = process.env.BENCH_QUICK === '1';

/** Development aids: run some phases or systems only (the output then goes to a scratch file). */
const PHASES = ['sequential', 'throughput', 'memory', 'profile'] as const;
type Phase = (typeof PHASES)[number];
function selection<T extends string>(name: string, all: readonly T[]): readonly T[] {
  const raw = process.env[name];
  if (!raw) return all;
  const chosen = raw.split(',').map((item) => item.trim()).filter(Boolean);
  const unknown = chosen.filter((item) => !all.includes(item as T));
  if (unknown.length > 0) throw new Error(`${name}: unknown ${unknown.join(', ')} (choose from ${all.join(', ')})`);
  return chosen as T[];
}
const SELECTED_PHASES = selection<Phase>('BENCH_PHASES', PHASES);
const SELECTED_SYSTEMS = selection<SystemId>('BENCH_SYSTEMS', SYSTEMS.map((s) => s.id));
const PARTIAL = SELECTED_PHASES.length < PHASES.length || SELECTED_SYSTEMS.length < SYSTEMS.length;

const CONFIG = QUICK
  ? {
      latencyMs: 20,
      jitWarmupRequests: 20,
      warmupRequests: 2,
      sequentialRequests: 6,
      connections: 16,
      warmupSeconds: 1,
      loadSeconds: 2,
      rounds: 2,
      memoryFirst: 1_000,
      memoryTotal: 5_000,
      memoryChunk: 1_000,
      profileSeconds: 3,
      watchdogMs: 5 * 60_000,
    }
  : {
      latencyMs: 20,
      jitWarmupRequests: 300,
      warmupRequests: 5,
      sequentialRequests: 30,
      connections: 16,
      warmupSeconds: 2,
      loadSeconds: 8,
      rounds: 3,
      memoryFirst: 10_000,
      memoryTotal: 100_000,
      memoryChunk: 10_000,
      profileSeconds: 8,
      watchdogMs: 14 * 60_000,
    };

const TARGETS = {
  callsPerFloor: 1,
  wallPerFloor: 1.1,
  vsBestGraphQLPeer: 2,
  vsProxy: 0.6,
  cpuVsProxy: 2.5,
  memoryGrowth: 1.1,
};

const OUTPUT = PARTIAL
  ? join(PEERS_DIR, 'BENCHMARKS.partial.md')
  : QUICK
    ? join(PEERS_DIR, 'BENCHMARKS.quick.md')
    : join(ROOT, 'BENCHMARKS.md');
const PROFILE_DIR = join(PEERS_DIR, 'profiles');

/** Headings of BENCHMARKS.md sections written by hand or by other scripts (`npm run scale-out`, `npm run bench:feed`, `npm run bench:summary`): they stay at the end of the file. */
const KEPT_SECTIONS = ['\n## Profile and changes', '\n## Scale-out', '\n## Event feed vs polling', '\n## Many servers: summary'];

/** The kept sections of BENCHMARKS.md (from the first of them to the end), carried over when the bench rewrites the file. */
function keptSections(): string {
  let current = '';
  try {
    current = readFileSync(join(ROOT, 'BENCHMARKS.md'), 'utf8');
  } catch {
    return '';
  }
  const starts = KEPT_SECTIONS.map((heading) => current.indexOf(heading)).filter((index) => index !== -1);
  return starts.length === 0 ? '' : current.slice(Math.min(...starts));
}

const startedAt = Date.now();
const log = (line: string) => console.log(`[bench ${((Date.now() - startedAt) / 1000).toFixed(1).padStart(6)} s] ${line}`);

// ---------------------------------------------------------------------------------------------
// Results

interface SequentialResult {
  scenario: ScenarioId;
  system: SystemId;
  ms: number[];
  calls: number[];
  roundTrips: number[];
  failures: string[];
}

interface ThroughputRound extends LoadResult {
  system: SystemId;
  round: number;
  callsPerRequest: number;
  /** CPU time of the system's process (user + system, all threads) per completed request. */
  cpuMsPerRequest: number;
}

interface DataCheck {
  system: SystemId;
  scenario: ScenarioId;
  ok: boolean;
  detail: string;
}

interface MemoryPoint {
  requests: number;
  rss: number;
}

interface Results {
  notes: string[];
  checks: DataCheck[];
  sequential: SequentialResult[];
  throughput: ThroughputRound[];
  memory: MemoryPoint[];
  /** Wall times of one direct REST GET to the simulator at the benchmark latency: what one round trip costs here. */
  directGet: number[];
  memoryLoad?: LoadResult[];
  profile?: { summary: ProfileSummary; file: string; rps: number };
}

// ---------------------------------------------------------------------------------------------
// Phases

async function startSystems(simulator: SimulatorHandle, ids: readonly SystemId[]): Promise<Map<SystemId, RunningSystem>> {
  const running = new Map<SystemId, RunningSystem>();
  for (const id of ids) {
    log(`starting ${system(id).label}`);
    running.set(id, await system(id).start({ simulatorUrl: simulator.url, simulatorV8Url: simulator.v8Url, token: simulator.token }));
  }
  return running;
}

/** Phase 1: the same data from every system; returns each system's exact Q1 body for autocannon. */
async function checkData(simulator: SimulatorHandle, running: Map<SystemId, RunningSystem>, results: Results) {
  const expected = new Map<SystemId, string | undefined>();
  for (const sc of SCENARIOS) {
    const facade = running.get('facade')!;
    const reference = parseResponse((await post(facade.url, simulator.token, system('facade').payload(sc))).text);
    if (reference.errors) throw new Error(`the facade answered ${sc.id} with errors: ${JSON.stringify(reference.errors).slice(0, 500)}`);
    for (const [id, run] of running) {
      if (id === 'facade') continue;
      const spec = system(id);
      // Hive's schema (and the v8 API's data) differ for Q2 and Q3; their Q1 is compared by meaning.
      if (sc.id !== 'Q1' && !spec.sameShape) continue;
      const response = await post(run.url, simulator.token, spec.payload(sc));
      const parsed = parseResponse(response.text);
      const difference = parsed.errors
        ? `errors: ${JSON.stringify(parsed.errors).slice(0, 300)}`
        : firstDifference(normalise(reference.data), normalise(parsed.data));
      const ok = response.status === 200 && difference === undefined;
      results.checks.push({ system: id, scenario: sc.id, ok, detail: ok ? 'same data' : (difference ?? `HTTP ${response.status}`) });
      if (!ok) console.error(`DATA MISMATCH ${spec.label} ${sc.id}: ${difference ?? `HTTP ${response.status}`}`);
    }
  }
  // autocannon counts a response whose body differs from the system's own (deterministic) Q1 answer as a mismatch.
  const q1 = scenario('Q1');
  for (const [id, run] of running) {
    const a = await post(run.url, simulator.token, system(id).payload(q1));
    const b = await post(run.url, simulator.token, system(id).payload(q1));
    expected.set(id, a.status === 200 && a.text === b.text && !parseResponse(a.text).errors ? a.text : undefined);
    if (!expected.get(id)) results.notes.push(`${system(id).label}: Q1 body not byte-stable, so responses under load are not verified.`);
  }
  return expected;
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** Phase 2: calls, round trips and wall time of single sequential requests. */
async function sequential(simulator: SimulatorHandle, running: Map<SystemId, RunningSystem>, results: Results) {
  const ids = [...running.keys()];
  // Every system gets the same JIT warm-up (at 0 ms upstream latency): a server in service is warm.
  log(`JIT warm-up: ${CONFIG.jitWarmupRequests} requests per scenario and system`);
  for (const id of ids) {
    for (const sc of SCENARIOS) {
      for (let i = 0; i < CONFIG.jitWarmupRequests; i++) await post(running.get(id)!.url, simulator.token, system(id).payload(sc));
    }
  }
  await simulator.reset();
  await simulator.setLatency(CONFIG.latencyMs);
  // One round trip as this machine delivers it: a direct GET of the Q1 session, same client.
  const direct = `${simulator.url}/jobsessions/${scenario('Q1').variables.s ?? ''}`;
  for (let i = 0; i < CONFIG.warmupRequests + CONFIG.sequentialRequests; i++) {
    const response = await getTimed(direct, simulator.token);
    if (response.status !== 200) throw new Error(`direct GET ${direct}: HTTP ${response.status}`);
    if (i >= CONFIG.warmupRequests) results.directGet.push(response.ms);
  }
  for (const sc of SCENARIOS) {
    log(`sequential ${sc.id}: ${CONFIG.sequentialRequests} requests per system at ${CONFIG.latencyMs} ms upstream latency`);
    const rows = new Map<SystemId, SequentialResult>(
      ids.map((id) => [id, { scenario: sc.id, system: id, ms: [], calls: [], roundTrips: [], failures: [] }]),
    );
    for (const id of ids) {
      for (let i = 0; i < CONFIG.warmupRequests; i++) await post(running.get(id)!.url, simulator.token, system(id).payload(sc));
    }
    for (let i = 0; i < CONFIG.sequentialRequests; i++) {
      for (const id of rotate(ids, i)) {
        const row = rows.get(id)!;
        await simulator.reset();
        const response = await post(running.get(id)!.url, simulator.token, system(id).payload(sc));
        const calls = await simulator.requests();
        const parsed = parseResponse(response.text);
        if (response.status !== 200 || parsed.errors) {
          row.failures.push(`HTTP ${response.status} ${JSON.stringify(parsed.errors ?? '').slice(0, 200)}`);
          continue;
        }
        row.ms.push(response.ms);
        row.calls.push(calls.length);
        row.roundTrips.push(roundTrips(calls));
      }
    }
    results.sequential.push(...rows.values());
  }
  await simulator.setLatency(0);
}

/** Phase 3: Q1 under a fixed bounded load, systems alternating, several rounds. */
async function throughput(
  simulator: SimulatorHandle,
  running: Map<SystemId, RunningSystem>,
  expected: Map<SystemId, string | undefined>,
  results: Results,
) {
  await simulator.setLatency(0);
  const q1 = scenario('Q1');
  const ids = [...running.keys()].filter((id) => !system(id).floorsOnly);
  for (const id of ids) {
    log(`warm-up ${system(id).label}: ${CONFIG.warmupSeconds} s of Q1`);
    await load({ url: running.get(id)!.url, token: simulator.token, payload: system(id).payload(q1), connections: CONFIG.connections, seconds: CONFIG.warmupSeconds });
  }
  for (let round = 0; round < CONFIG.rounds; round++) {
    for (const id of rotate(ids, round)) {
      await simulator.reset();
      await sleep(1_000); // let the previous system's tail (GC, socket close) settle
      const pid = running.get(id)!.service.pid;
      const cpuBefore = cpuMsOf(pid);
      const result = await load({
        url: running.get(id)!.url,
        token: simulator.token,
        payload: system(id).payload(q1),
        connections: CONFIG.connections,
        seconds: CONFIG.loadSeconds,
        expectBody: expected.get(id),
      });
      const cpuMsPerRequest = result.requests > 0 ? (cpuMsOf(pid) - cpuBefore) / result.requests : Number.NaN;
      const calls = await simulator.count();
      const callsPerRequest = result.requests > 0 ? calls / result.requests : Number.NaN;
      results.throughput.push({ ...result, system: id, round: round + 1, callsPerRequest, cpuMsPerRequest });
      log(
        `round ${round + 1} ${system(id).label}: ${fmt(result.rps, 0)} req/s, ${fmt(cpuMsPerRequest, 3)} ms CPU/req, p50 ${result.p50} ms, p99 ${result.p99} ms, ` +
          `${fmt(callsPerRequest, 2)} calls/req, errors ${result.errors}, mismatches ${result.mismatches}, non-2xx ${result.non2xx}`,
      );
    }
  }
  await simulator.reset();
}

/** Phase 4: RSS of a fresh facade process as Q1 requests accumulate. */
async function memory(simulator: SimulatorHandle, expected: string | undefined, results: Results) {
  await simulator.setLatency(0);
  const facade = await system('facade').start({ simulatorUrl: simulator.url, simulatorV8Url: simulator.v8Url, token: simulator.token });
  const q1 = scenario('Q1');
  results.memory.push({ requests: 0, rss: rssOf(facade.service.pid) });
  results.memoryLoad = [];
  let done = 0;
  while (done < CONFIG.memoryTotal) {
    const amount = Math.min(CONFIG.memoryChunk, CONFIG.memoryTotal - done);
    const result = await load({ url: facade.url, token: simulator.token, payload: system('facade').payload(q1), connections: CONFIG.connections, amount, expectBody: expected });
    results.memoryLoad.push(result);
    done += amount;
    await simulator.reset();
    await sleep(500);
    const rss = rssOf(facade.service.pid);
    results.memory.push({ requests: done, rss });
    log(`memory: ${done.toLocaleString('en-US')} Q1 requests, facade RSS ${mib(rss)} (errors ${result.errors}, mismatches ${result.mismatches})`);
  }
  await facade.service.stop();
}

/** Phase 5: --cpu-prof on a fresh facade under Q1 load. */
async function profile(simulator: SimulatorHandle, results: Results) {
  rmSync(PROFILE_DIR, { recursive: true, force: true });
  mkdirSync(PROFILE_DIR, { recursive: true });
  const facade = await system('facade').start({
    simulatorUrl: simulator.url,
    simulatorV8Url: simulator.v8Url,
    token: simulator.token,
    // No --cpu-prof-name: tsx's loader hooks run on their own thread, which writes a profile too.
    nodeFlags: ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR],
  });
  const q1 = scenario('Q1');
  await load({ url: facade.url, token: simulator.token, payload: system('facade').payload(q1), connections: CONFIG.connections, seconds: 1 });
  const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
  const fromUs = monotonicUs();
  const result = await load({ url: facade.url, token: simulator.token, payload: system('facade').payload(q1), connections: CONFIG.connections, seconds: CONFIG.profileSeconds });
  const window = { fromUs, toUs: monotonicUs() };
  await facade.service.stop(15_000);
  await simulator.reset();
  // One profile per thread; the main thread is the busy one.
  const profiles = readdirSync(PROFILE_DIR)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((file) => ({ file, summary: summariseFile(join(PROFILE_DIR, file), 15, window) }))
    .sort((a, b) => b.summary.busyMs - a.summary.busyMs);
  const main = profiles[0];
  if (!main) {
    results.notes.push('The profiled facade wrote no .cpuprofile (did it exit cleanly on SIGTERM?).');
    return;
  }
  results.profile = { summary: main.summary, file: join('.bench-peers', 'profiles', main.file), rps: result.rps };
}

// ---------------------------------------------------------------------------------------------
// Report

const verdict = (pass: boolean) => (pass ? '**PASS**' : '**MISS**');

function range(values: readonly number[], digits = 1): string {
  return values.length === 0 ? 'n/a' : `${fmt(min(values), digits)}–${fmt(max(values), digits)}`;
}

function sequentialRow(results: Results, sc: ScenarioId, id: SystemId) {
  return results.sequential.find((row) => row.scenario === sc && row.system === id);
}

function throughputOf(results: Results, id: SystemId) {
  const rounds = results.throughput.filter((r) => r.system === id);
  return {
    rounds,
    rps: median(rounds.map((r) => r.rps)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    calls: median(rounds.map((r) => r.callsPerRequest)),
    cpu: median(rounds.map((r) => r.cpuMsPerRequest)),
    errors: rounds.reduce((sum, r) => sum + r.errors + r.mismatches + r.non2xx, 0),
  };
}

function gitRevision(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'schema'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${head} + uncommitted changes in src/ or schema/` : head;
  } catch {
    return 'unknown';
  }
}

function report(results: Results, totalSeconds: number): { markdown: string; misses: string[] } {
  const lines: string[] = [];
  const misses: string[] = [];
  const target = (name: string, figure: string, goal: string, pass: boolean) => {
    if (!pass) misses.push(`${name}: ${figure} (target ${goal})`);
    return `| ${name} | ${figure} | ${goal} | ${verdict(pass)} |`;
  };
  const peers = SYSTEMS.filter((s) => s.id !== 'facade' && !s.floorsOnly);
  const L = CONFIG.latencyMs;

  // Targets first, computed from the sections below.
  const targetRows: string[] = [];
  for (const [id, api] of [['facade', 'v5'], ['facade-v8', 'v8']] as const) {
    for (const sc of SCENARIOS) {
      const row = sequentialRow(results, sc.id, id);
      const calls = row && row.calls.length > 0 ? max(row.calls) / sc.floor.calls : Number.NaN;
      const trips = row && row.roundTrips.length > 0 ? max(row.roundTrips) / sc.floor.roundTrips : Number.NaN;
      const steady =
        row !== undefined && row.calls.length > 0 && min(row.calls) === max(row.calls) && min(row.roundTrips) === max(row.roundTrips) && row.failures.length === 0;
      targetRows.push(
        target(
          `${sc.id} upstream calls / round trips vs floor (API ${api})`,
          `${fmt(calls, 2)} / ${fmt(trips, 2)} (${row ? range(row.calls, 0) : 'n/a'} calls, floor ${sc.floor.calls}; ${row ? range(row.roundTrips, 0) : 'n/a'} round trips, floor ${sc.floor.roundTrips})`,
          `= ${fmt(TARGETS.callsPerFloor, 2)} / ${fmt(TARGETS.callsPerFloor, 2)}`,
          steady && calls === TARGETS.callsPerFloor && trips === TARGETS.callsPerFloor,
        ),
      );
    }
  }
  for (const sc of SCENARIOS) {
    const row = sequentialRow(results, sc.id, 'facade');
    const ratio = row ? median(row.ms) / (sc.floor.roundTrips * L) : Number.NaN;
    targetRows.push(target(`${sc.id} wall time / floor at ${L} ms`, `${fmt(ratio, 2)} (median ${row ? fmt(median(row.ms), 1) : 'n/a'} ms vs ${sc.floor.roundTrips} × ${L} ms)`, `≤ ${fmt(TARGETS.wallPerFloor, 2)}`, ratio <= TARGETS.wallPerFloor));
  }
  const facadeThroughput = throughputOf(results, 'facade');
  // A peer left out of a partial run has no figure (NaN), which must not win the sort.
  const graphqlPeers = peers
    .filter((p) => p.graphql)
    .map((p) => ({ spec: p, t: throughputOf(results, p.id) }))
    .filter((p) => Number.isFinite(p.t.rps));
  const bestPeer = graphqlPeers.sort((a, b) => b.t.rps - a.t.rps)[0];
  const proxy = throughputOf(results, 'proxy');
  const vsPeer = bestPeer ? facadeThroughput.rps / bestPeer.t.rps : Number.NaN;
  const vsProxy = facadeThroughput.rps / proxy.rps;
  targetRows.push(target('Q1 throughput vs the better GraphQL peer', `${fmt(vsPeer, 2)}× (${fmt(facadeThroughput.rps, 0)} vs ${bestPeer ? `${bestPeer.spec.label} ${fmt(bestPeer.t.rps, 0)}` : 'n/a'} req/s)`, `≥ ${fmt(TARGETS.vsBestGraphQLPeer, 1)}×`, vsPeer >= TARGETS.vsBestGraphQLPeer));
  targetRows.push(target('Q1 throughput vs the hand-written proxy', `${fmt(vsProxy, 2)}× (${fmt(facadeThroughput.rps, 0)} vs ${fmt(proxy.rps, 0)} req/s)`, `≥ ${fmt(TARGETS.vsProxy, 1)}×`, vsProxy >= TARGETS.vsProxy));
  const cpuVsProxy = facadeThroughput.cpu / proxy.cpu;
  targetRows.push(target('Q1 CPU per request vs the hand-written proxy', `${fmt(cpuVsProxy, 2)}× (${fmt(facadeThroughput.cpu, 3)} vs ${fmt(proxy.cpu, 3)} ms)`, `≤ ${fmt(TARGETS.cpuVsProxy, 1)}×`, cpuVsProxy <= TARGETS.cpuVsProxy));
  const atFirst = results.memory.find((m) => m.requests === CONFIG.memoryFirst);
  const atTotal = results.memory.find((m) => m.requests === CONFIG.memoryTotal);
  const growth = atFirst && atTotal ? atTotal.rss / atFirst.rss : Number.NaN;
  const k = (n: number) => `${n / 1000}k`;
  targetRows.push(target(`facade RSS after ${k(CONFIG.memoryTotal)} / after ${k(CONFIG.memoryFirst)} Q1 requests`, `${fmt(growth, 3)} (${atTotal ? mib(atTotal.rss) : 'n/a'} / ${atFirst ? mib(atFirst.rss) : 'n/a'})`, `≤ ${fmt(TARGETS.memoryGrowth, 2)}`, growth <= TARGETS.memoryGrowth));
  const failedChecks = results.checks.filter((c) => !c.ok);
  targetRows.push(target('Q1 data: every peer returns the facade\'s data', failedChecks.length === 0 ? 'all same' : failedChecks.map((c) => `${c.system} ${c.scenario}`).join(', '), 'same', !failedChecks.some((c) => c.scenario === 'Q1')));

  lines.push('# Benchmarks');
  lines.push('');
  lines.push(`Latest output of \`${QUICK ? 'BENCH_QUICK=1 ' : ''}npm run bench\` (\`bench/run.ts\`); the file is overwritten by every full run.`);
  if (PARTIAL) lines.push(`\nPARTIAL run (BENCH_PHASES=${SELECTED_PHASES.join(',')}, BENCH_SYSTEMS=${SELECTED_SYSTEMS.join(',')}): targets whose figures were not measured show n/a.`);
  lines.push('');
  lines.push(`- Run: ${new Date().toISOString()}, ${QUICK ? 'QUICK (smoke check, shortened)' : 'full'} mode, total ${fmt(totalSeconds, 0)} s; commit ${gitRevision()}`);
  lines.push(`- Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; shared and noisy, so figures are medians with min–max spreads and the systems run alternately in the same run`);
  lines.push(`- Everything on 127.0.0.1: the REST simulator in its own process, each system in its own process, autocannon in the bench process. Facade started as \`node dist/index.mjs\` (what \`npm start\` builds and runs) with \`LOG_LEVEL=${FACADE_LOG_LEVEL}\`, default limits${FACADE_CACHE_OFF ? ', upstream cache off (`CACHE_TTL_MS=0`, `CACHE_FINISHED_TTL_MS=0`; `BENCH_FACADE_CACHE=on` turns it on)' : ' and its upstream cache on (`BENCH_FACADE_CACHE=on`, as `npm start` runs)'}`);
  lines.push('');
  lines.push('## Targets');
  lines.push('');
  lines.push('| target | figure | goal | result |');
  lines.push('|---|---|---|---|');
  lines.push(...targetRows);
  lines.push('');
  lines.push(misses.length === 0 ? 'Every target is met.' : `Missed: ${misses.length} target(s), listed as **MISS** above.`);
  lines.push('');

  lines.push('## Scenarios');
  lines.push('');
  lines.push('| | scenario | floor: calls / round trips | why |');
  lines.push('|---|---|---|---|');
  for (const sc of SCENARIOS) lines.push(`| ${sc.id} | ${sc.title} | ${sc.floor.calls} / ${sc.floor.roundTrips} | ${sc.floorReason} |`);
  lines.push('');
  lines.push('Exact query texts: `bench/scenarios.ts` (facade, Apollo peer and proxy); Hive Gateway\'s equivalents: `bench/systems.ts`.');
  lines.push('');

  lines.push(`## 1–2. Upstream calls, round trips and wall time (simulator at ${L} ms per request)`);
  lines.push('');
  lines.push(`${CONFIG.sequentialRequests} sequential single requests per scenario and system (after a JIT warm-up of ${CONFIG.jitWarmupRequests} requests per scenario at 0 ms and ${CONFIG.warmupRequests} warm-up requests at ${L} ms), systems interleaved request by request. Calls are counted from the simulator's request log; round trips are waves of upstream calls (a call starting after another ended is one wave later). Wall time is measured at the client, send to last byte; the floor is round trips × ${L} ms.`);
  lines.push('');
  const directRoundTrip = median(results.directGet);
  lines.push('| scenario | system | calls (floor) | calls / floor | round trips (floor) | wall median | wall min–max | wall / floor | wall / harness floor | target |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const sc of SCENARIOS) {
    for (const spec of SYSTEMS) {
      const row = sequentialRow(results, sc.id, spec.id);
      if (!row) continue;
      if (row.ms.length === 0) {
        lines.push(`| ${sc.id} | ${spec.label} | failed: ${row.failures[0] ?? 'no data'} | | | | | | | |`);
        continue;
      }
      const callsRatio = median(row.calls) / sc.floor.calls;
      const wallRatio = median(row.ms) / (sc.floor.roundTrips * L);
      const isFacade = spec.id === 'facade' || spec.id === 'facade-v8';
      const goal = isFacade
        ? `calls ${verdict(min(row.calls) === max(row.calls) && callsRatio === 1)}, wall ${verdict(wallRatio <= TARGETS.wallPerFloor)}`
        : '(reference)';
      const callText = min(row.calls) === max(row.calls) ? `${median(row.calls)}` : `${median(row.calls)} (${range(row.calls, 0)})`;
      const rtText = min(row.roundTrips) === max(row.roundTrips) ? `${median(row.roundTrips)}` : `${median(row.roundTrips)} (${range(row.roundTrips, 0)})`;
      lines.push(
        `| ${sc.id} | ${spec.label} | ${callText} (${sc.floor.calls}) | ${fmt(callsRatio, 2)} | ${rtText} (${sc.floor.roundTrips}) | ${fmt(median(row.ms), 1)} ms | ${range(row.ms)} ms | ${fmt(wallRatio, 2)} | ${fmt(median(row.ms) / (sc.floor.roundTrips * directRoundTrip), 2)} | ${goal}${row.failures.length ? `; ${row.failures.length} failed` : ''} |`,
      );
    }
  }
  lines.push('');
  if (results.directGet.length > 0) {
    lines.push(`The target divides by the nominal latency. For scale, the harness floor: one direct REST GET to the simulator from the same client takes ${fmt(directRoundTrip, 1)} ms (median; ${range(results.directGet)} ms), i.e. ${fmt(directRoundTrip / L, 2)} × the nominal ${L} ms (the simulator's timer overshoot, loopback and its own work, before any system adds anything); "wall / harness floor" divides by round trips × that measured GET instead.`);
    lines.push('');
  }
  lines.push('Hive Gateway answers Q2 and Q3 in its own schema\'s shape (the upstream page, no parsed log status); its calls and round trips are comparable, its data is compared for Q1 only. Its relations are gateway `additionalResolvers` (one per link, as Hive documents schema extensions), and nothing caches a REST object within a request, so every followed link is a call of its own. RESTDataSource deduplicates only concurrent identical GETs, so Apollo reads the session again after the log item names it.');
  lines.push('');

  lines.push(`## 3. Q1 throughput and latency (simulator at 0 ms)`);
  lines.push('');
  lines.push(`autocannon, ${CONFIG.connections} connections, pipelining 1, ${CONFIG.loadSeconds} s per run after a ${CONFIG.warmupSeconds} s warm-up per system; ${CONFIG.rounds} rounds, the systems alternating inside each round (order rotated per round). Figures are the median of the rounds; the spread is min–max over rounds. Every response is checked against the system's own Q1 body (mismatches count as errors). CPU per request is the system process's user + system CPU time (all its threads, from /proc) over the run, divided by the requests it completed.`);
  lines.push('');
  lines.push('| system | req/s (median) | req/s min–max | CPU per request | p50 | p99 | upstream calls / request | errors | facade ÷ this |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const spec of SYSTEMS) {
    const t = throughputOf(results, spec.id);
    if (t.rounds.length === 0) continue;
    lines.push(
      `| ${spec.label} | ${fmt(t.rps, 0)} | ${range(t.rounds.map((r) => r.rps), 0)} | ${fmt(t.cpu, 3)} ms | ${fmt(t.p50, 0)} ms | ${fmt(t.p99, 0)} ms | ${fmt(t.calls, 2)} | ${t.errors} | ${fmt(facadeThroughput.rps / t.rps, 2)}× |`,
    );
  }
  lines.push('');
  lines.push('Rounds (req/s):');
  lines.push('');
  lines.push(`| system | ${Array.from({ length: CONFIG.rounds }, (_, i) => `round ${i + 1}`).join(' | ')} |`);
  lines.push(`|---|${Array.from({ length: CONFIG.rounds }, () => '---:').join('|')}|`);
  for (const spec of SYSTEMS) {
    const rounds = results.throughput.filter((r) => r.system === spec.id).sort((a, b) => a.round - b.round);
    if (rounds.length > 0) lines.push(`| ${spec.label} | ${rounds.map((r) => fmt(r.rps, 0)).join(' | ')} |`);
  }
  lines.push('');

  lines.push(`## 4. Facade memory (RSS) under Q1 load`);
  lines.push('');
  lines.push(`A fresh facade process; Q1 in chunks of ${CONFIG.memoryChunk.toLocaleString('en-US')} requests (autocannon \`amount\`, ${CONFIG.connections} connections, simulator at 0 ms); RSS read from /proc 0.5 s after each chunk, no forced GC.`);
  lines.push('');
  lines.push('| Q1 requests served | RSS | vs first chunk |');
  lines.push('|---:|---:|---:|');
  for (const point of results.memory) {
    lines.push(`| ${point.requests.toLocaleString('en-US')} | ${mib(point.rss)} | ${atFirst && point.requests > 0 ? fmt(point.rss / atFirst.rss, 3) : ''} |`);
  }
  const memoryErrors = (results.memoryLoad ?? []).reduce((sum, r) => sum + r.errors + r.mismatches + r.non2xx, 0);
  lines.push('');
  lines.push(`Errors, non-2xx and mismatched bodies during the memory run: ${memoryErrors}.`);
  lines.push('');

  lines.push('## Data check');
  lines.push('');
  lines.push('| system | scenario | result |');
  lines.push('|---|---|---|');
  for (const check of results.checks) lines.push(`| ${system(check.system).label} | ${check.scenario} | ${check.ok ? 'same data as the facade' : `**MISMATCH**: ${check.detail}`} |`);
  lines.push('');

  if (results.profile) {
    lines.push('## CPU profile of the facade under Q1 load');
    lines.push('');
    lines.push(`\`node --cpu-prof\` on a fresh facade process, ${CONFIG.profileSeconds} s of Q1 at ${CONFIG.connections} connections (${fmt(results.profile.rps, 0)} req/s while profiled); self time, top functions and packages. Profile: \`${results.profile.file}\` (summarise any profile with \`npx tsx bench/lib/profile.ts FILE\`).`);
    lines.push('');
    lines.push(profileMarkdown(results.profile.summary));
    lines.push('');
  }

  lines.push('## How to run');
  lines.push('');
  lines.push('- `npm run bench`: the full run (under 10 minutes on 2 cores), rewrites this file. The first run installs the peers into `.bench-peers/` (gitignored; `npm install --prefix` with exact versions), later runs reuse them.');
  lines.push('- `BENCH_QUICK=1 npm run bench`: a smoke check of every phase in about a minute; writes `.bench-peers/BENCHMARKS.quick.md`.');
  lines.push('- `BENCH_PHASES=sequential,throughput,memory,profile` and `BENCH_SYSTEMS=facade,facade-v8,hive,apollo,proxy` pick a subset (the facade always runs); the output then goes to `.bench-peers/BENCHMARKS.partial.md`.');
  lines.push('- The facade runs with its upstream cache off (`CACHE_TTL_MS=0`, `CACHE_FINISHED_TTL_MS=0`), so it makes every REST call per request as the peers do; `BENCH_FACADE_CACHE=on` measures it as `npm start` runs it, where the cache answers repeated Q1 requests without upstream calls.');
  lines.push('- `node --import tsx bench/ab.ts DIR_A DIR_B`: Q1 CPU per request and throughput of two facade builds and the proxy, alternating round by round (how each change in \"Profile and changes\" was measured; see the file for building a variant).');
  lines.push('- `npm run bench:summary`: the multi-server `summary` against its slowest server, three simulators in their own processes, with their answers replayed and rendered (the \"Many servers: summary\" section below, kept when this file is rewritten).');
  lines.push('- Sources: `bench/run.ts` (phases, report), `bench/scenarios.ts` (queries and floors, also used by `test/bench-scenarios.test.ts`), `bench/systems.ts` (how each system starts), `bench/peers/` (the peers and the OpenAPI file Hive composes from), `bench/lib/` (processes, load, statistics, profile summariser).');
  lines.push('');
  if (results.notes.length > 0) {
    lines.push('## Notes');
    lines.push('');
    for (const note of results.notes) lines.push(`- ${note}`);
    lines.push('');
  }
  return { markdown: lines.join('\n'), misses };
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(): Promise<number> {
  log(`${QUICK ? 'QUICK' : 'full'} run; results go to ${OUTPUT}`);
  const results: Results = { notes: [], checks: [], sequential: [], throughput: [], memory: [], directGet: [] };
  for (const line of await ensurePeers(log)) results.notes.push(line);
  await buildFacade();
  log('facade built: dist/index.mjs (as npm start runs it)');
  // Installing is bounded on its own; the phases after it get the watchdog.
  const watchdog = setTimeout(() => {
    console.error(`bench: watchdog after ${CONFIG.watchdogMs / 1000} s of measuring, aborting`);
    void finish(1);
  }, CONFIG.watchdogMs);
  watchdog.unref();

  const simulator = await startSimulatorProcess();
  log(`simulator at ${simulator.url}`);
  await composeSupergraph(simulator.url);
  log('Hive supergraph composed from bench/peers/vbm365-v5.openapi.json');

  // The facade on v8 only has floors to show: it runs when the sequential phase does.
  const ids: SystemId[] = [
    'facade',
    ...SELECTED_SYSTEMS.filter((id) => id !== 'facade' && (SELECTED_PHASES.includes('sequential') || !system(id).floorsOnly)),
  ];
  const running = await startSystems(simulator, ids);
  const expected = await checkData(simulator, running, results);
  log(`data check: ${results.checks.filter((c) => c.ok).length}/${results.checks.length} same`);

  if (SELECTED_PHASES.includes('sequential')) await sequential(simulator, running, results);
  if (SELECTED_PHASES.includes('throughput')) await throughput(simulator, running, expected, results);
  for (const run of running.values()) await run.service.stop();

  if (SELECTED_PHASES.includes('memory')) {
    log(`memory: a fresh facade, ${CONFIG.memoryTotal.toLocaleString('en-US')} Q1 requests`);
    await memory(simulator, expected.get('facade'), results);
  }
  if (SELECTED_PHASES.includes('profile')) {
    log(`profile: a fresh facade with --cpu-prof, ${CONFIG.profileSeconds} s of Q1`);
    await profile(simulator, results);
  }

  const totalSeconds = (Date.now() - startedAt) / 1000;
  const { markdown, misses } = report(results, totalSeconds);
  writeFileSync(OUTPUT, `${markdown}\n${keptSections()}`);
  console.log(`\n${markdown}\n`);
  log(`wrote ${OUTPUT}; ${misses.length === 0 ? 'every target met' : `${misses.length} target(s) missed`}; total ${fmt(totalSeconds, 0)} s`);
  return 0;
}

let finishing = false;
async function finish(code: number): Promise<never> {
  if (!finishing) {
    finishing = true;
    await stopAll(5_000).catch(() => killAllNow());
    await closeClient().catch(() => undefined);
  }
  process.exit(code);
}

process.on('exit', () => killAllNow());
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping every child process`);
    void finish(130);
  });
}
try {
  const code = await main();
  await finish(code);
} catch (error) {
  console.error('bench failed:', error instanceof Error ? (error.stack ?? error.message) : error);
  await finish(1);
}
