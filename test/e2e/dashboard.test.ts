/**
 * The dashboard (`examples/dashboard`, served at /dashboard/) in a real headless Chromium
 * against the demo process (`npm start` without VBM_API_URL): sign-in, the timeline, a
 * session's log, a job started live, and the operator's limits. Every request must stay on
 * the page's origin. Screenshots go to `test-artifacts/dashboard-*.png`.
 *
 * The steps run in order in one browser page per user (the token lives in the page's memory
 * only, so a new page is signed out).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { MESSAGES, type KnownCode } from '../../examples/dashboard/src/errors.js';
import { buildDashboard } from '../../scripts/dashboard-build.js';
import type { ErrorCode } from '../../src/errors.js';
import { createSimulatorData, DEMO_USERS, ORGANIZATION_IDS, SEED, startSimulator } from '../../src/simulator/index.js';
import { startFacadeProcess } from '../helpers/process.js';
import { launchSameOriginBrowser, type SameOriginBrowser } from './browser.js';
import { startDemoProcess, startSingleServerProcess, type DemoProcess } from './demo-process.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const SEED_TITLE = '[Success] Job started at 2/26/2021 1:00:00 AM';
const FINAL = ['SUCCESS', 'WARNING', 'FAILED', 'STOPPED'];
/** The admin starts this one: enabled, manual-only, not running in the seed. */
const JOB_TO_START = 'Contoso Teams';
/** The operator's start of this job is refused by the simulator (403). */
/** A job of another organization: invisible to the operator, who may not control it either (403). */
const FORBIDDEN_JOB = 'Contoso Exchange Daily';

// Ids and names only: they do not depend on the data's start time.
const data = createSimulatorData(Date.now());
const jobId = (name: string): string => {
  const job = data.jobs.find((j) => j.name === name);
  if (job === undefined) throw new Error(`no job named ${name}`);
  return job.id;
};
const admin = DEMO_USERS[0]!;
const sorted = (list: readonly string[]) => [...list].sort();
const operator = DEMO_USERS[1]!;

let demo: DemoProcess | undefined;
let browser: SameOriginBrowser | undefined;
let origin = '';
let dashboardUrl = '';
/** The demo's embedded simulator (`http://127.0.0.1:<port>`), read directly for the expected rows. */
let simulatorOrigin = '';
/** An admin token of that simulator (the single-server process's), for reading it directly. */
let upstreamToken = '';
const pageErrors: string[] = [];
const tokensSeen: string[] = [];

beforeAll(async () => {
  // What `npm start` serves: the page as `npm run build` writes it.
  expect(await buildDashboard()).toBe(true);
  demo = await startDemoProcess();
  origin = new URL(demo.endpoint).origin;
  dashboardUrl = `${origin}/dashboard/`;
  simulatorOrigin = (await demo.proc.waitFor(/eu1 \(v8\) at (http:\/\/[^\s,]+)/))[1]!;
  browser = await launchSameOriginBrowser(origin, 'vbm-dashboard-chrome-');
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
}, 30_000);

async function openPage(): Promise<Page> {
  const page = await browser!.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('response', async (response) => {
    if (response.url() !== `${origin}/graphql` || response.request().method() !== 'POST') return;
    const body = (await response.text().catch(() => '')) || '';
    for (const match of body.matchAll(/"accessToken":"([^"]+)"/g)) if (match[1]) tokensSeen.push(match[1]);
  });
  const response = await page.goto(dashboardUrl);
  expect(response?.status()).toBe(200);
  return page;
}

async function signIn(page: Page, userName: string, password: string): Promise<void> {
  await page.fill('input[name=username]', userName);
  await page.fill('input[name=password]', password);
  await page.click('form.sign-in button[type=submit]');
  await page.waitForSelector(`.user-name:text-is("${userName}")`, { timeout: 15_000 });
}

