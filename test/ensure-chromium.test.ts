/**
 * scripts/ensure-chromium.sh, which `npm test` runs first, against fake `id`, `apt-get` and
 * `sudo` commands on a PATH of their own: the machine's Chromium and package manager are never
 * touched. The fake apt-get records its arguments and, on `install`, puts an executable at
 * CHROMIUM_PATH as Debian's package does at /usr/bin/chromium.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../scripts/ensure-chromium.sh', import.meta.url));
const FAKE_CHROMIUM = '#!/bin/sh\necho "Chromium 999.0 fake"\n';

interface Machine {
  /** The user's id, as `id -u` prints it. */
  uid: number;
  apt?: 'works' | 'fails';
  /** `passwordless`: `sudo -n` runs the command; `password`: `sudo -n` refuses. */
  sudo?: 'passwordless' | 'password';
  chromiumPresent?: boolean;
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function executable(path: string, text: string): void {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

function run(machine: Machine) {
  const dir = mkdtempSync(join(tmpdir(), 'vbm-ensure-chromium-'));
  dirs.push(dir);
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const chromium = join(dir, 'usr-bin', 'chromium');
  const log = join(dir, 'calls.log');
  writeFileSync(log, '');
  symlinkSync('/usr/bin/env', join(bin, 'env'));
  executable(join(bin, 'id'), `#!/bin/sh\necho ${machine.uid}\n`);
  if (machine.apt !== undefined) {
    executable(
      join(bin, 'apt-get'),
      `#!/bin/sh\necho "apt-get $* (uid \${FAKE_UID:-${machine.uid}}, DEBIAN_FRONTEND=$DEBIAN_FRONTEND)" >> '${log}'\n` +
        (machine.apt === 'fails'
          ? 'exit 100\n'
          : `if [ "$1" = install ]; then /bin/mkdir -p '${join(dir, 'usr-bin')}'; printf '%s' '${FAKE_CHROMIUM}' > '${chromium}'; /bin/chmod 755 '${chromium}'; fi\n`),
    );
  }
  if (machine.sudo !== undefined) {
    executable(
      join(bin, 'sudo'),
      `#!/bin/sh\necho "sudo $*" >> '${log}'\n` +
        (machine.sudo === 'password' ? 'exit 1\n' : '[ "$1" = -n ] && shift\n[ "$1" = true ] && exit 0\nFAKE_UID=0 exec "$@"\n'),
    );
  }
  if (machine.chromiumPresent === true) {
    mkdirSync(join(dir, 'usr-bin'));
    executable(chromium, FAKE_CHROMIUM);
  }
  const result = spawnSync('/bin/bash', [SCRIPT], {
    env: { PATH: bin, CHROMIUM_PATH: chromium },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    calls: readFileSync(log, 'utf8').split('\n').filter((line) => line !== ''),
    installed: existsSync(chromium),
  };
}

describe('scripts/ensure-chromium.sh', () => {
  it('does nothing but report the version when Chromium is present', () => {
    const result = run({ uid: 0, apt: 'works', chromiumPresent: true });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('chromium present: Chromium 999.0 fake');
    expect(result.calls).toEqual([]);
  });

  it('installs Debian\'s package non-interactively as root when Chromium is missing', () => {
    const result = run({ uid: 0, apt: 'works' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.calls).toEqual([
      'apt-get update -q (uid 0, DEBIAN_FRONTEND=noninteractive)',
      'apt-get install -y -q chromium (uid 0, DEBIAN_FRONTEND=noninteractive)',
    ]);
    expect(result.installed).toBe(true);
    expect(result.stdout).toContain('chromium installed: Chromium 999.0 fake');
  });

  it('installs through passwordless sudo when not root', () => {
    const result = run({ uid: 1000, apt: 'works', sudo: 'passwordless' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.calls).toEqual([
      'sudo -n true',
      'sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -q',
      'apt-get update -q (uid 0, DEBIAN_FRONTEND=noninteractive)',
      'sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium',
      'apt-get install -y -q chromium (uid 0, DEBIAN_FRONTEND=noninteractive)',
    ]);
    expect(result.installed).toBe(true);
  });

  it.each([
    ['without sudo', undefined],
    ['when sudo wants a password', 'password'],
  ] as const)('fails without root %s, naming the one command to run, and calls no apt-get', (_name, sudo) => {
    const result = run({ uid: 1000, apt: 'works', ...(sudo === undefined ? {} : { sudo }) });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('installing it needs root. Run: sudo apt-get install -y chromium');
    expect(result.calls.filter((call) => call.includes('apt-get'))).toEqual([]);
    expect(result.installed).toBe(false);
  });

  it('fails on a machine without apt-get, naming CHROMIUM_PATH', () => {
    const result = run({ uid: 0 });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('has no apt-get. Install Chromium, then run: CHROMIUM_PATH=/path/to/chromium npm test');
  });

  it('fails with the apt-get command to retry when apt-get cannot fetch the package lists', () => {
    const result = run({ uid: 0, apt: 'fails' });
    expect(result.status).toBe(1);
    expect(result.calls).toHaveLength(1);
    expect(result.stderr).toContain('apt-get update failed (see above). Once the package sources are reachable, run: apt-get install -y chromium');
    expect(result.installed).toBe(false);
  });
});
