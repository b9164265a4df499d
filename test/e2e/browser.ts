import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface SameOriginBrowser {
  context: BrowserContext;
  /** URLs of requests to another origin than `origin`; each was aborted. */
  foreign: string[];
  /** Every request: `METHOD url [type]`. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Headless Chromium (Debian's, at /usr/bin/chromium or $CHROMIUM_PATH) with a fresh profile,
 * allowed to contact only `origin` (and data:/blob: URLs): any other request is recorded in
 * `foreign` and aborted.
 */
export async function launchSameOriginBrowser(origin: string, prefix = 'vbm-chrome-'): Promise<SameOriginBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Run: bash scripts/ensure-chromium.sh ` +
        "(`npm test` runs it first; it installs Debian's package or names the command that does).",
    );
  }
  const userDataDir = mkdtempSync(join(tmpdir(), prefix));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
  });
  const foreign: string[] = [];
  const requests: string[] = [];
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.origin === origin) {
      await route.continue();
      return;
    }
    foreign.push(url.href);
    await route.abort('blockedbyclient');
  });
  context.on('request', (request) => {
    requests.push(`${request.method()} ${request.url()} [${request.resourceType()}]`);
  });
  return {
    context,
    foreign,
    requests,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
