import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAlertsFile } from '../../src/alerts/alerts-file.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { startFacadeProcess, type RunningProcess } from '../helpers/process.js';

const dir = mkdtempSync(join(tmpdir(), 'vbm-alerts-file-'));
const started: RunningProcess[] = [];
afterAll(() => {
  for (const proc of started) if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const GOOD = `
targets:
  - name: ops
    type: webhook
    url: https://hooks.example.invalid/vbm
    secret: \${ALERT_WEBHOOK_SECRET}
  - { name: chat, type: slack, url: https://hooks.example.invalid/slack }
  - { name: teams, type: teams, url: https://hooks.example.invalid/teams }
rules:
  - { kind: jobSessionFailed, targets: [ops, chat] }
  - { kind: jobSessionWarning, targets: [ops] }
  - { kind: jobNotSucceededFor, hours: 26, targets: [ops] }
  - { kind: repositoryFreeBelow, percent: 15, targets: [ops] }
  - { kind: licenseExpiresWithin, days: 30, targets: [ops] }
  - { kind: licenseUsedAbove, percent: 95, targets: [ops] }
  - { kind: proxyOffline, minutes: 10, targets: [ops, teams] }
  - { kind: serverUnhealthy, targets: [ops] }
`;

// Eight mistakes, each to be named.
const BAD = `
targets:
  - { name: ops, type: webhook, url: https://hooks.example.invalid/vbm }
  - { name: ops, type: pager, url: ftp://hooks.example.invalid/x }
  - { name: chat, type: slack, url: "not a url", secret: x }
rules:
  - { kind: jobSessionFailed, targets: [opz] }
  - { kind: jobNotSucceededFor, hours: 0, targets: [ops] }
  - { kind: diskFull, targets: [ops] }
  - { kind: serverUnhealthy, targets: [], percent: 5 }
`;

describe('ALERTS_FILE', () => {
  it('reads every rule kind with its threshold, ${NAME} from the environment', () => {
    const problems: string[] = [];
    const config = readAlertsFile(file('good.yaml', GOOD), { ALERT_WEBHOOK_SECRET: 'shh' }, problems);
    expect(problems).toEqual([]);
    expect(config!.targets.map((t) => [t.name, t.type, t.url.href, t.secret])).toEqual([
      ['ops', 'webhook', 'https://hooks.example.invalid/vbm', 'shh'],
      ['chat', 'slack', 'https://hooks.example.invalid/slack', undefined],
      ['teams', 'teams', 'https://hooks.example.invalid/teams', undefined],
    ]);
    expect(config!.rules).toEqual([
      { kind: 'jobSessionFailed', targets: ['ops', 'chat'] },
      { kind: 'jobSessionWarning', targets: ['ops'] },
      { kind: 'jobNotSucceededFor', hours: 26, targets: ['ops'] },
      { kind: 'repositoryFreeBelow', percent: 15, targets: ['ops'] },
      { kind: 'licenseExpiresWithin', days: 30, targets: ['ops'] },
      { kind: 'licenseUsedAbove', percent: 95, targets: ['ops'] },
      { kind: 'proxyOffline', minutes: 10, targets: ['ops', 'teams'] },
      { kind: 'serverUnhealthy', targets: ['ops'] },
    ]);
  });

  it('names every error in one list, never echoing a URL', () => {
    const problems: string[] = [];
    expect(readAlertsFile(file('bad.yaml', BAD), {}, problems)).toBeUndefined();
    expect(problems).toEqual([
      'ALERTS_FILE: targets[1].name "ops" is declared twice',
      'ALERTS_FILE: targets[1].type must be one of webhook, slack, teams (got "pager")',
      'ALERTS_FILE: targets[1].url must use https: or http: (got "ftp:")',
      'ALERTS_FILE: targets[2].url must be an absolute http(s) URL (value not shown)',
      'ALERTS_FILE: targets[2].secret is only used by webhook targets',
      'ALERTS_FILE: rules[0].targets[0] names no declared target ("opz")',
      'ALERTS_FILE: rules[1].hours must be a number from 1 to 8784',
      expect.stringMatching(/^ALERTS_FILE: rules\[2\]\.kind must be one of jobSessionFailed, .* \(got "diskFull"\)$/),
      expect.stringMatching(/^ALERTS_FILE: rules\[3\]\.percent is not a known key/),
      'ALERTS_FILE: rules[3].targets must name at least one target',
    ]);
  });

  it('a missing threshold, an unset ${NAME} and missing credentials go to the one ConfigError', () => {
    const path = file('partial.json', JSON.stringify({ targets: [{ name: 'ops', type: 'webhook', url: 'https://h.example.invalid/x', secret: '${NOPE}' }], rules: [{ kind: 'proxyOffline', targets: ['ops'] }] }));
    const error = (() => {
      try {
        loadConfig({ ALERTS_FILE: path, ALERT_RETRY_BASE_MS: '0', PUBLIC_URL: 'nope' });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('no ConfigError');
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.problems).toEqual([
      'ALERTS_FILE: targets[0].secret names ${NOPE}, which is not set in the environment',
      'ALERTS_FILE: targets[0].secret must be a non-empty string',
      'ALERTS_FILE: rules[0].minutes must be a number from 1 to 10080',
      'WATCH_USERNAME must be set with ALERTS_FILE (the watcher signs in with its own service account)',
      'WATCH_PASSWORD must be set with ALERTS_FILE (value never shown)',
      expect.stringMatching(/^PUBLIC_URL must be an absolute http\(s\) URL/),
      'ALERT_RETRY_BASE_MS must be a whole number from 1 to 300000 (got "0")',
    ]);
  });

  it('reads the alerting variables and their defaults', () => {
    expect(loadConfig({})).toMatchObject({ alerts: undefined, watchUsername: undefined, stateDir: './state', alertRetryBaseMs: 1000, publicUrl: null });
    const config = loadConfig({
      ALERTS_FILE: file('ok.yml', GOOD),
      ALERT_WEBHOOK_SECRET: 'shh',
      WATCH_USERNAME: 'watcher@contoso.example.invalid',
      WATCH_PASSWORD: 'pw',
      STATE_DIR: '/var/lib/vbm',
      ALERT_RETRY_BASE_MS: '250',
      PUBLIC_URL: 'https://facade.example.invalid/',
    });
    expect(config.alerts?.rules).toHaveLength(8);
    expect(config).toMatchObject({ watchUsername: 'watcher@contoso.example.invalid', watchPassword: 'pw', stateDir: '/var/lib/vbm', alertRetryBaseMs: 250 });
    expect(config.publicUrl?.href).toBe('https://facade.example.invalid/');
  });

  it('a wrong file stops the process with exit 2 before listening, naming each error', async () => {
    const proc = startFacadeProcess({ PORT: '0', HOST: '127.0.0.1', ALERTS_FILE: file('process-bad.yaml', BAD), WATCH_USERNAME: 'w', WATCH_PASSWORD: 'p' });
    started.push(proc);
    expect(await proc.exited).toBe(2);
    const output = proc.output();
    for (const at of ['targets[1].name', 'targets[1].type', 'targets[1].url', 'targets[2].url', 'targets[2].secret', 'rules[0].targets[0]', 'rules[1].hours', 'rules[2].kind', 'rules[3].percent', 'rules[3].targets']) {
      expect(output).toContain(`ALERTS_FILE: ${at}`);
    }
    expect(output).not.toContain('listening');
    expect(output).not.toContain('hooks.example.invalid');
  });
});

describe('ALERTS_FILE servers: a server\'s own watcher account', () => {
  const KEY = Buffer.alloc(32, 7).toString('base64');
  const SERVERS = file(
    'servers.yaml',
    'servers:\n  - { name: eu1, url: "https://vbm-eu1.example.invalid:4443" }\n  - { name: us1, url: "https://vbm-us1.example.invalid:4443" }\n',
  );
  const alertsWith = (name: string, servers: string) =>
    file(name, `targets:\n  - { name: ops, type: webhook, url: https://hooks.example.invalid/vbm }\nrules:\n  - { kind: jobSessionFailed, targets: [ops] }\n${servers}`);
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };

  it('reads each account, ${NAME} from the environment; WATCH_USERNAME/WATCH_PASSWORD then watch only the servers without one', () => {
    const path = alertsWith('own.yaml', 'servers:\n  - { name: us1, username: watcher-us, password: "${US1_WATCH_PASSWORD}" }\n');
    const config = loadConfig({ SERVERS_FILE: SERVERS, SESSION_KEY: KEY, ALERTS_FILE: path, US1_WATCH_PASSWORD: 'us-secret', WATCH_USERNAME: 'watcher', WATCH_PASSWORD: 'pw' });
    expect(config.alerts?.servers).toEqual([{ name: 'us1', username: 'watcher-us', password: 'us-secret' }]);
    // eu1 has no account of its own: WATCH_USERNAME/WATCH_PASSWORD are needed for it.
    expect(problemsOf({ SERVERS_FILE: SERVERS, SESSION_KEY: KEY, ALERTS_FILE: path, US1_WATCH_PASSWORD: 'us-secret' })).toEqual([
      'WATCH_USERNAME must be set with ALERTS_FILE (the watcher signs in with its own service account)',
      'WATCH_PASSWORD must be set with ALERTS_FILE (value never shown)',
    ]);
  });

  it('needs no WATCH_USERNAME/WATCH_PASSWORD when every configured server has its own account', () => {
    const path = alertsWith('every.yaml', 'servers:\n  - { name: eu1, username: watcher-eu, password: eu-secret }\n  - { name: us1, username: watcher-us, password: us-secret }\n');
    const config = loadConfig({ SERVERS_FILE: SERVERS, SESSION_KEY: KEY, ALERTS_FILE: path });
    expect(config.alerts?.servers?.map((account) => account.name)).toEqual(['eu1', 'us1']);
    expect(config.watchUsername).toBeUndefined();
  });

  it('names each wrong account, never echoing a password: an unknown server, a name twice, a missing password, an unknown key', () => {
    const path = alertsWith(
      'wrong.yaml',
      'servers:\n  - { name: eu2, username: w, password: secret-one }\n  - { name: us1, username: w, password: secret-two }\n  - { name: us1, username: w, password: secret-three }\n  - { name: eu1, username: w }\n  - { name: eu1, username: w, password: secret-four, url: x }\n',
    );
    const problems = problemsOf({ SERVERS_FILE: SERVERS, SESSION_KEY: KEY, ALERTS_FILE: path, WATCH_USERNAME: 'watcher', WATCH_PASSWORD: 'pw' });
    expect(problems).toEqual([
      'ALERTS_FILE: servers[2].name "us1" is named twice',
      'ALERTS_FILE: servers[3].password must be a non-empty string',
      expect.stringMatching(/^ALERTS_FILE: servers\[4\]\.url is not a known key/),
    ]);
    const unknown = alertsWith('unknown.yaml', 'servers:\n  - { name: eu2, username: w, password: secret-one }\n');
    expect(problemsOf({ SERVERS_FILE: SERVERS, SESSION_KEY: KEY, ALERTS_FILE: unknown, WATCH_USERNAME: 'watcher', WATCH_PASSWORD: 'pw' })).toEqual([
      'ALERTS_FILE: servers[0].name names no configured server ("eu2"; configured: eu1, us1)',
    ]);
    expect(JSON.stringify(problems)).not.toMatch(/secret-/);
  });
});
