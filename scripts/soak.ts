/**
 * `npm run soak`: a bounded mixed load (loopback only) from several tokens at once against the
 * facade process, with upstream faults injected, then a report: requests served, errors by
 * code, cross-token mismatches (must be 0), facade memory at start and end.
 * SOAK_SECONDS (default 20) and SOAK_MAX_REQUESTS (default 20000) bound it.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ORGANIZATION_IDS } from '../src/simulator/data.js';
import { buildFacade } from './build.js';
import { SEED, startSimulator, type Fault } from '../src/simulator/index.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 20);
const MAX_REQUESTS = Number(process.env.SOAK_MAX_REQUESTS ?? 20_000);
const WORKERS = 8;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Math.round(Number(line?.match(/\d+/)?.[0] ?? 0) / 1024);
}

const simulator = await startSimulator({ latencyMs: 2 });
await buildFacade();
const facade = spawn(process.execPath, ['dist/index.mjs'], {
  cwd: ROOT,
  env: { PATH: process.env.PATH ?? '', VBM_API_URL: simulator.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', VBM_TIMEOUT_MS: '3000', VBM_BREAKER_COOLDOWN_MS: '500' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const stop = () => facade.kill('SIGKILL');
process.on('exit', stop);

try {
  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`facade did not start:\n${out}`)), 20_000);
    facade.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(/listening: (http:\/\/\S+\/graphql)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });

  const fabrikamSession = simulator.data.sessions.find((s) => s.organizationId === ORGANIZATION_IDS.fabrikam)!;
  const callers = [
    { name: 'admin', token: simulator.issueToken('admin'), session: SEED.linkedJobSessionId, orgs: null as readonly string[] | null },
    { name: 'admin-2', token: simulator.issueToken('admin'), session: fabrikamSession.id, orgs: null },
    { name: 'operator', token: simulator.issueToken('fabrikam-operator'), session: fabrikamSession.id, orgs: [ORGANIZATION_IDS.fabrikam] as readonly string[] },
    { name: 'operator-2', token: simulator.issueToken('fabrikam-operator'), session: fabrikamSession.id, orgs: [ORGANIZATION_IDS.fabrikam] as readonly string[] },
  ];
  const queries = [
    (s: string) => `{ jobSession(id: "${s}") { id status job { name organization { id } } logItems(first: 20) { edges { node { usn status } } } } }`,
    () => '{ jobSessions(first: 25) { edges { node { id status job { name organization { id } } } } } }',
    (s: string) => `{ jobSession(id: "${s}") { id logItem(id: "00000000-0000-4000-8000-000000000000") { id } } }`,
    () => '{ jobs { id organization { id } } }',
  ];
  const faults: Fault[] = [
    { status: 503, headers: { 'Retry-After': '0' }, times: 20 },
    { status: 500, times: 10 },
    { reset: true, times: 10 },
    { malformed: true, times: 5 },
    { hang: true, times: 2 },
  ];

  const errors = new Map<string, number>();
  let served = 0;
  let mismatches = 0;
  const memoryStart = rssMiB(facade.pid!);
  const started = Date.now();
  const deadline = started + SECONDS * 1000;
  let faultIndex = 0;
  const faultTimer = setInterval(() => simulator.injectFault(faults[faultIndex++ % faults.length]!), 1_000);

  await Promise.all(
    Array.from({ length: WORKERS }, async (_, worker) => {
      for (let i = 0; Date.now() < deadline && served < MAX_REQUESTS; i++) {
        const caller = callers[(worker + i) % callers.length]!;
        const query = queries[i % queries.length]!(caller.session);
        const response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${caller.token}` },
          body: JSON.stringify({ query }),
          signal: AbortSignal.timeout(15_000),
        }).catch(() => undefined);
        served++;
        if (!response) {
          errors.set('HTTP_FAILURE', (errors.get('HTTP_FAILURE') ?? 0) + 1);
          continue;
        }
        const text = await response.text();
        const body = JSON.parse(text) as {
          data?: { jobSession?: { id: string } | null };
          errors?: { message: string; extensions?: { code?: string } }[];
        };
        for (const error of body.errors ?? []) {
          // Fast failures of the open breaker are counted apart from real upstream failures.
          const code = `${error.extensions?.code ?? 'NONE'}${/paused/.test(error.message) ? ' (breaker open)' : ''}`;
          errors.set(code, (errors.get(code) ?? 0) + 1);
        }
        // A caller sees only its own session and organizations, never another caller's.
        const returned = body.data?.jobSession?.id;
        if (returned !== undefined && returned !== caller.session) mismatches++;
        if (caller.orgs) {
          for (const id of Object.values(ORGANIZATION_IDS)) if (!caller.orgs.includes(id) && text.includes(id)) mismatches++;
        }
      }
    }),
  );
  clearInterval(faultTimer);

  const seconds = (Date.now() - started) / 1000;
  const report = {
    seconds: Math.round(seconds),
    requestsServed: served,
    requestsPerSecond: Math.round(served / seconds),
    upstreamRequests: simulator.requests.length,
    errorsByCode: Object.fromEntries([...errors].sort((a, b) => b[1] - a[1])),
    crossTokenMismatches: mismatches,
    facadeRssMiB: { start: memoryStart, end: rssMiB(facade.pid!) },
    facadeAlive: facade.exitCode === null,
  };
  console.log(JSON.stringify(report, null, 2));
  if (mismatches > 0 || !report.facadeAlive) process.exitCode = 1;
} finally {
  facade.kill('SIGTERM');
  await simulator.close();
}
