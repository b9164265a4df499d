/**
 * A small reader and replayer of this project's Dockerfile, for a machine without a container
 * builder or an image registry: each stage gets a clean folder that stands for the root of its
 * file system (`/app` becomes `<folder>/app`), its COPY steps copy from the build context
 * (filtered by `.dockerignore`) or from an earlier stage's folder, and its RUN steps run there
 * on this machine's Node. The base image contributes only Node and npm, which this machine has.
 *
 * Anything the replay cannot model faithfully (ADD, ARG, ENTRYPOINT, RUN --mount, variables in
 * paths, RUN steps naming absolute paths, which would reach this machine's file system) throws
 * instead of being skipped, so a Dockerfile change cannot pass unreplayed.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

export type Step =
  | { kind: 'WORKDIR'; path: string }
  | { kind: 'COPY'; from?: string; sources: string[]; dest: string }
  | { kind: 'RUN'; argv: string[] }
  | { kind: 'ENV'; vars: [string, string][] }
  | { kind: 'CMD'; argv: string[] }
  | { kind: 'USER'; user: string }
  | { kind: 'EXPOSE'; ports: string[] }
  | { kind: 'HEALTHCHECK'; argv: string[] | null }
  | { kind: 'STOPSIGNAL'; signal: string };

export interface Stage {
  /** The `AS` name, or the stage's index when it has none. */
  name: string;
  /** The base: an image, or an earlier stage's name. */
  from: string;
  steps: Step[];
}

/** One instruction per logical line: continuations joined, comments and blank lines dropped. */
function logicalLines(text: string): { line: number; text: string }[] {
  const lines: { line: number; text: string }[] = [];
  let current: { line: number; text: string } | undefined;
  text.split('\n').forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    current ??= { line: index + 1, text: '' };
    if (raw.trimEnd().endsWith('\\')) {
      current.text += raw.trimEnd().slice(0, -1);
    } else {
      current.text += raw;
      lines.push({ line: current.line, text: current.text.trim() });
      current = undefined;
    }
  });
  if (current) throw new Error(`Dockerfile line ${current.line}: continuation at the end of the file`);
  return lines;
}

/** The exec form (a JSON array of strings) or, failing that, the shell form. */
function command(args: string): string[] {
  if (args.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(args);
      if (Array.isArray(parsed) && parsed.every((part) => typeof part === 'string')) return parsed as string[];
    } catch {
      // Not JSON: Docker runs it in the shell form.
    }
  }
  return ['/bin/sh', '-c', args];
}

/** Leading `--name=value` flags, only those in `allowed`. */
function flags(args: string, allowed: readonly string[], where: string): { flags: Map<string, string>; rest: string } {
  const found = new Map<string, string>();
  let rest = args;
  for (let match = rest.match(/^--([\w-]+)(?:=(\S*))?\s*/); match; match = rest.match(/^--([\w-]+)(?:=(\S*))?\s*/)) {
    const [whole, name = '', value = ''] = match;
    if (!allowed.includes(name)) throw new Error(`${where}: --${name} is not replayed`);
    found.set(name, value);
    rest = rest.slice(whole.length);
  }
  return { flags: found, rest };
}

