import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readAlertsFile } from '../../src/alerts/alerts-file.js';
import { createAlertDelivery } from '../../src/alerts/delivery.js';
import { createFileAlertStore } from '../../src/alerts/file-store.js';
import type { AlertTargetConfig } from '../../src/alerts/types.js';
import { startProcess, type RunningProcess } from '../helpers/process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let demo: RunningProcess | undefined;
afterAll(async () => {
  if (demo && demo.child.exitCode === null) {
    demo.child.kill('SIGTERM');
    await demo.exited;
  }
});

describe('npm run alerts:demo', () => {
  it('the example ALERTS_FILE is valid and points every target at the demo receiver', () => {
    const problems: string[] = [];
    const config = readAlertsFile(join(ROOT, 'examples/alerts/demo.yaml'), { ALERT_WEBHOOK_SECRET: 'demo-secret' }, problems);
    expect(problems).toEqual([]);
    expect(config!.targets.map((t) => t.url.href)).toEqual(['http://127.0.0.1:4999/webhook', 'http://127.0.0.1:4999/slack', 'http://127.0.0.1:4999/teams']);
  });

  it('prints each alert it receives and checks the webhook signature', async () => {
    demo = startProcess(process.execPath, ['--import', 'tsx', 'scripts/alerts-demo.ts', '--port', '0', '--secret', 'demo-secret'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    });
    const [, origin] = (await demo.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 30_000)) as RegExpMatchArray;
    const dir = mkdtempSync(join(tmpdir(), 'vbm-alerts-'));
    const store = await createFileAlertStore({ dir });
    const targets: AlertTargetConfig[] = [
      { name: 'ops', type: 'webhook', url: new URL('/webhook', origin), secret: 'demo-secret' },
      { name: 'forged', type: 'webhook', url: new URL('/webhook', origin), secret: 'wrong' },
      { name: 'chat', type: 'slack', url: new URL('/slack', origin) },
      { name: 'teams', type: 'teams', url: new URL('/teams', origin) },
    ];
    const delivery = createAlertDelivery({ store, targets, retryBaseMs: 1000 });
    try {
      for (const name of ['ops', 'forged', 'chat', 'teams']) expect(await delivery.sendTest(name)).toBe(true);
    } finally {
      await delivery.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
    await demo.waitFor(/teams \(test\):/);
    const output = demo.output();
    expect(output.match(/webhook \(test\): FIRING SERVER_UNHEALTHY TEST:\S+ \[signature valid\]/g)).toHaveLength(1);
    expect(output.match(/\[SIGNATURE INVALID\]/g)).toHaveLength(1);
    expect(output).toMatch(/slack \(test\): \[TEST\] Warning: SERVER_UNHEALTHY/);
    expect(output).toMatch(/teams \(test\): \[TEST\] Warning: SERVER_UNHEALTHY .*application\/vnd\.microsoft\.card\.adaptive, AdaptiveCard 1\.4/);
  });
});
