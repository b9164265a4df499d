/**
 * A tiny .cpuprofile summariser: self time per function and per package.
 * CLI: `npx tsx bench/lib/profile.ts <file.cpuprofile> [top]`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface CpuProfile {
  /** Microseconds on the monotonic clock (the one process.hrtime reads). */
  startTime: number;
  endTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  where: string;
  group: string;
  ms: number;
  /** Share of busy time (all samples but idle). */
  share: number;
}

/** Monotonic microseconds, as `process.hrtime.bigint() / 1000n`. */
export interface Window {
  fromUs: number;
  toUs: number;
}

export interface ProfileSummary {
  /** Whether only the samples inside the requested window were counted. */
  windowed: boolean;
  busyMs: number;
  idleMs: number;
  functions: SelfTime[];
  groups: { group: string; ms: number; share: number }[];
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** Which package or part of the runtime a script belongs to. */
export function groupOf(frame: CallFrame): string {
  if (SPECIAL.has(frame.functionName) && frame.url === '') return frame.functionName;
  const url = frame.url;
  if (url === '') return '(native)';
  if (url.startsWith('node:')) return 'node core';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules !== -1) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? url);
  }
  const src = url.indexOf('/src/');
  if (src !== -1) return 'facade src/';
  const bench = url.indexOf('/bench/');
  if (bench !== -1) return 'bench/';
  return 'other';
}

function shortWhere(frame: CallFrame): string {
  if (frame.url === '') return '';
  let url = frame.url.replace(/^file:\/\//, '');
  const modules = url.lastIndexOf('/node_modules/');
  if (modules !== -1) url = url.slice(modules + '/node_modules/'.length);
  else {
    const src = url.indexOf('/src/');
    if (src !== -1) url = url.slice(src + 1);
  }
  return `${url}:${frame.lineNumber + 1}`;
}

export function summarise(profile: CpuProfile, top = 15, window?: Window): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  const inWindow = (time: number) => !window || (time >= window.fromUs && time <= window.toUs);
  // A window that misses the profile entirely (another clock) falls back to every sample.
  const windowed = window !== undefined && window.fromUs < profile.endTime && window.toUs > profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (!windowed || inWindow(at)) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const functions = new Map<string, { name: string; where: string; group: string; us: number }>();
  const groups = new Map<string, number>();
  let idleUs = 0;
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    busyUs += us;
    const name = frame.functionName || '(anonymous)';
    const where = shortWhere(frame);
    const key = `${name}@${where}`;
    const group = groupOf(frame);
    const entry = functions.get(key) ?? { name, where, group, us: 0 };
    entry.us += us;
    functions.set(key, entry);
    groups.set(group, (groups.get(group) ?? 0) + us);
  }
  const share = (us: number) => (busyUs > 0 ? us / busyUs : 0);
  return {
    windowed,
    busyMs: busyUs / 1000,
    idleMs: idleUs / 1000,
    functions: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ name: f.name, where: f.where, group: f.group, ms: f.us / 1000, share: share(f.us) })),
    groups: [...groups.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([group, us]) => ({ group, ms: us / 1000, share: share(us) })),
  };
}

export function summariseFile(path: string, top = 15, window?: Window): ProfileSummary {
  return summarise(JSON.parse(readFileSync(path, 'utf8')) as CpuProfile, top, window);
}

/** Markdown: the top functions, then the packages. */
export function profileMarkdown(summary: ProfileSummary, groupsShown = 12): string {
  const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
  const lines = [
    `Busy ${summary.busyMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms of samples${summary.windowed ? ' taken during the measured load (start-up and warm-up left out)' : ' (the whole process life, start-up included)'}.`,
    '',
    '| # | self | share of busy | function | where | package |',
    '|---|---:|---:|---|---|---|',
    ...summary.functions.map(
      (f, i) => `| ${i + 1} | ${f.ms.toFixed(0)} ms | ${pct(f.share)} | \`${f.name}\` | ${f.where ? `\`${f.where}\`` : ''} | ${f.group} |`,
    ),
    '',
    '| package / part | self | share of busy |',
    '|---|---:|---:|',
    ...summary.groups.slice(0, groupsShown).map((g) => `| ${g.group} | ${g.ms.toFixed(0)} ms | ${pct(g.share)} |`),
  ];
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: tsx bench/lib/profile.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  console.log(profileMarkdown(summariseFile(file, Number(top ?? 20))));
}