/** Words with Docker's quoting for ENV: "double", 'single' and backslash escapes. */
function words(text: string): string[] {
  const result: string[] = [];
  let word = '';
  let quote: string | undefined;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) result.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unterminated quote in: ${text}`);
  if (inWord) result.push(word);
  return result;
}

function noVariables(value: string, where: string): string {
  if (value.includes('$')) throw new Error(`${where}: variables in paths are not replayed`);
  return value;
}

/** Parses a Dockerfile into stages; throws on any instruction the replay does not model. */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const { line, text: instruction } of logicalLines(text)) {
    const where = `Dockerfile line ${line}`;
    const [, keyword = '', args = ''] = instruction.match(/^(\S+)\s*(.*)$/s) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const { rest } = flags(args, ['platform'], where);
      const [from, as, name, ...extra] = rest.split(/\s+/);
      if (!from || extra.length > 0 || (as !== undefined && (as.toUpperCase() !== 'AS' || !name))) throw new Error(`${where}: FROM image [AS name]`);
      stages.push({ name: name ?? String(stages.length), from, steps: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${where}: ${upper} before FROM`);
    switch (upper) {
      case 'WORKDIR':
        stage.steps.push({ kind: 'WORKDIR', path: noVariables(args, where) });
        break;
      case 'COPY': {
        const { flags: found, rest } = flags(args, ['from', 'chown', 'chmod', 'link'], where);
        const paths = rest.startsWith('[') ? (JSON.parse(rest) as string[]) : rest.split(/\s+/);
        if (paths.length < 2) throw new Error(`${where}: COPY needs a source and a destination`);
        const dest = noVariables(paths.at(-1)!, where);
        const sources = paths.slice(0, -1).map((source) => noVariables(source, where));
        if (sources.length > 1 && !dest.endsWith('/')) throw new Error(`${where}: COPY of several sources needs a destination ending in /`);
        const from = found.get('from');
        stage.steps.push(from === undefined ? { kind: 'COPY', sources, dest } : { kind: 'COPY', from, sources, dest });
        break;
      }
      case 'RUN': {
        const { rest } = flags(args, [], where);
        stage.steps.push({ kind: 'RUN', argv: command(rest) });
        break;
      }
      case 'ENV': {
        const parts = words(args);
        const vars: [string, string][] =
          parts[0] !== undefined && !parts[0].includes('=')
            ? [[parts[0], args.slice(args.indexOf(parts[0]) + parts[0].length).trim()]]
            : parts.map((part) => {
                const eq = part.indexOf('=');
                if (eq < 1) throw new Error(`${where}: ENV name=value`);
                return [part.slice(0, eq), part.slice(eq + 1)];
              });
        stage.steps.push({ kind: 'ENV', vars });
        break;
      }
      case 'CMD':
        stage.steps.push({ kind: 'CMD', argv: command(args) });
        break;
      case 'USER':
        stage.steps.push({ kind: 'USER', user: args });
        break;
      case 'EXPOSE':
        stage.steps.push({ kind: 'EXPOSE', ports: args.split(/\s+/) });
        break;
      case 'HEALTHCHECK': {
        if (args.toUpperCase() === 'NONE') {
          stage.steps.push({ kind: 'HEALTHCHECK', argv: null });
          break;
        }
        const { rest } = flags(args, ['interval', 'timeout', 'start-period', 'start-interval', 'retries'], where);
        const cmd = rest.match(/^CMD\s+(.*)$/is)?.[1];
        if (cmd === undefined) throw new Error(`${where}: HEALTHCHECK [options] CMD command`);
        stage.steps.push({ kind: 'HEALTHCHECK', argv: command(cmd) });
        break;
      }
      case 'STOPSIGNAL':
        stage.steps.push({ kind: 'STOPSIGNAL', signal: args });
        break;
      case 'LABEL':
        break;
      default:
        throw new Error(`${where}: ${upper} is not replayed`);
    }
  }
  return stages;
}

/**
 * `.dockerignore` as Docker reads it: one pattern a line relative to the context root, `*` and
 * `?` within one path segment, `**` across segments, `!` to re-include; the last matching line
 * decides, and a pattern that matches a folder covers everything below it.
 */
export function dockerignore(text: string): (path: string) => boolean {
  const rules = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const include = line.startsWith('!');
      const pattern = posix.normalize(line.slice(include ? 1 : 0).trim()).replace(/^\/+|\/+$/g, '');
      if (pattern.includes('[')) throw new Error(`.dockerignore: character classes are not replayed (${line})`);
      let source = '';
      for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i]!;
        if (c === '*' && pattern[i + 1] === '*') {
          i++;
          if (pattern[i + 1] === '/') {
            i++;
            source += '(?:.*/)?';
          } else {
            source += '.*';
          }
        } else if (c === '*') source += '[^/]*';
        else if (c === '?') source += '[^/]';
        else if (c === '\\' && i + 1 < pattern.length) source += pattern[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
        else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      }
      return { include, regex: new RegExp(`^${source}$`) };
    });
  return (path) => {
    const segments = path.split('/');
    const prefixes = segments.map((_, i) => segments.slice(0, i + 1).join('/'));
    let ignored = false;
    for (const rule of rules) if (prefixes.some((prefix) => rule.regex.test(prefix))) ignored = !rule.include;
    return ignored;
  };
}

