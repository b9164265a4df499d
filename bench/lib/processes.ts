/**
 * Child processes of the benchmark: started with a bounded wait for readiness, their output
 * kept (the last 64 KiB) and always drained, every one registered so `stopAll()` ends them on
 * success, on errors and on SIGINT/SIGTERM. Each node child also loads the orphan guard, which
 * ends it if the bench process disappears without cleaning up (e.g. SIGKILL).
 */
import { execFileSync, spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ORPHAN_GUARD = pathToFileURL(fileURLToPath(new URL('./orphan-guard.mjs', import.meta.url))).href;

const OUTPUT_LIMIT = 64 * 1024;

export interface Service {
  name: string;
  child: ChildProcess;
  pid: number;
  /** stdout + stderr so far (the tail). */
  output(): string;
  /** Resolves with the first match of `pattern` in the output, or rejects after `ms` or on exit. */
  waitFor(pattern: RegExp, ms: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  ipc?: boolean;
}

const running = new Set<Service>();

/** The environment a child gets: only what it needs plus PATH and HOME, never this process's settings. */
export function childEnv(extra: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'production',
    ...extra,
  };
}

export function start(options: StartOptions): Service {
  const stdio: StdioOptions = options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'];
  const child = spawn(options.command, options.args, { cwd: options.cwd, env: options.env, stdio });
  if (child.pid === undefined) throw new Error(`${options.name}: could not start ${options.command}`);
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    if (text.length > OUTPUT_LIMIT) text = text.slice(-OUTPUT_LIMIT);
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal ? null : code);
      for (const listener of listeners) listener();
      resolve(code);
    });
  });
  const service: Service = {
    name: options.name,
    child,
    pid: child.pid,
    output: () => text,
    exited,
    waitFor(pattern, ms) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = text.match(pattern);
          if (match) {
            done();
            resolve(match);
          } else if (exitCode !== undefined) {
            done();
            reject(new Error(`${options.name} exited (${String(exitCode)}) before printing ${pattern}:\n${text.slice(-4000)}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${options.name}: timed out after ${ms} ms waiting for ${pattern}:\n${text.slice(-4000)}`));
        }, ms);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    async stop(graceMs = 5_000) {
      if (exitCode === undefined) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(killer);
      }
      running.delete(service);
    },
  };
  running.add(service);
  void exited.then(() => running.delete(service));
  return service;
}

/** Ends every child still running, concurrently. */
export async function stopAll(graceMs = 5_000): Promise<void> {
  await Promise.all([...running].map((service) => service.stop(graceMs)));
}

/** Last resort from a synchronous exit path. */
export function killAllNow(): void {
  for (const service of running) service.child.kill('SIGKILL');
}

/** A free loopback port (bound, read and released; a tiny race, fine for a benchmark). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resident set size of a process in bytes, from /proc (Linux). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

let ticksPerSecond: number | undefined;

/** CPU time a process has used so far (user + system, all its threads), in milliseconds, from /proc (Linux). */
export function cpuMsOf(pid: number): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3; utime is 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / ticksPerSecond) * 1000;
}
