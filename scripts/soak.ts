/**
 * `npm run soak`: a bounded mixed load (loopback only) from several tokens at once against the
 * facade process, with upstream faults injected, then a report: requests served, errors by
 * code, cross-token mismatches (must be 0), facade memory at start and end.
 * SOAK_SECONDS (default 20) and SOAK_MAX_REQUESTS (default 20000) bound it.
 * Then a noisy-neighbour phase (SOAK_NOISY_SECONDS, default 10): one caller bursts on its own
 * resources that answer 500 and 429 while another caller's success rate and p99 are recorded.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ORGANIZATION_IDS } from '../src/simulator/data.js';
import { buildFacade } from './build.js';
import { SEED, startSimulator, type Fault } from '../src/simulator/index.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 20);
const MAX_REQUESTS = Number(process.env.SOAK_MAX_REQUESTS ?? 20_000);
const NOISY_SECONDS = Number(process.env.SOAK_NOISY_SECONDS ?? 10);
const WORKERS = 8;
const NOISY_WORKERS = 16;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Math.round(Number(line?.match(/\d+/)?.[0] ?? 0) / 1024);
}

const simulator = await startSimulator({ latencyMs: 2 });
await buildFacade();
const facade = spawn(process.execPath, ['dist/index.mjs'], {
  cwd: ROOT,
  env: { PATH: process.env.PATH ?? '', VBM_API_URL: simulator.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: process.env.SOAK_LOG_LEVEL ?? 'error', VBM_TIMEOUT_MS: '3000', VBM_BREAKER_COOLDOWN_MS: '500' },
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
  // Each fault episode lasts at most a second: the next one replaces what is left of it.
  const faultTimer = setInterval(() => {
    simulator.clearFaults();
    simulator.injectFault(faults[faultIndex++ % faults.length]!);
  }, 1_000);

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

  const mixedEnd = { rss: rssMiB(facade.pid!), upstream: simulator.requests.length, seconds: (Date.now() - started) / 1000 };
  simulator.clearFaults();

  // Noisy neighbour: the operator bursts on two of its sessions, one answering 500 and one 429;
  // the admin, alone on its own resources, must keep a 100% success rate.
  const noisySessions = simulator.data.sessions.filter((s) => s.organizationId === ORGANIZATION_IDS.fabrikam).slice(0, 2);
  simulator.injectFault({ path: new RegExp(`^/v5/jobsessions/${noisySessions[0]!.id}$`), status: 500 });
  simulator.injectFault({ path: new RegExp(`^/v5/jobsessions/${noisySessions[1]!.id}$`), status: 429, headers: { 'Retry-After': '0' } });
  const noisyToken = simulator.issueToken('fabrikam-operator');
  const quietToken = simulator.issueToken('admin');
  const noisyQuery = `{ a: jobSession(id: "${noisySessions[0]!.id}") { id } b: jobSession(id: "${noisySessions[1]!.id}") { id } }`;
  const quietQuery = `{ jobSession(id: "${SEED.linkedJobSessionId}") { id status job { name } logItems(first: 5) { edges { node { usn } } } } }`;
  const noisyErrors = new Map<string, number>();
  const quietErrors = new Map<string, number>();
  let noisyServed = 0;
  const quietLatencies: number[] = [];
  let quietFailed = 0;
  let rssPeak = mixedEnd.rss;
  const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, rssMiB(facade.pid!))), 250);
  const noisyUntil = Date.now() + NOISY_SECONDS * 1000;
  const post = (token: string, query: string) =>
    fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
      signal: AbortSignal.timeout(15_000),
    })
      .then((r) => r.json() as Promise<{ errors?: { message: string; extensions?: { code?: string } }[] }>)
      .catch(() => ({ errors: [{ message: 'HTTP failure', extensions: { code: 'HTTP_FAILURE' } }] }));
  await Promise.all([
    ...Array.from({ length: NOISY_WORKERS }, async () => {
      while (Date.now() < noisyUntil && noisyServed < MAX_REQUESTS) {
        const body = await post(noisyToken, noisyQuery);
        noisyServed++;
        for (const error of body.errors ?? []) noisyErrors.set(error.extensions?.code ?? 'NONE', (noisyErrors.get(error.extensions?.code ?? 'NONE') ?? 0) + 1);
      }
    }),
    (async () => {
      while (Date.now() < noisyUntil && quietLatencies.length < MAX_REQUESTS) {
        const began = performance.now();
        const body = await post(quietToken, quietQuery);
        quietLatencies.push(performance.now() - began);
        if (body.errors?.length) quietFailed++;
        for (const error of body.errors ?? []) {
          const code = `${error.extensions?.code ?? 'NONE'}${/paused/.test(error.message) ? ' (breaker open)' : ''}`;
          quietErrors.set(code, (quietErrors.get(code) ?? 0) + 1);
        }
      }
    })(),
  ]);
  clearInterval(rssTimer);
  simulator.clearFaults();
  const sorted = [...quietLatencies].sort((x, y) => x - y);
  const percentile = (p: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0) * 10) / 10;
  const noisyNeighbour = {
    seconds: NOISY_SECONDS,
    noisyCaller: { workers: NOISY_WORKERS, requests: noisyServed, errorsByCode: Object.fromEntries(noisyErrors) },
    quietCaller: {
      requests: quietLatencies.length,
      successRatePercent: Math.round((1 - quietFailed / Math.max(1, quietLatencies.length)) * 10_000) / 100,
      p50Ms: percentile(0.5),
      p99Ms: percentile(0.99),
      errorsByCode: Object.fromEntries(quietErrors),
    },
    facadeRssPeakMiB: rssPeak,
  };

  const seconds = mixedEnd.seconds;
  const report = {
    seconds: Math.round(seconds),
    requestsServed: served,
    requestsPerSecond: Math.round(served / seconds),
    upstreamRequests: mixedEnd.upstream,
    errorsByCode: Object.fromEntries([...errors].sort((a, b) => b[1] - a[1])),
    crossTokenMismatches: mismatches,
    facadeRssMiB: { start: memoryStart, end: mixedEnd.rss },
    noisyNeighbour,
    facadeAlive: facade.exitCode === null,
  };
  console.log(JSON.stringify(report, null, 2));
  if (mismatches > 0 || !report.facadeAlive || noisyNeighbour.quietCaller.successRatePercent < 100) process.exitCode = 1;
} finally {
  facade.kill('SIGTERM');
  await simulator.close();
}