/** What the demo's simulator answers at `path` (v8) for the admin: the truth a view is compared with. */
async function upstream<T>(path: string): Promise<T> {
  const response = await fetch(`${simulatorOrigin}/v8/${path}`, { headers: { authorization: `Bearer ${upstreamToken}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

/** Every item of a v8 list, read in one page. */
async function upstreamList<T>(path: string): Promise<T[]> {
  const page = await upstream<{ results: T[] }>(`${path}${path.includes('?') ? '&' : '?'}offset=0&limit=1000`);
  return page.results;
}

/** Attribute `name` of every element matching `selector`, in order. */
async function attributes(page: Page, selector: string, name: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((items, attribute) => items.map((item) => item.getAttribute(attribute) ?? ''), name);
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, name), fullPage: false });
}

/** Problems shown in a context ("Sessions", "Jobs", ...), as `CODE` strings. */
async function problemCodes(page: Page, context?: string): Promise<string[]> {
  // One read of the whole list in the page: no re-render can land between two reads.
  const problems = await page.locator('.problem').evaluateAll((items) =>
    items.map((item) => ({ text: (item as HTMLElement).innerText, code: item.getAttribute('data-code') ?? '' })),
  );
  return problems.filter((p) => context === undefined || p.text.startsWith(`${context}:`)).map((p) => p.code);
}

describe('the page is served from the facade', () => {
  it('GET /dashboard/ is the built page with a same-origin CSP; /dashboard redirects; unknown files are 404', async () => {
    const index = await fetch(dashboardUrl);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const html = await index.text();
    const script = /<script type="module" crossorigin src="(\/dashboard\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(`${origin}${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');

    const bare = await fetch(`${origin}/dashboard`, { redirect: 'manual' });
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/dashboard/');
    expect((await fetch(`${origin}/dashboard/../package.json`)).status).not.toBe(200);
    expect((await fetch(`${origin}/dashboard/%2e%2e/package.json`)).status).toBe(404);
    expect((await fetch(`${origin}/dashboard/nope.js`)).status).toBe(404);
    expect((await fetch(dashboardUrl, { method: 'POST' })).status).toBe(405);
  });

  it('every error code of the facade has a human message', () => {
    expectTypeOf<ErrorCode>().toExtend<KnownCode>();
    const extra: KnownCode[] = [
      'PAYLOAD_TOO_LARGE',
      'QUERY_TOO_DEEP',
      'TOO_MANY_ALIASES',
      'QUERY_TOO_LARGE',
      'TOO_MANY_DIRECTIVES',
      'NOT_SUPPORTED_BY_SERVER',
      'CONFLICT',
      'UPSTREAM_OVERLOADED',
      'SUBSCRIPTION_LIMIT',
    ];
    for (const code of extra) expect(MESSAGES[code].length).toBeGreaterThan(10);
    expect(MESSAGES.UPSTREAM_UNAVAILABLE).toBe('The backup server is not answering.');
  });
});

describe('several servers at once in headless Chromium', () => {
  let page: Page;
  const NAMES = ['eu1', 'us1', 'apac1'];

  it('signs in to the three demo servers in one form; each server\'s result is shown', async () => {
    page = await openPage();
    await page.fill('fieldset.server-row[data-row="0"] input[name=server]', NAMES[0]!);
    await page.fill('input[name=username]', admin.userName);
    await page.fill('input[name=password]', admin.password);
    for (const [index, name] of NAMES.slice(1).entries()) {
      await page.click('button[name=addServer]');
      await page.fill(`fieldset.server-row[data-row="${index + 1}"] input[name=server]`, name);
    }
    await page.click('form.sign-in button[type=submit]');
    await page.waitForSelector('.session-servers .server-result', { timeout: 15_000 });
    const results = await page.locator('.session-servers .server-result').evaluateAll((items) => items.map((i) => [i.getAttribute('data-server'), i.getAttribute('data-ok')]));
    expect(results).toEqual(NAMES.map((name) => [name, 'true']));
    // Server names only are remembered for the next sign-in; the session token stays in memory.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    expect(stored).toContain('eu1');
    expect(stored).not.toContain(demo!.token);
    expect(stored).not.toMatch(/password/i);
  }, 60_000);

  it('the front page is All servers: one row per server, with its API version', async () => {
    await page.waitForSelector('.all-servers-view tr.server-row', { timeout: 15_000 });
    await page.waitForFunction(() => document.querySelectorAll('.all-servers-view tr.server-row').length === 3, undefined, { timeout: 15_000 });
    const rows = await page.locator('.all-servers-view tr.server-row').evaluateAll((items) =>
      items.map((row) => [row.getAttribute('data-server'), (row.children[1] as HTMLElement).innerText, row.querySelector('.signed-in')?.textContent]),
    );
    expect(sorted(rows.map((r) => r.join(' ')))).toEqual(sorted(['eu1 v8 yes', 'us1 v7 yes', 'apac1 v6 yes']));
    expect(await page.locator('nav.nav a').first().getAttribute('href')).toBe('#/servers');
    await screenshot(page, 'dashboard-all-servers.png');
  }, 60_000);

  it('All servers picked: Infrastructure shows each server\'s health (v7 and v6 say not available), Protection a calendar per server, Restore audit every server\'s sessions newest first', async () => {
    // What the facade answers the demo session (the page's own answer is what is compared with it).
    const graph = async <T>(query: string): Promise<T> => {
      const response = await fetch(demo!.endpoint, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${demo!.token}` }, body: JSON.stringify({ query }) });
      return ((await response.json()) as { data: T }).data;
    };

    await page.click('nav.nav a:text-is("Infrastructure")');
    await page.waitForSelector('.infrastructure-view .card.health[data-server="eu1"] [data-status]', { timeout: 15_000 });
    for (const [name, version] of [['us1', 'v7'], ['apac1', 'v6']]) {
      expect(await page.locator(`.card.health[data-server="${name}"] .unavailable`).innerText()).toBe(`not available on API ${version}`);
    }
    expect(await attributes(page, '.infrastructure-view .card.license', 'data-server')).toEqual(NAMES);
    expect(await problemCodes(page)).toEqual([]);

    await page.click('nav.nav a:text-is("Protection")');
    await page.waitForSelector('.protection-view .calendar-row[data-server]', { timeout: 15_000 });
    expect(new Set(await attributes(page, '.calendar-row[data-server]', 'data-server'))).toEqual(new Set(NAMES));
    const counted = await page.locator('.calendar-row[data-server] .calendar-cell').evaluateAll((cells) => cells.reduce((sum, cell) => sum + Number(cell.getAttribute('data-count')), 0));
    expect(counted).toBeGreaterThan(0);
    expect(await problemCodes(page)).toEqual([]);

    const expected = await graph<{ restoreSessions: { edges: { node: { id: string; server: { name: string } } }[] } }>('{ restoreSessions(first: 50) { edges { node { id server { name } } } } }');
    const rows = expected.restoreSessions.edges.map((edge) => `${edge.node.server.name}/${edge.node.id}`);
    expect(new Set(rows.map((row) => row.split('/')[0]))).toEqual(new Set(NAMES));
    await page.click('nav.nav a:text-is("Restore audit")');
    await page.waitForSelector('.restore-audit-view tr.restore-session', { timeout: 15_000 });
    const shown = await page.locator('tr.restore-session').evaluateAll((items) => items.map((row) => `${row.getAttribute('data-server')}/${row.getAttribute('data-restore-session-id')}`));
    expect(shown).toEqual(rows);
    // A us1 session opens on us1, with its events.
    const chosen = expected.restoreSessions.edges.find((edge) => edge.node.server.name === 'us1')!.node;
    await page.click(`tr.restore-session[data-server="us1"][data-restore-session-id="${chosen.id}"] a`);
    await page.waitForSelector(`.restore-session-panel[data-restore-session-id="${chosen.id}"] tr.restore-event`, { timeout: 15_000 });
    expect(await page.locator(`tr.restore-session.selected[data-server="us1"][data-restore-session-id="${chosen.id}"]`).count()).toBe(1);
    expect(await problemCodes(page)).toEqual([]);
  }, 60_000);

  it('picks a server: a link without a server reads the picked one; a link naming a server reads that one', async () => {
    const options = await page.locator('select[name=server] option').allInnerTexts();
    expect(options).toEqual(['All servers', ...NAMES]);
    await page.selectOption('select[name=server]', 'eu1');
    await page.evaluate((id) => (window.location.hash = `#/sessions/${id}`), SEED.jobSessionId);
    await page.waitForSelector(`.session-view[data-session-id="${SEED.jobSessionId}"][data-server="eu1"]`, { timeout: 15_000 });
    expect(await page.locator('.session-view .server-name').first().innerText()).toBe('eu1');
    await page.evaluate((id) => (window.location.hash = `#/s/eu1/session/${id}`), SEED.jobSessionId);
    await page.waitForSelector(`.session-view[data-server="eu1"] .log-item`, { timeout: 15_000 });
    expect(await problemCodes(page)).toEqual([]);
    await page.click('.who button');
    await page.waitForSelector('form.sign-in', { timeout: 15_000 });
    // The form offers the remembered servers again.
    expect(await page.locator('input[name=server]').evaluateAll((items) => items.map((i) => (i as HTMLInputElement).value))).toEqual(NAMES);
    await page.close();
  }, 60_000);
});

describe('over one server (VBM_API_URL)', () => {
  let single: (DemoProcess & { simulatorOrigin: string }) | undefined;
  beforeAll(async () => {
    // The single-server views: the facade over one simulator, signed in with a plain token.
    await browser?.close();
    single = await startSingleServerProcess();
    origin = new URL(single.endpoint).origin;
    dashboardUrl = `${origin}/dashboard/`;
    simulatorOrigin = single.simulatorOrigin;
    upstreamToken = single.token;
    browser = await launchSameOriginBrowser(origin, 'vbm-dashboard-single-chrome-');
  }, 90_000);
  afterAll(async () => {
    await single?.stop();
  }, 30_000);

describe('the dashboard in headless Chromium', () => {
  let page: Page;

  it('admin signs in; the timeline shows the seed\'s sessions, one row per job', async () => {
    page = await openPage();
    await signIn(page, admin.userName, admin.password);
    await page.waitForSelector('.timeline .bar', { timeout: 15_000 });
    // The first page: 100 sessions, newest first, the seed session among them.
    await page.waitForFunction(() => document.querySelectorAll('.timeline .bar').length === 100, undefined, { timeout: 15_000 });
    expect(await page.locator(`.timeline .bar[data-session-id="${SEED.jobSessionId}"]`).count()).toBe(1);
    const rows = await page.locator('.timeline-row .job-link').allInnerTexts();
    expect(rows.sort()).toEqual(data.jobs.map((j) => j.name).sort());
    // The pinned running session (Contoso SharePoint Online) is drawn open-ended.
    expect(await page.locator('.timeline .bar.open[data-status="RUNNING"]').count()).toBeGreaterThanOrEqual(1);
    expect(await problemCodes(page, 'Sessions')).toEqual([]);
    expect(await problemCodes(page, 'Jobs')).toEqual([]);
    await screenshot(page, 'dashboard-timeline.png');

    // The token is in memory only.
    const stored = await page.evaluate(() => ({
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
      cookie: document.cookie,
    }));
    expect(tokensSeen.length).toBeGreaterThan(0);
    for (const token of tokensSeen) {
      expect(stored.local).not.toContain(token);
      expect(stored.session).not.toContain(token);
      expect(stored.cookie).not.toContain(token);
    }
  }, 60_000);

  it('the seed session opens from its bar; its log lists the items; the seed item shows its title', async () => {
    await page.click(`.timeline .bar[data-session-id="${SEED.jobSessionId}"]`);
    await page.waitForSelector(`.session-view[data-session-id="${SEED.jobSessionId}"] .log-item`, { timeout: 15_000 });
    expect(await page.locator('.session-status [data-status]').getAttribute('data-status')).toBe('SUCCESS');
    const first = page.locator('.log .log-item').first();
    expect(await first.getAttribute('data-usn')).toBe('1');
    expect(await first.locator('.message').getAttribute('title')).toMatch(/^\[Success\] Job started at /);
    expect(await page.locator('.log .log-item').count()).toBeGreaterThan(2);
    await screenshot(page, 'dashboard-session.png');
    // Local time on screen, the server's exact string (7 fraction digits, its offset) on hover.
    const stamp = first.locator('time').first();
    expect(await stamp.getAttribute('title')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}(Z|[+-]\d\d:\d\d)$/);

    // The seed's documented item (served from another session, as in Veeam's example).
    await page.evaluate(({ s, i }) => (window.location.hash = `#/sessions/${s}/items/${i}`), { s: SEED.jobSessionId, i: SEED.logItemId });
    await page.waitForSelector('.item-panel .item-title', { timeout: 15_000 });
    expect(await page.locator('.item-panel .item-title').innerText()).toBe(SEED_TITLE);
  }, 60_000);

  it('an unknown session shows the NOT_FOUND message and the page goes on', async () => {
    await page.evaluate(() => (window.location.hash = '#/sessions/00000000-0000-0000-0000-000000000000'));
    await page.waitForSelector('.problem[data-code="NOT_FOUND"]', { timeout: 15_000 });
    expect(await page.locator('.problem[data-code="NOT_FOUND"]').innerText()).toContain(MESSAGES.NOT_FOUND);
  }, 30_000);

  it('a running job cannot be started again: the button is disabled with the reason', async () => {
    await page.evaluate((id) => (window.location.hash = `#/jobs/${id}`), jobId('Contoso SharePoint Online'));
    await page.waitForSelector('.job-view button[name=start]', { timeout: 15_000 });
    expect(await page.locator('.job-view button[name=start]').isDisabled()).toBe(true);
    expect(await page.locator('.job-view button[name=start]').getAttribute('title')).toBe('A session of this job is running.');
    expect(await page.locator('.job-view button[name=enable]').isDisabled()).toBe(true);
  }, 30_000);

  it(`starts "${JOB_TO_START}": the new running session appears, its log grows, it ends with a final status`, async () => {
    await page.evaluate((id) => (window.location.hash = `#/jobs/${id}`), jobId(JOB_TO_START));
    await page.waitForSelector('.job-view button[name=start]:not([disabled])', { timeout: 15_000 });
    const before = new Set(await page.locator('.job-view tr[data-session-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-session-id'))));
    await page.click('.job-view button[name=start]');
    // The page opens the session the start created.
    await page.waitForSelector('.session-view', { timeout: 20_000 }).catch(async (error: unknown) => {
      throw new Error(`no session view after Start; problems: ${(await problemCodes(page)).join(', ')}`, { cause: error });
    });
    const sessionId = await page.locator('.session-view').getAttribute('data-session-id');
    expect(sessionId).toBeTruthy();
    expect(before.has(sessionId)).toBe(false);
    await page.waitForSelector('.session-status [data-status="RUNNING"]', { timeout: 20_000 });
    await page.waitForSelector('.session-view .live.on', { timeout: 10_000 });

    // The log grows while we watch (logItemAdded), without reloading.
    const count = () => page.locator('.log .log-item').count();
    const initial = await count();
    await page.waitForFunction((n) => document.querySelectorAll('.log .log-item').length > n, initial, { timeout: 30_000 });
    await screenshot(page, 'dashboard-live-session.png');
    const usns = await page.locator('.log .log-item').evaluateAll((items) => items.map((i) => Number(i.getAttribute('data-usn'))));
    expect(usns).toEqual([...usns].sort((a, b) => a - b));
    expect(new Set(usns).size).toBe(usns.length);

    // jobSessionUpdated brings the final status.
    await page.waitForFunction(
      (finals) => finals.includes(document.querySelector('.session-status [data-status]')?.getAttribute('data-status') ?? ''),
      FINAL,
      { timeout: 90_000 },
    );
    expect(await page.locator('.session-view .session-status').innerText()).not.toBe('');
    expect(await problemCodes(page)).toEqual([]);

    // Back on the timeline, the session is there.
    await page.evaluate(() => (window.location.hash = '#/'));
    await page.waitForSelector(`.timeline .bar[data-session-id="${sessionId}"]`, { timeout: 15_000 });
  }, 180_000);

  it('signs out: the sign-in form is back', async () => {
    await page.click('.who button');
    await page.waitForSelector('form.sign-in', { timeout: 15_000 });
    await page.close();
  }, 30_000);
});

describe('the Infrastructure, Protection and Restore audit views', () => {
  let page: Page;
  const DAY_MS = 24 * 60 * 60 * 1000;

  it('the header links to the views and the alerts', async () => {
    page = await openPage();
    await signIn(page, admin.userName, admin.password);
    const links = await page.locator('nav.nav a').evaluateAll((items) => items.map((a) => [(a as HTMLElement).innerText, a.getAttribute('href')]));
    expect(links).toEqual([
      ['Sessions', '#/sessions'],
      ['Infrastructure', '#/infrastructure'],
      ['Protection', '#/protection'],
      ['Restore audit', '#/restores'],
      ['Alerts', '#/alerts'],
    ]);
    // The demo process runs without ALERTS_FILE: no badge, and the Alerts view says there is nothing to see.
    await page.click('nav.nav a[href="#/alerts"]');
    await page.waitForSelector('.alerts-view .empty', { timeout: 15_000 });
    expect(await page.locator('.badge.alert-count').count()).toBe(0);
    expect(await problemCodes(page, 'Alerts')).toEqual([]);
  }, 60_000);

  it('Infrastructure: each repository with its space (a warning under 15 % free), the proxies, the license and the health', async () => {
    const repositories = await upstreamList<{ id: string; capacityBytes?: number | null; freeSpaceBytes?: number | null; objectStorage?: { enableImmutability?: boolean } | null }>('BackupRepositories');
    const proxies = await upstreamList<{ id: string; status: string; maintenanceModeState: string }>('Proxies');
    const license = await upstream<{ usedNumber: number; totalNumber: number; licenseExpires: string }>('License');
    const health = await upstream<{ status: string; entries: Record<string, { status: string }> }>('Health');

    await page.click('nav.nav a:text-is("Infrastructure")');
    await page.waitForSelector('.infrastructure-view tr.repository', { timeout: 15_000 });
    await page.waitForSelector('.infrastructure-view .health [data-status]', { timeout: 15_000 });
    expect(await problemCodes(page)).toEqual([]);

    expect(sorted(await attributes(page, 'tr.repository', 'data-repository-id'))).toEqual(sorted(repositories.map((r) => r.id)));
    for (const r of repositories) {
      const row = page.locator(`tr.repository[data-repository-id="${r.id}"]`);
      if (r.capacityBytes && r.freeSpaceBytes !== undefined && r.freeSpaceBytes !== null) {
        const low = r.freeSpaceBytes / r.capacityBytes < 0.15;
        expect(await row.locator('.space-bar.low').count(), `repository ${r.id} low`).toBe(low ? 1 : 0);
        expect(Number(await row.locator('.space-bar').getAttribute('data-free-percent'))).toBeCloseTo((r.freeSpaceBytes / r.capacityBytes) * 100, 0);
      }
      if (r.objectStorage) {
        expect(await row.locator('.immutability').innerText()).toMatch(r.objectStorage.enableImmutability ? /^immutable/ : /^off$/);
      }
    }
    expect(sorted(await attributes(page, 'tr.proxy', 'data-proxy-id'))).toEqual(sorted(proxies.map((p) => p.id)));
    for (const p of proxies) {
      const row = page.locator(`tr.proxy[data-proxy-id="${p.id}"]`);
      expect(await row.locator('[data-status]').getAttribute('data-status')).toBe(p.status.toUpperCase());
      expect(await row.locator('.maintenance').count()).toBe(p.maintenanceModeState === 'Enabled' ? 1 : 0);
    }

    expect(await page.locator('.license-users').innerText()).toMatch(new RegExp(`^${license.usedNumber} / ${license.totalNumber}`));
    // Whole days to the expiry: the page counted them a moment before this line did.
    const days = Math.floor((Date.parse(license.licenseExpires) - Date.now()) / DAY_MS);
    expect([days, days + 1]).toContain(Number(await page.locator('.license-days').getAttribute('data-days')));

    expect(await page.locator('.health > p [data-status]').getAttribute('data-status')).toBe(health.status.toUpperCase());
    expect(await page.locator('.health li.component').allInnerTexts()).toEqual(Object.keys(health.entries).map((name) => expect.stringContaining(name)));
    await screenshot(page, 'dashboard-infrastructure.png');
  }, 60_000);

  it('Protection: storage per organization, the licensed users not backed up, restore points by day', async () => {
    const organizations = await upstreamList<{ id: string }>('Organizations');
    const users = await upstreamList<{ id: string; isBackedUp: boolean }>('LicensedUsers');
    const points = await upstreamList<{ backupTime: string; organizationId: string }>('RestorePoints');
    const used = new Map<string, number>();
    for (const o of organizations) {
      const usage = await upstreamList<{ usedSpaceBytes: number }>(`Organizations/${o.id}/UsedRepositories`);
      used.set(o.id, usage.reduce((sum, u) => sum + u.usedSpaceBytes, 0));
    }

    await page.click('nav.nav a:text-is("Protection")');
    await page.waitForSelector('.protection-view tr.organization-total', { timeout: 15_000 });
    expect(await problemCodes(page)).toEqual([]);

    expect(await attributes(page, 'tr.organization-total', 'data-organization-id')).toEqual(organizations.map((o) => o.id));
    for (const [id, bytes] of used) {
      expect(Number(await page.locator(`tr.organization-total[data-organization-id="${id}"]`).getAttribute('data-used-bytes'))).toBe(bytes);
    }
    const notBackedUp = users.filter((u) => !u.isBackedUp).map((u) => u.id);
    expect(notBackedUp.length).toBeGreaterThan(0);
    expect(await attributes(page, 'tr.licensed-user', 'data-user-id')).toEqual(notBackedUp);

    // The calendar: per organization, per shown day (the page's local days), the restore points of that day.
    const cells = await page.locator('.calendar-row[data-organization-id] .calendar-cell').evaluateAll((items) =>
      items.map((cell) => ({
        organizationId: cell.parentElement?.getAttribute('data-organization-id') ?? '',
        day: cell.getAttribute('data-day') ?? '',
        count: Number(cell.getAttribute('data-count')),
      })),
    );
    const dayOf = (stamp: string) => {
      const d = new Date(Date.parse(stamp));
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    expect(cells.length).toBe(organizations.length * 21);
    for (const cell of cells) {
      const expected = points.filter((p) => p.organizationId === cell.organizationId && dayOf(p.backupTime) === cell.day).length;
      expect(cell.count, `${cell.organizationId} ${cell.day}`).toBe(expected);
    }
    expect(cells.filter((c) => c.count > 0).length).toBeGreaterThan(0);
    await screenshot(page, 'dashboard-protection.png');
  }, 60_000);

  it('Restore audit: who restored what, when and from where; a session opens with its events and item counts', async () => {
    const sessions = await upstreamList<{ id: string; initiatedBy: string; clientHost: string; state: string }>('RestoreSessions');

    await page.click('nav.nav a:text-is("Restore audit")');
    await page.waitForSelector('.restore-audit-view tr.restore-session', { timeout: 15_000 });
    expect(await problemCodes(page)).toEqual([]);
    const shown = await attributes(page, 'tr.restore-session', 'data-restore-session-id');
    expect(shown).toEqual(sessions.slice(0, 50).map((s) => s.id));
    for (const s of sessions.slice(0, 5)) {
      const row = page.locator(`tr.restore-session[data-restore-session-id="${s.id}"]`);
      expect(await row.locator('.initiated-by').innerText()).toBe(s.initiatedBy);
      expect(await row.locator('.client-host').innerText()).toBe(s.clientHost);
      expect(await row.locator('.state').innerText()).toBe(s.state);
    }

    // The first session that has events, opened from its row.
    const chosen = sessions[0]!;
    const events = await upstreamList<{ id: string }>(`RestoreSessions/${chosen.id}/Events`);
    const statistics = await upstream<{ totalItemsCount: number; restoredItemsCount: number }>(`RestoreSessions/${chosen.id}/Statistics`);
    await page.click(`tr.restore-session[data-restore-session-id="${chosen.id}"] a`);
    await page.waitForSelector(`.restore-session-panel[data-restore-session-id="${chosen.id}"] tr.restore-event`, { timeout: 15_000 });
    expect(await attributes(page, '.restore-session-panel tr.restore-event', 'data-event-id')).toEqual(events.slice(0, 100).map((e) => e.id));
    expect(await page.locator('.restore-session-panel .statistics').innerText()).toContain(`${statistics.totalItemsCount} in all: ${statistics.restoredItemsCount} restored`);
    expect(await page.locator(`tr.restore-session.selected[data-restore-session-id="${chosen.id}"]`).count()).toBe(1);
    expect(await problemCodes(page)).toEqual([]);
    await screenshot(page, 'dashboard-restore-audit.png');
    await page.close();
  }, 60_000);
});

describe('the Infrastructure view on API v7 (no health resource)', () => {
  it('says the server health is not available on API v7, without a problem', async () => {
    const simulator = await startSimulator({ host: '127.0.0.1', port: 0 });
    const facade = startFacadeProcess({ PORT: '0', HOST: '127.0.0.1', VBM_API_URL: simulator.baseUrl('v7'), DASHBOARD: 'true' });
    let v7browser: SameOriginBrowser | undefined;
    try {
      const [, endpoint] = await facade.waitFor(/listening: (http:\/\/\S+\/graphql)/, 20_000);
      const v7origin = new URL(endpoint!).origin;
      v7browser = await launchSameOriginBrowser(v7origin, 'vbm-dashboard-v7-chrome-');
      const page = await v7browser.context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      expect((await page.goto(`${v7origin}/dashboard/#/infrastructure`))?.status()).toBe(200);
      await signIn(page, admin.userName, admin.password);
      await page.waitForSelector('.infrastructure-view tr.repository', { timeout: 15_000 });
      expect(await page.locator('.health .unavailable').innerText()).toBe('not available on API v7');
      expect(await problemCodes(page)).toEqual([]);
      expect(await page.locator('.health [data-status]').count()).toBe(0);
      // The rest of the view is there.
      expect(await page.locator('tr.proxy').count()).toBeGreaterThan(0);
      expect(v7browser.foreign).toEqual([]);
    } finally {
      await v7browser?.close();
      if (facade.child.exitCode === null && facade.child.signalCode === null) {
        facade.child.kill('SIGTERM');
        const timer = setTimeout(() => facade.child.kill('SIGKILL'), 5_000);
        await facade.exited;
        clearTimeout(timer);
      }
      await simulator.close();
    }
  }, 90_000);
});

describe('the operator in headless Chromium', () => {
  let page: Page;

  it('sees only fabrikam\'s jobs', async () => {
    page = await openPage();
    await signIn(page, operator.userName, operator.password);
    await page.waitForSelector('.timeline .bar', { timeout: 15_000 });
    const visible = data.jobs.filter((j) => j.organizationId === ORGANIZATION_IDS.fabrikam).map((j) => j.name);
    const hidden = data.jobs.filter((j) => j.organizationId !== ORGANIZATION_IDS.fabrikam).map((j) => j.name);
    expect((await page.locator('.timeline-row .job-link').allInnerTexts()).sort()).toEqual([...visible].sort());
    const text = await page.locator('main').innerText();
    for (const name of hidden) expect(text).not.toContain(name);
    const options = await page.locator('select[name=job] option').allInnerTexts();
    expect(options.filter((o) => o !== 'all jobs').sort()).toEqual([...visible].sort());
  }, 60_000);

  it(`a start of "${FORBIDDEN_JOB}" (another organization's job, by its link) shows the FORBIDDEN message and disables Start with the reason`, async () => {
    await page.evaluate((id) => (window.location.hash = `#/jobs/${id}`), jobId(FORBIDDEN_JOB));
    // The details are not visible to the operator: the view says so and still offers the actions.
    await page.waitForSelector('.problem[data-code="NOT_FOUND"]', { timeout: 15_000 });
    await page.waitForSelector('.job-view button[name=start]:not([disabled])', { timeout: 15_000 });
    await page.click('.job-view button[name=start]');
    await page.waitForSelector('.problem[data-code="FORBIDDEN"]', { timeout: 15_000 });
    expect(await problemCodes(page, 'Start')).toEqual(['FORBIDDEN']);
    expect(await page.locator('.problem[data-code="FORBIDDEN"]').innerText()).toContain(MESSAGES.FORBIDDEN);
    // The button now says why it is disabled.
    expect(await page.locator('.job-view button[name=start]').isDisabled()).toBe(true);
    expect(await page.locator('.job-view button[name=start]').getAttribute('title')).toBe(MESSAGES.FORBIDDEN);
    await page.close();
  }, 60_000);

  it('no request left the page\'s origin and no script error happened', () => {
    expect(browser!.foreign, `requests to other origins:\n${browser!.foreign.join('\n')}`).toEqual([]);
    expect(browser!.requests.some((line) => line.includes('/dashboard/assets/'))).toBe(true);
    expect(pageErrors, `page errors:\n${pageErrors.join('\n')}`).toEqual([]);
  });
});
});
