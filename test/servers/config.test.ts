import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { startFacadeProcess, type RunningProcess } from '../helpers/process.js';

const dir = mkdtempSync(join(tmpdir(), 'servers-config-'));
const KEY = Buffer.alloc(32, 7).toString('base64');
const started: RunningProcess[] = [];
afterAll(() => {
  for (const proc of started) proc.child.kill('SIGKILL');
});

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('SERVERS_FILE', () => {
  it('reads servers from YAML (with ${NAME} substitution) and JSON', () => {
    const yaml = file('servers.yaml', 'servers:\n  - name: eu1\n    url: https://vbm-eu1.example.invalid:4443\n  - name: us-east-2\n    url: ${US_URL}\n    insecure: true\n');
    const config = loadConfig({ SERVERS_FILE: yaml, SESSION_KEY: KEY, US_URL: 'https://vbm-us.example.invalid:4443/v7' });
    expect(config.servers.map((server) => [server.name, server.url.href, server.insecure])).toEqual([
      ['eu1', 'https://vbm-eu1.example.invalid:4443/', false],
      ['us-east-2', 'https://vbm-us.example.invalid:4443/v7', true],
    ]);
    expect(config.serversFromFile).toBe(true);
    expect(config.sessionKey).toEqual(Buffer.alloc(32, 7));
    expect(config.dashboard).toBe(false);
    const json = file('servers.json', JSON.stringify({ servers: [{ name: 'apac1', url: 'http://vbm-apac.example.invalid:4443' }] }));
    const plain = loadConfig({ SERVERS_FILE: json, SESSION_KEY: KEY });
    expect(plain.servers.map((server) => server.name)).toEqual(['apac1']);
    // Plain http is allowed, with a warning at start.
    expect(plain.warnings).toEqual([expect.stringContaining('apac1')]);
  });

  it('names every error at once', () => {
    const bad = file(
      'bad.yaml',
      [
        'servers:',
        '  - name: EU1',
        '    url: https://vbm-eu1.example.invalid:4443',
        '  - name: us1',
        '    url: ftp://vbm-us1.example.invalid',
        '  - name: us1',
        '    url: https://vbm-us1b.example.invalid:4443/v4',
        '    caFile: /nonexistent/ca.pem',
        '    insecure: maybe',
        '    colour: blue',
        '  - url: https://user:pw@vbm.example.invalid',
        '',
      ].join('\n'),
    );
    const problems = problemsOf({ SERVERS_FILE: bad });
    const expected = [
      'servers[0].name',
      'servers[1].url',
      'servers[2].name', // named twice
      'servers[2].url', // v4
      'servers[2].caFile',
      'servers[2].insecure',
      'servers[2].colour',
      'servers[3].name',
      'servers[3].url',
      'SESSION_KEY is required',
    ];
    for (const fragment of expected) expect(problems.join('\n')).toContain(fragment);
    // The password in the URL is never echoed.
    expect(problems.join('\n')).not.toContain('pw@');
  });

  it('is refused together with VBM_API_URL, with a bad SESSION_KEY, or with an empty list', () => {
    const ok = file('ok.yaml', 'servers:\n  - name: eu1\n    url: https://vbm-eu1.example.invalid:4443\n');
    expect(problemsOf({ SERVERS_FILE: ok, SESSION_KEY: KEY, VBM_API_URL: 'https://vbm01.example.invalid:4443' })).toEqual([expect.stringContaining('SERVERS_FILE and VBM_API_URL')]);
    const short = problemsOf({ SERVERS_FILE: ok, SESSION_KEY: Buffer.alloc(16).toString('base64') });
    expect(short).toEqual([expect.stringContaining('SESSION_KEY must be the base64 of exactly 32')]);
    expect(short[0]).not.toContain(Buffer.alloc(16).toString('base64'));
    expect(problemsOf({ SERVERS_FILE: file('empty.yaml', 'servers: []\n'), SESSION_KEY: KEY })).toEqual([expect.stringContaining('at least one server')]);
    expect(problemsOf({ SERVERS_FILE: join(dir, 'missing.yaml'), SESSION_KEY: KEY })).toEqual([expect.stringContaining('cannot read')]);
    expect(problemsOf({ SESSION_TTL_MS: '5' })).toEqual([expect.stringContaining('SESSION_TTL_MS')]);
  });

  it('VBM_API_URL alone is one server named default; neither is the demo', () => {
    const single = loadConfig({ VBM_API_URL: 'https://vbm01.example.invalid:4443/v8' });
    expect(single.servers.map((server) => [server.name, server.url.href])).toEqual([['default', 'https://vbm01.example.invalid:4443/v8']]);
    expect(single.sessionKey).toBeUndefined();
    expect(loadConfig({}).servers).toEqual([]);
    expect(loadConfig({}).sessionTtlMs).toBe(12 * 3_600_000);
  });

  it('stops the process with exit code 2, naming each error', async () => {
    const bad = file('exit.yaml', 'servers:\n  - name: Bad Name\n    url: nope\n');
    const proc = startFacadeProcess({ SERVERS_FILE: bad, VBM_API_URL: 'https://vbm01.example.invalid:4443', PORT: '0' });
    started.push(proc);
    expect(await proc.exited).toBe(2);
    for (const fragment of ['servers[0].name', 'servers[0].url', 'SESSION_KEY is required', 'SERVERS_FILE and VBM_API_URL']) expect(proc.output()).toContain(fragment);
  });
});
