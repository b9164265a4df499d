/**
 * The README's "Many servers" section does what it shows: its SERVERS_FILE loads as written (with
 * SESSION_KEY, and not without), its sign-in and its cross-server query run verbatim over three
 * simulators speaking v8, v7 and v6 (the demo's eu1, us1 and apac1) and answer in the shape its
 * sample answers show, with the errors they show. The upstream calls are asserted too.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { DEMO_USERS } from '../../src/simulator/index.js';
import { SERVERS, startServersHarness, type ServerName, type ServersHarness } from '../servers/servers-harness.js';
import { codeBlocks, parseShortenedJson, readMarkdown, section } from './markdown.js';

const text = section(readMarkdown('README.md'), 'Many servers');
const { blocks } = codeBlocks(text);
const one = (lang: string, test: (code: string) => boolean) => {
  const found = blocks.filter((block) => block.lang === lang && test(block.code));
  expect(found, `one ${lang} block`).toHaveLength(1);
  return found[0]!.code;
};

/** The JSON types of an answer, keys sorted; an array by its first element. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (value === null) return null;
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, field]) => [key, shape(field)]));
  return typeof value;
}

const NAMES = SERVERS.map((server) => server.name);
const admin = DEMO_USERS.find((user) => user.userName === 'admin')!;

describe('README "Many servers": the configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'readme-servers-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // The README's CA files do not exist here: each caFile is pointed at a real PEM of the test fixtures.
  const pem = fileURLToPath(new URL('../fixtures/tls/private-ca/ca.pem', import.meta.url));
  const file = join(dir, 'servers.yaml');
  writeFileSync(file, one('yaml', (code) => code.includes('servers:')).replace(/caFile: \S+/g, `caFile: ${pem}`));

  it('the SERVERS_FILE example loads with a SESSION_KEY of 32 random bytes (openssl rand -base64 32): three servers under .invalid', () => {
    expect(text).toContain('openssl rand -base64 32');
    const config = loadConfig({ SERVERS_FILE: file, SESSION_KEY: randomBytes(32).toString('base64') });
    expect(config.warnings).toEqual([]);
    expect(config.servers.map((server) => ({ name: server.name, host: server.url.hostname, ca: server.ca !== undefined, insecure: server.insecure }))).toEqual([
      { name: 'eu1', host: 'vbm-eu1.example.invalid', ca: true, insecure: false },
      { name: 'us1', host: 'vbm-us1.example.invalid', ca: true, insecure: false },
      { name: 'apac1', host: 'vbm-apac1.example.invalid', ca: false, insecure: false },
    ]);
    expect(config.servers[1]!.url.pathname).toBe('/v7');
  });

  it('without SESSION_KEY, or with VBM_API_URL too, the start is refused, as the README says', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        if (error instanceof ConfigError) return error.problems.join('\n');
        throw error;
      }
      return '';
    };
    expect(problems({ SERVERS_FILE: file })).toContain('SESSION_KEY is required');
    expect(problems({ SERVERS_FILE: file, SESSION_KEY: randomBytes(32).toString('base64'), VBM_API_URL: 'https://vbm.example.invalid:4443' })).toContain('SERVERS_FILE and VBM_API_URL are both set');
  });

  it('every environment variable the section names is a row of a table in docs/configuration.md', () => {
    const tables = readMarkdown('docs/configuration.md');
    // src/config.ts is the only reader of the environment: what it reads by name is a variable (not an error code).
    const read = readFileSync(new URL('../../src/config.ts', import.meta.url), 'utf8');
    const named = new Set([...text.matchAll(/`([A-Z][A-Z0-9_]{3,})`/g)].map((m) => m[1]!).filter((name) => read.includes(`'${name}'`)));
    for (const variable of ['SERVERS_FILE', 'SESSION_KEY', 'SESSION_KEY_PREVIOUS', 'SESSION_TTL_MS', 'VBM_API_URL', 'REDIS_URL']) expect(named).toContain(variable);
    for (const variable of named) expect(tables, variable).toContain(`| \`${variable}\` |`);
  });

  it("the configuration table's defaults of the many-server variables are src/config.ts's", () => {
    const row = (variable: string) => {
      const line = readMarkdown('docs/configuration.md').split('\n').find((l) => l.startsWith(`| \`${variable}\` |`));
      expect(line, variable).toBeDefined();
      return line!.split(' | ')[1]!;
    };
    const defaults = loadConfig({});
    expect(row('SESSION_TTL_MS')).toContain(`\`${defaults.sessionTtlMs}\``);
    expect(row('READY_CACHE_MS')).toContain(`\`${defaults.readyCacheMs}\``);
    expect(defaults.sessionKey).toBeUndefined();
    for (const variable of ['SERVERS_FILE', 'SESSION_KEY', 'SESSION_KEY_PREVIOUS']) expect(row(variable)).toMatch(/^unset/);
  });
});

describe('README "Many servers": the sign-in and the cross-server query, run as written', () => {
  let harness: ServersHarness;
  let token: string;
  const signIn = one('graphql', (code) => code.includes('createSession('));
  const signInAnswer = parseShortenedJson(one('json', (code) => code.includes('"createSession"'))) as { data: { createSession: { servers: { server: string; ok: boolean }[] } } };
  const query = one('graphql', (code) => code.includes('query Last24Hours'));
  const answer = parseShortenedJson(one('json', (code) => code.includes('"jobSessions"'))) as { data: unknown; errors: { message: string; path: unknown; extensions: { server: string } }[] };

  beforeAll(async () => {
    // The demo's account on each of the three servers, as the README signs in with it.
    harness = await startServersHarness({ users: { eu1: [admin], us1: [admin], apac1: [admin] } });
  });
  afterAll(() => harness.close());

  it('createSession signs in to each server and answers the shape shown; only the sign-ins reach the servers', async () => {
    const facade = await harness.replica();
    const signedIn = await facade.query(signIn);
    expect(signedIn.errors).toBeUndefined();
    expect(shape(signedIn.data)).toEqual(shape(signInAnswer.data));
    const session = signedIn.data?.createSession as { token: string; servers: { server: string; ok: boolean; userName: string }[] };
    expect(session.servers.map(({ server, ok, userName }) => ({ server, ok, userName }))).toEqual(
      signInAnswer.data.createSession.servers.map(({ server, ok }) => ({ server, ok, userName: 'admin' })),
    );
    expect(session.token.startsWith('vbms1.')).toBe(true);
    for (const name of NAMES) {
      expect(harness.calls(name).map((call) => `${call.method} ${call.path.toLowerCase()}`), name).toEqual([`POST /${harness.versions[name]}/token`]);
    }
    token = session.token;
  });

  it('Last24Hours with "Authorization: Bearer <session token>" answers the shape and the errors shown, each server read with its own token', async () => {
    expect(text).toContain('Authorization: Bearer <session token>');
    expect(text).toContain('x-session-token');
    const facade = await harness.replica();
    harness.reset();
    const since = new Date(Date.now() - 24 * 3_600_000).toISOString();
    const result = await facade.query(query, { token, variables: { since } });
    expect(shape(result.data)).toEqual(shape(answer.data));
    const byServer = (errors: readonly { message: string; path?: unknown; extensions?: unknown }[]) =>
      errors.map(({ message, path, extensions }) => ({ message, path, extensions })).sort((a, b) => ((a.extensions as { server: string }).server < (b.extensions as { server: string }).server ? -1 : 1));
    expect(byServer(result.errors ?? [])).toEqual(byServer(answer.errors));
    const sessions = result.data?.jobSessions as { edges: { node: { status: string; server: { name: string }; job: { name: string } } }[] };
    expect(sessions.edges.length).toBeGreaterThan(0);
    expect(sessions.edges.every(({ node }) => node.status === 'FAILED' && node.server.name === 'eu1')).toBe(true);
    const jobs = [...new Set(sessions.edges.map(({ node }) => node.job.name))];
    // eu1 (v8) filters its sessions itself; us1 and apac1 cannot, and are not asked: only the summary reads them.
    const paths = (name: ServerName) => harness.calls(name).map((call) => call.path.toLowerCase());
    expect(paths('eu1').filter((path) => path.startsWith('/v8/jobsessions?') && path.includes('status=failed'))).toHaveLength(1);
    for (const name of NAMES) {
      const v = harness.versions[name];
      const summaryReads = [`/${v}/backuprepositories`, `/${v}/jobs`, `/${v}/jobsessions`, `/${v}/license`];
      // eu1 also: its filtered sessions, and each distinct job of them by id.
      const expected = name === 'eu1' ? [...summaryReads, '/v8/jobsessions', ...jobs.map(() => '/v8/jobs/{id}')].sort() : summaryReads;
      expect(paths(name).map((path) => path.split('?')[0]!.replace(/\/[0-9a-f-]{36}$/, '/{id}')).sort(), name).toEqual(expected);
    }
    const tokens = NAMES.map((name) => new Set(harness.calls(name).map((call) => call.authorization)));
    for (const seen of tokens) expect(seen.size).toBe(1);
    expect(new Set(tokens.map((seen) => [...seen][0])).size).toBe(3);
  });
});