export interface ReplayedStage {
  name: string;
  /** The folder standing for the stage's `/`. */
  root: string;
  /** The stage's last WORKDIR, as a path inside the image. */
  workdir: string;
  env: Record<string, string>;
  cmd?: string[];
  user?: string;
  healthcheck?: string[] | null;
  expose: string[];
}

export interface ReplayOptions {
  /** The build context: the repository. */
  context: string;
  /** `.dockerignore` of the context, when it has one. */
  ignore?: string;
  /** An empty folder; each stage gets a subfolder. */
  into: string;
  /** The environment of RUN steps beneath the stage's ENV (PATH, npm settings). */
  runEnv: Record<string, string>;
  /** Upper bound for one RUN step. */
  runTimeoutMs: number;
}

/** Where a path inside a stage's image lies on this machine. */
export function hostPath(stage: { root: string }, imagePath: string): string {
  return join(stage.root, posix.resolve('/', imagePath));
}

const GLOB = /[*?[]/;

/**
 * Replays every stage; resolves with each stage's folder and image settings, in Dockerfile
 * order. As BuildKit does, a stage waits only for the stages it builds on (FROM, COPY --from),
 * so independent stages run side by side. Rejects, after every stage has settled, with the
 * first failure.
 */
export async function replayDockerfile(stages: readonly Stage[], options: ReplayOptions): Promise<ReplayedStage[]> {
  const ignored = options.ignore === undefined ? () => false : dockerignore(options.ignore);
  const replays = new Map<string, Promise<ReplayedStage>>();
  for (const stage of stages) {
    if (replays.has(stage.name)) throw new Error(`two stages named ${stage.name}`);
    const replay = replayStage(stage, new Map(replays), options, ignored);
    replays.set(stage.name, replay);
  }
  const settled = await Promise.allSettled(replays.values());
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<ReplayedStage>).value);
}

async function replayStage(
  stage: Stage,
  earlier: ReadonlyMap<string, Promise<ReplayedStage>>,
  options: ReplayOptions,
  ignored: (path: string) => boolean,
): Promise<ReplayedStage> {
  const base = await earlier.get(stage.from);
  const state: ReplayedStage = base
    ? { ...base, name: stage.name, root: join(options.into, stage.name), env: { ...base.env }, expose: [...base.expose] }
    : { name: stage.name, root: join(options.into, stage.name), workdir: '/', env: {}, expose: [] };
  if (base) linkTree(base.root, state.root);
  else mkdirSync(state.root, { recursive: true });

  for (const step of stage.steps) {
    switch (step.kind) {
      case 'WORKDIR':
        state.workdir = posix.resolve(state.workdir, step.path);
        mkdirSync(hostPath(state, state.workdir), { recursive: true });
        break;
      case 'ENV':
        for (const [name, value] of step.vars) state.env[name] = value;
        break;
      case 'COPY': {
        const from = step.from === undefined ? undefined : earlier.get(step.from);
        if (step.from !== undefined && !from) throw new Error(`COPY --from=${step.from}: no earlier stage of that name (images are not replayed)`);
        copyStep(step, state, from ? await from : undefined, options.context, ignored);
        break;
      }
      case 'RUN':
        await runStep(step.argv, state, options);
        break;
      case 'CMD':
        state.cmd = step.argv;
        break;
      case 'USER':
        state.user = step.user;
        break;
      case 'EXPOSE':
        state.expose.push(...step.ports);
        break;
      case 'HEALTHCHECK':
        state.healthcheck = step.argv;
        break;
      case 'STOPSIGNAL':
        break;
    }
  }
  return state;
}

