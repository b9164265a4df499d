/**
 * The container image, built and started without a container builder (none runs here, and no
 * image registry is reachable): the Dockerfile is read and every stage's COPY and RUN replayed
 * in a clean folder with the repository as the build context (test/deploy/dockerfile.ts). The
 * runtime stage's result is then started as its CMD says, in front of the simulator that
 * compose.yaml runs from the same image, and must serve /health, /graphql and /dashboard/.
 *
 * `npm ci` in the RUN steps works offline (`npm_config_offline`): the packages come from the
 * npm cache that installing this repository filled, and no step reaches the network.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SEED } from '../../src/simulator/index.js';
import { startProcess, type RunningProcess } from '../helpers/process.js';
import { dockerignore, hostPath, parseDockerfile, replayDockerfile, type ReplayedStage } from './dockerfile.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** PATH without any node_modules/.bin the test runner added: a stage sees only its own. */
const PATH = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((dir) => dir !== '' && !dir.includes('node_modules'))
  .join(delimiter);

async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** `node` in an image's command is this machine's Node. */
const executable = (argv: readonly string[]): [string, string[]] => {
  const [file = '', ...args] = argv;
  return [file === 'node' ? process.execPath : file, args];
};

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
}

describe('the container image (Dockerfile replayed stage by stage)', () => {
  let folder: string;
  let runtime: ReplayedStage;
  const processes: RunningProcess[] = [];
  let facade: RunningProcess;
  let origin: string;
  let token: string;
  let startLine: RegExpMatchArray;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'vbm365-image-'));
    const stages = await replayDockerfile(parseDockerfile(read('Dockerfile')), {
      context: ROOT,
      ...(existsSync(join(ROOT, '.dockerignore')) ? { ignore: read('.dockerignore') } : {}),
      into: folder,
      runEnv: {
        PATH,
        HOME: process.env.HOME ?? homedir(),
        npm_config_cache: process.env.npm_config_cache ?? join(homedir(), '.npm'),
        npm_config_offline: 'true',
        npm_config_update_notifier: 'false',
      },
      runTimeoutMs: 600_000,
    });
    runtime = stages.at(-1)!;
    const workdir = hostPath(runtime, runtime.workdir);

    // The simulator as compose.yaml runs it: the same image, its command and environment, on a
    // free loopback port instead of the compose network.
    const services = (parse(read('compose.yaml'), { merge: true }) as { services: Record<string, ComposeService> }).services;
    const simulatorService = services['simulator']!;
    const facadeService = services['facade-1']!;
    expect(simulatorService.image).toBe(facadeService.image);
    const [simFile, simArgs] = executable(simulatorService.command ?? runtime.cmd ?? []);
    const simulator = startProcess(simFile, simArgs, {
      cwd: workdir,
      env: { PATH, ...runtime.env, ...simulatorService.environment, SIM_HOST: '127.0.0.1', SIM_PORT: '0' },
    });
    processes.push(simulator);
    const [, simOrigin = ''] = await simulator.waitFor(/listening on (http:\/\/\S+)/, 30_000);
    const [, adminToken = ''] = await simulator.waitFor(/admin \/ .*\n\s*Authorization: Bearer (\S+)/, 30_000);
    token = adminToken;

    // compose's VBM_API_URL, pointed at that simulator, path kept.
    const upstream = new URL(facadeService.environment?.['VBM_API_URL'] ?? '');
    expect(upstream.hostname).toBe('simulator');
    const url = new URL(upstream.pathname + upstream.search, simOrigin).href.replace(/\/$/, '');

    const port = await freeLoopbackPort();
    const [file, args] = executable(runtime.cmd ?? []);
    facade = startProcess(file, args, {
      cwd: workdir,
      env: { PATH, ...runtime.env, PORT: String(port), HOST: '127.0.0.1', DASHBOARD: 'true', VBM_API_URL: url },
    });
    processes.push(facade);
    startLine = await facade.waitFor(/listening: (http:\/\/\S+)\/graphql .*backup server API (v\d) \((\w+)\)/, 30_000);
    origin = startLine[1]!;
    expect(origin).toBe(`http://127.0.0.1:${port}`);
  }, 1_200_000);

  afterAll(async () => {
    for (const proc of processes) {
      if (proc.child.exitCode === null && proc.child.signalCode === null) {
        proc.child.kill('SIGKILL');
        await proc.exited;
      }
    }
      // Two node_modules trees: slow to delete on a busy disk.
    if (folder) await rm(folder, { recursive: true, force: true, maxRetries: 3 });
  }, 600_000);

  it('runs from bundles and production dependencies only, as a non-root user', () => {
    const app = hostPath(runtime, runtime.workdir);
    for (const built of ['dist/index.mjs', 'dist/simulator.mjs', 'dist/dashboard/index.html', 'schema']) {
      expect(existsSync(join(app, built)), built).toBe(true);
    }
    expect(existsSync(join(app, 'src'))).toBe(false);
    for (const tool of ['tsx', 'esbuild', 'vite', 'typescript', 'vitest', '.bin/tsx']) {
      expect(existsSync(join(app, 'node_modules', tool)), `node_modules/${tool}`).toBe(false);
    }
    expect(existsSync(join(app, 'node_modules', 'graphql-yoga'))).toBe(true);
    expect(runtime.user).toBeDefined();
    expect(['root', '0']).not.toContain(runtime.user);
  });

  it('serves /health, and its HEALTHCHECK command passes', async () => {
    expect((await fetch(`${origin}/health`)).status).toBe(200);
    expect(runtime.healthcheck).toBeTruthy();
    const [file, args] = executable(runtime.healthcheck ?? []);
    const check = startProcess(file, args, { cwd: hostPath(runtime, runtime.workdir), env: { PATH, ...runtime.env, PORT: new URL(origin).port } });
    processes.push(check);
    expect(await check.exited).toBe(0);
  });

  it('serves /graphql: the seed query with the simulator\'s demo token, on the API version it discovered', async () => {
    expect(startLine.slice(2)).toEqual(['v8', 'discovered']);
    const response = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `{ jobSession(id: "${SEED.jobSessionId}") { logItem(id: "${SEED.logItemId}") { title } } }` }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: { jobSession: { logItem: { title: '[Success] Job started at 2/26/2021 1:00:00 AM' } } },
    });
  });

  it('serves the built dashboard at /dashboard/ with DASHBOARD=true', async () => {
    const page = await fetch(`${origin}/dashboard/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    const script = html.match(/<script type="module" crossorigin src="(\/dashboard\/assets\/[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${origin}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
  });
});

describe('the replay reads Docker\'s rules', () => {
  it('.dockerignore: root-relative patterns, ** across folders, a folder covers its contents, the last matching line decides', () => {
    const ignored = dockerignore('# comment\nnode_modules\n*.md\nexamples\n!examples/dashboard\n**/node_modules\n');
    expect(ignored('node_modules/vite/package.json')).toBe(true);
    expect(ignored('examples/dashboard/node_modules/x.js')).toBe(true);
    expect(ignored('README.md')).toBe(true);
    expect(ignored('docs/README.md')).toBe(false);
    expect(ignored('examples/frontend-client/codegen.ts')).toBe(true);
    expect(ignored('examples/dashboard/vite.config.ts')).toBe(false);
    expect(ignored('src/index.ts')).toBe(false);
  });

  it('parses stages, continuations, ENV pairs and exec forms, and refuses what it cannot replay', () => {
    const [build, runtime] = parseDockerfile(
      'FROM node:24 AS build\nWORKDIR /app\n# comment\nRUN npm ci \\\n    --omit=dev\n' +
        'FROM build AS runtime\nENV A=1 \\\n    B="two words"\nCOPY --from=build --chown=node:node /app/x ./y\nCMD ["node", "x.mjs"]\n',
    );
    expect(build).toEqual({
      name: 'build',
      from: 'node:24',
      steps: [
        { kind: 'WORKDIR', path: '/app' },
        { kind: 'RUN', argv: ['/bin/sh', '-c', 'npm ci     --omit=dev'] },
      ],
    });
    expect(runtime?.from).toBe('build');
    expect(runtime?.steps).toEqual([
      { kind: 'ENV', vars: [['A', '1'], ['B', 'two words']] },
      { kind: 'COPY', from: 'build', sources: ['/app/x'], dest: './y' },
      { kind: 'CMD', argv: ['node', 'x.mjs'] },
    ]);
    expect(() => parseDockerfile('FROM node:24\nADD https://example.invalid/x /x\n')).toThrow(/ADD is not replayed/);
    expect(() => parseDockerfile('FROM node:24\nRUN --mount=type=cache,target=/root/.npm npm ci\n')).toThrow(/--mount is not replayed/);
    expect(() => parseDockerfile('FROM node:24\nCOPY a b ./c\n')).toThrow(/ending in \//);
  });
});
