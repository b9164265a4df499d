/**
 * A/B of facade builds on this machine: Q1 CPU per request and throughput of two or more
 * bundles (and the proxy as the yardstick), the systems alternating round by round in one run,
 * so a noisy machine shifts them alike. A development aid for measuring one change at a time.
 *
 *   node --import tsx bench/ab.ts dist-a dist-b      (folders beside src/ holding index.mjs)
 *   AB_ROUNDS=6 AB_SECONDS=4 AB_PROFILE=dist-b ...   (rounds, seconds per run, --cpu-prof one)
 *   AB_PEERS=apollo ...                              (GraphQL peers alongside, from .bench-peers/)
 *
 * Build a variant with esbuild as scripts/build.ts does, into a folder beside src/ (so
 * `../schema/` resolves), e.g. `npx esbuild src/index.ts --bundle --packages=external
 * --platform=node --format=esm --outfile=dist-b/index.mjs`.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { load } from './lib/load.js';
import { post } from './lib/graphql-client.js';
import { ORPHAN_GUARD, ROOT, childEnv, cpuMsOf, killAllNow, start, stopAll } from './lib/processes.js';
import { startSimulatorProcess } from './lib/simulator-client.js';
import { fmt, median } from './lib/stats.js';
import { scenario } from './scenarios.js';
import { system } from './systems.js';

const variants = process.argv.slice(2);
if (variants.length === 0) throw new Error('usage: bench/ab.ts DIST_DIR [DIST_DIR...]');
const ROUNDS = Number(process.env.AB_ROUNDS ?? 5);
const SECONDS = Number(process.env.AB_SECONDS ?? 3);
const CONNECTIONS = 16;

process.on('exit', () => killAllNow());
const simulator = await startSimulatorProcess();
const q1 = scenario('Q1');
const systems: { name: string; url: string; pid: number; cpu: number[]; rps: number[] }[] = [];
for (const dir of variants) {
  const flags = process.env.AB_PROFILE === dir ? ['--cpu-prof', '--cpu-prof-dir', join(ROOT, '.bench-peers', 'profiles-ab', dir)] : [];
  const service = start({
    name: dir,
    command: process.execPath,
    args: [...flags, '--import', ORPHAN_GUARD, join(dir, 'index.mjs')],
    cwd: ROOT,
    env: childEnv({ VBM_API_URL: simulator.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', CACHE_TTL_MS: '0', CACHE_FINISHED_TTL_MS: '0' }),
  });
  const [, url] = await service.waitFor(/listening: (http:\/\/127\.0\.0\.1:\d+\/graphql)/, 60_000);
  systems.push({ name: dir, url: url!, pid: service.pid, cpu: [], rps: [] });
}
// AB_PEERS=apollo (or hive) adds GraphQL peers; they answer Q1 in their own bytes, so their bodies are not compared.
for (const peer of (process.env.AB_PEERS ?? '').split(',').filter(Boolean) as ('apollo' | 'hive')[]) {
  const running = await system(peer).start({ simulatorUrl: simulator.url, simulatorV8Url: simulator.v8Url, token: simulator.token });
  systems.push({ name: peer, url: running.url, pid: running.service.pid, cpu: [], rps: [] });
}
const proxy = await system('proxy').start({ simulatorUrl: simulator.url, simulatorV8Url: simulator.v8Url, token: simulator.token });
systems.push({ name: 'proxy', url: proxy.url, pid: proxy.service.pid, cpu: [], rps: [] });
const peers = new Set(['apollo', 'hive', 'proxy']);

const payloadOf = (name: string) => system(name === 'apollo' || name === 'hive' ? name : 'facade').payload(q1);
const payload = payloadOf('facade');
const reference = (await post(systems[0]!.url, simulator.token, payload)).text;
for (const s of systems) {
  const text = (await post(s.url, simulator.token, payloadOf(s.name))).text;
  if (!peers.has(s.name) && text !== reference) throw new Error(`${s.name} answers Q1 differently:\n${text}\n${reference}`);
  await load({ url: s.url, token: simulator.token, payload: payloadOf(s.name), connections: CONNECTIONS, seconds: 2 });
}
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? systems : [...systems].reverse();
  for (const s of order) {
    await simulator.reset();
    await sleep(500);
    const before = cpuMsOf(s.pid);
    const result = await load({ url: s.url, token: simulator.token, payload: payloadOf(s.name), connections: CONNECTIONS, seconds: SECONDS, expectBody: peers.has(s.name) ? undefined : reference });
    if (result.errors + result.mismatches + result.non2xx > 0) throw new Error(`${s.name}: ${JSON.stringify(result)}`);
    s.cpu.push((cpuMsOf(s.pid) - before) / result.requests);
    s.rps.push(result.rps);
  }
}
// Ratios are taken round by round (each system against the first and the proxy of the same round), then the median.
const first = systems[0]!;
const proxyRow = systems.at(-1)!;
const pairedMedian = (of: number[], to: number[]) => median(of.map((value, i) => value / to[i]!));
console.log(`${ROUNDS} rounds of ${SECONDS} s, ${CONNECTIONS} connections, systems alternating; ratios are medians of per-round ratios.`);
console.log(`| system | CPU ms/req (median) | per round | CPU ÷ ${first.name} | CPU ÷ proxy | req/s (median) | req/s ÷ ${first.name} | req/s ÷ proxy |`);
console.log('|---|---:|---|---:|---:|---:|---:|---:|');
for (const s of systems) {
  console.log(
    `| ${s.name} | ${fmt(median(s.cpu), 3)} | ${s.cpu.map((c) => fmt(c, 3)).join(' ')} | ${fmt(pairedMedian(s.cpu, first.cpu), 3)} | ${fmt(pairedMedian(s.cpu, proxyRow.cpu), 2)} | ` +
      `${fmt(median(s.rps), 0)} | ${fmt(pairedMedian(s.rps, first.rps), 3)} | ${fmt(pairedMedian(s.rps, proxyRow.rps), 2)} |`,
  );
}
await stopAll(5_000);
process.exit(0);