/** The sources a COPY names, expanded (`*`, `?`) against `root`, as paths relative to it. */
function expand(root: string, source: string, ignored: (path: string) => boolean): string[] {
  const clean = posix.normalize(source).replace(/^\/+/, '').replace(/\/+$/, '');
  if (clean === '..' || clean.startsWith('../')) throw new Error(`COPY ${source}: outside the context`);
  if (clean === '.' || clean === '') return [''];
  let found = [''];
  for (const segment of clean.split('/')) {
    if (!GLOB.test(segment)) {
      found = found.map((dir) => (dir ? `${dir}/${segment}` : segment));
      continue;
    }
    const match = new RegExp(`^${segment.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
    found = found.flatMap((dir) => {
      const abs = join(root, dir);
      if (!existsSync(abs) || !statSync(abs).isDirectory()) return [];
      return readdirSync(abs)
        .filter((name) => match.test(name))
        .sort()
        .map((name) => (dir ? `${dir}/${name}` : name));
    });
  }
  return found.filter((path) => path === '' || (existsSync(join(root, path)) && !ignored(path)));
}

function copyStep(
  step: Extract<Step, { kind: 'COPY' }>,
  state: ReplayedStage,
  fromStage: ReplayedStage | undefined,
  context: string,
  contextIgnored: (path: string) => boolean,
): void {
  const root = fromStage ? fromStage.root : context;
  const ignored = fromStage ? () => false : contextIgnored;
  const dest = hostPath(state, posix.resolve(state.workdir, step.dest));

  const matches = step.sources.flatMap((source) => {
    const found = expand(root, source, ignored);
    if (found.length === 0) throw new Error(`COPY ${source}: not found in ${fromStage ? `stage ${fromStage.name}` : 'the build context'}`);
    return found;
  });
  const intoFolder = step.dest.endsWith('/') || matches.length > 1 || (existsSync(dest) && statSync(dest).isDirectory());
  for (const match of matches) {
    const source = join(root, match);
    if (lstatSync(source).isDirectory()) {
      // A folder's contents land in the destination, as Docker copies them.
      if (fromStage) linkTree(source, dest);
      else copyTree(context, match, dest, ignored);
    } else {
      const target = intoFolder ? join(dest, posix.basename(match)) : dest;
      mkdirSync(dirname(target), { recursive: true });
      if (fromStage) linkEntry(source, target);
      else copyEntry(source, target);
    }
  }
}

/**
 * Puts a finished stage's folder `source` into `dest` as hard links: no stage writes to another
 * stage's files, so linking stands for copying at a fraction of the cost (node_modules).
 */
function linkTree(source: string, dest: string): void {
  mkdirSync(dest, { recursive: true });
  for (const entry of readdirSync(source, { withFileTypes: true })) {
    if (entry.isDirectory()) linkTree(join(source, entry.name), join(dest, entry.name));
    else linkEntry(join(source, entry.name), join(dest, entry.name));
  }
}

function linkEntry(source: string, target: string): void {
  rmSync(target, { force: true });
  if (lstatSync(source).isSymbolicLink()) symlinkSync(readlinkSync(source), target);
  else linkSync(source, target);
}

/** Copies the context folder `relative` into `dest`, leaving out what `.dockerignore` names. */
function copyTree(context: string, relative: string, dest: string, ignored: (path: string) => boolean): void {
  mkdirSync(dest, { recursive: true });
  for (const entry of readdirSync(join(context, relative), { withFileTypes: true })) {
    const path = relative ? `${relative}/${entry.name}` : entry.name;
    if (ignored(path)) continue;
    if (entry.isDirectory()) copyTree(context, path, join(dest, entry.name), ignored);
    else copyEntry(join(context, path), join(dest, entry.name));
  }
}

function copyEntry(source: string, target: string): void {
  if (lstatSync(source).isSymbolicLink()) symlinkSync(readlinkSync(source), target);
  else copyFileSync(source, target);
}

/**
 * Runs one RUN step in the stage's WORKDIR with the stage's ENV over `runEnv`. A step naming an
 * absolute path or cleaning the npm cache would act on this machine rather than on the stage,
 * so it is refused.
 */
async function runStep(argv: readonly string[], state: ReplayedStage, options: ReplayOptions): Promise<void> {
  const text = argv.join(' ');
  const script = argv[0] === '/bin/sh' && argv[1] === '-c' ? argv.slice(2).join(' ') : text;
  if (/(^|[\s=:'"])\//.test(script) || /\bnpm\s+cache\b/.test(script)) {
    throw new Error(`RUN ${script}: absolute paths and npm cache commands would act on this machine, not on the stage`);
  }
  const [file = '', ...args] = argv;
  const cwd = hostPath(state, state.workdir);
  mkdirSync(cwd, { recursive: true });
  const child = spawn(file, args, { cwd, env: { ...options.runEnv, ...state.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.runTimeoutMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolve(exitCode));
  }).finally(() => clearTimeout(timer));
  if (code !== 0) throw new Error(`stage ${state.name}: RUN ${script} exited with ${code ?? 'a signal'}:\n${output.slice(-4000)}`);
}
