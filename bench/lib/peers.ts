/**
 * The comparison peers live in a scratch folder (`.bench-peers/`, gitignored), never in the
 * project's dependencies: installed there with exact versions on first use, skipped when the
 * pinned versions are already present. Peer sources under bench/peers/ are copied next to their
 * packages, so their bare imports resolve there.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, start } from './processes.js';

export const PEERS_DIR = join(ROOT, '.bench-peers');
export const PEER_SOURCES = join(ROOT, 'bench', 'peers');

export interface PeerGroup {
  name: 'hive' | 'apollo';
  dir: string;
  packages: Readonly<Record<string, string>>;
  /** Files copied from bench/peers/ into the group's folder. */
  files: readonly string[];
}

export const PEER_GROUPS: readonly PeerGroup[] = [
  {
    name: 'hive',
    dir: join(PEERS_DIR, 'hive'),
    packages: {
      '@graphql-hive/gateway': '2.15.1',
      '@graphql-mesh/compose-cli': '1.8.2',
      '@omnigraph/openapi': '0.112.4',
      graphql: '16.15.0',
    },
    files: ['mesh.config.mjs', 'gateway.config.mjs'],
  },
  {
    name: 'apollo',
    dir: join(PEERS_DIR, 'apollo'),
    packages: {
      '@apollo/server': '5.5.1',
      '@apollo/datasource-rest': '6.4.1',
      graphql: '16.15.0',
    },
    files: ['apollo.mjs'],
  },
];

const INSTALL_TIMEOUT_MS = 6 * 60_000;

function installedVersion(dir: string, name: string): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string };
    return manifest.version;
  } catch {
    return undefined;
  }
}

/** npm gets this process's whole environment: registry, proxy and CA settings live there. */
function npmEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
  return env;
}

/** Installs what is missing; returns what it did, for the report. */
export async function ensurePeers(log: (line: string) => void): Promise<string[]> {
  const done: string[] = [];
  for (const group of PEER_GROUPS) {
    mkdirSync(group.dir, { recursive: true });
    const missing = Object.entries(group.packages).filter(([name, version]) => installedVersion(group.dir, name) !== version);
    if (missing.length > 0) {
      if (!existsSync(join(group.dir, 'package.json'))) {
        writeFileSync(join(group.dir, 'package.json'), `${JSON.stringify({ name: `bench-peer-${group.name}`, private: true }, null, 2)}\n`);
      }
      const specs = Object.entries(group.packages).map(([name, version]) => `${name}@${version}`);
      log(`installing ${group.name} peer: ${specs.join(' ')} (into ${group.dir})`);
      const started = Date.now();
      const npm = start({
        name: `npm install (${group.name})`,
        command: 'npm',
        args: ['install', '--prefix', group.dir, '--save-exact', '--no-audit', '--no-fund', '--loglevel=error', ...specs],
        cwd: group.dir,
        env: npmEnv(),
      });
      const timer = setTimeout(() => void npm.stop(), INSTALL_TIMEOUT_MS);
      const code = await npm.exited;
      clearTimeout(timer);
      if (code !== 0) throw new Error(`npm install for the ${group.name} peer failed (${String(code)}):\n${npm.output().slice(-3000)}`);
      const wrong = Object.entries(group.packages).filter(([name, version]) => installedVersion(group.dir, name) !== version);
      if (wrong.length > 0) throw new Error(`after npm install, ${wrong.map(([n, v]) => `${n}@${v}`).join(', ')} are still not installed`);
      done.push(`installed ${group.name} peer in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    for (const file of group.files) copyFileSync(join(PEER_SOURCES, file), join(group.dir, file));
  }
  return done;
}

/** Composes the Hive supergraph from bench/peers/vbm365-v5.openapi.json against the simulator's URL. */
export async function composeSupergraph(simulatorUrl: string): Promise<string> {
  const hive = PEER_GROUPS.find((group) => group.name === 'hive')!;
  const output = join(hive.dir, 'supergraph.graphql');
  rmSync(output, { force: true });
  const compose = start({
    name: 'mesh-compose',
    command: process.execPath,
    args: [join(hive.dir, 'node_modules', '@graphql-mesh', 'compose-cli', 'esm', 'bin.js'), '-c', 'mesh.config.mjs', '-o', output],
    cwd: hive.dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      VBM_OPENAPI: join(PEER_SOURCES, 'vbm365-v5.openapi.json'),
      VBM_ENDPOINT: simulatorUrl,
    },
  });
  const timer = setTimeout(() => void compose.stop(), 60_000);
  const code = await compose.exited;
  clearTimeout(timer);
  if (code !== 0 || !existsSync(output)) throw new Error(`mesh-compose failed (${String(code)}):\n${compose.output().slice(-3000)}`);
  return output;
}
