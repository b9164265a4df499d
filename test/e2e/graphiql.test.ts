/**
 * GraphiQL in a real (headless) Chromium against the demo process (`npm start` without
 * VBM_API_URL): the page loads from the facade alone, runs the prefilled example query with
 * the prefilled demo Authorization header, and shows the seed log item's title; its doc
 * explorer browses the schema and the GraphiQL Explorer shows the query as a tree.
 *
 * Needs Chromium at /usr/bin/chromium (or $CHROMIUM_PATH); `npm test` installs it first
 * (`scripts/ensure-chromium.sh`). Screenshots are saved to `test-artifacts/graphiql*.png`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulatorData, SEED } from '../../src/simulator/index.js';
import { launchSameOriginBrowser, type SameOriginBrowser } from './browser.js';
import { startDemoProcess, type DemoProcess } from './demo-process.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const SEED_TITLE = '[Success] Job started at 2/26/2021 1:00:00 AM';

/** Selectors of the GraphiQL 4 / Monaco DOM. */
const QUERY_EDITOR = '.graphiql-query-editor .monaco-editor';
const QUERY_LINES = '.graphiql-query-editor .view-lines';
const EXECUTE = '.graphiql-execute-button';
const RESULT_LINES = '.graphiql-response .view-lines';
const SHOW_DOCS = '.graphiql-sidebar button[aria-label="Show Documentation Explorer"]';
const DOC_EXPLORER = 'section.graphiql-doc-explorer';
const DOC_TITLE = '.graphiql-doc-explorer-title';
const SHOW_EXPLORER = '.graphiql-sidebar button[aria-label="Show GraphiQL Explorer"]';
const EXPLORER = '.graphiql-plugin';

let demo: DemoProcess | undefined;
let context: BrowserContext | undefined;
let origin = '';
let endpoint = '';
let token = '';
/** Every request any page or worker of the context made: `METHOD url [type]`. */
let requests: string[] = [];
/** URLs whose origin was not the facade's; they were aborted. */
let foreign: string[] = [];
let browser: SameOriginBrowser | undefined;
const pageErrors: string[] = [];

beforeAll(async () => {
  demo = await startDemoProcess();
  ({ endpoint, token } = demo);
  origin = new URL(endpoint).origin;
  // Only the facade's own origin may be contacted; anything else is recorded and aborted.
  browser = await launchSameOriginBrowser(origin, 'vbm-graphiql-chrome-');
  ({ context, foreign, requests } = browser);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
}, 30_000);

/** Text of a Monaco editor's rendered lines, with its non-breaking spaces made plain. */
async function editorText(page: Page, selector: string): Promise<string> {
  const text = await page.locator(selector).first().innerText();
  return text.replace(/\u00a0/g, ' ');
}

describe('GraphiQL in headless Chromium', () => {
  it('runs the prefilled seed query with the demo token and shows the seed title, contacting no other origin', async () => {
    const ctx = context!;
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const graphqlPosts: { authorization: string | undefined; body: string }[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url() === endpoint) {
        graphqlPosts.push({ authorization: request.headers()['authorization'], body: request.postData() ?? '' });
      }
    });

    const response = await page.goto(endpoint);
    expect(response?.status()).toBe(200);
    await page.waitForSelector(QUERY_EDITOR, { timeout: 30_000 });
    // The example query is in the first tab.
    await page.waitForFunction(
      (selector) => document.querySelector(selector)?.textContent?.includes('SeedLogItem') === true,
      QUERY_LINES,
      { timeout: 15_000 },
    );
    expect(await editorText(page, QUERY_LINES)).toContain(SEED.logItemId);

    await page.locator(EXECUTE).click();
    try {
      await page.waitForFunction(
        ({ selector, title }) =>
          document.querySelector(selector)?.textContent?.replace(/\u00a0/g, ' ').includes(title) === true,
        { selector: RESULT_LINES, title: SEED_TITLE },
        { timeout: 15_000 },
      );
    } finally {
      // Also on a timeout: the screenshot shows what the pane held instead.
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'graphiql.png') });
    }
    const result = await editorText(page, RESULT_LINES);
    expect(result).toContain(`"title": "${SEED_TITLE}"`);
    expect(result).not.toContain('"errors"');

    // The query went out with the prefilled demo header.
    const seedPost = graphqlPosts.find((post) => post.body.includes('SeedLogItem'));
    expect(seedPost, `GraphQL POSTs: ${JSON.stringify(graphqlPosts)}`).toBeDefined();
    expect(seedPost?.authorization).toBe(`Bearer ${token}`);

    // Nothing but the facade: every request was same-origin (or data:/blob:), none aborted.
    expect(foreign, `requests to other origins:\n${foreign.join('\n')}`).toEqual([]);
    const offOrigin = requests.filter((line) => {
      const url = new URL(line.split(' ')[1] ?? '');
      return url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== origin;
    });
    expect(offOrigin).toEqual([]);
    // The bundle and (at least one of) the Monaco workers came from the facade.
    expect(requests.some((line) => line.includes('/graphiql-assets/yoga-graphiql.umd.js'))).toBe(true);
    expect(requests.some((line) => line.includes('/graphiql-assets/monacoeditorwork/'))).toBe(true);
    expect(pageErrors, `page errors:\n${pageErrors.join('\n')}`).toEqual([]);

    // The guard itself works: a request to another origin is recorded (and aborted).
    const probe = 'https://cdn.jsdelivr.net/npm/probe.js';
    const outcome = await page.evaluate(async (url) => {
      try {
        await fetch(url, { mode: 'no-cors' });
        return 'loaded';
      } catch {
        return 'failed';
      }
    }, probe);
    expect(outcome).toBe('failed');
    expect(foreign).toEqual([probe]);
  }, 60_000);

  it('browses the schema in the doc explorer and shows the query as a tree in the GraphiQL Explorer', async () => {
    const ctx = context!;
    const page = await ctx.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await page.goto(endpoint);
      await page.waitForSelector(QUERY_EDITOR, { timeout: 30_000 });

      // Doc explorer: the root lists the Query type; Query lists its fields; a field its arguments.
      await page.locator(SHOW_DOCS).click();
      const docs = page.locator(DOC_EXPLORER);
      await docs.locator('a.graphiql-doc-explorer-type-name', { hasText: /^Query$/ }).click({ timeout: 30_000 });
      await expect.poll(() => docs.locator(DOC_TITLE).innerText(), { timeout: 15_000 }).toBe('Query');
      const fields = await docs.locator('.graphiql-doc-explorer-field-name').allInnerTexts();
      expect(fields).toEqual(expect.arrayContaining(['jobSession', 'jobSessions', 'job']));
      await docs.locator('a.graphiql-doc-explorer-field-name', { hasText: /^jobSession$/ }).click();
      await expect.poll(() => docs.locator(DOC_TITLE).innerText(), { timeout: 15_000 }).toBe('jobSession');
      expect(await docs.locator('.graphiql-doc-explorer-argument-name').allInnerTexts()).toContain('id');
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'graphiql-docs.png') });

      // GraphiQL Explorer: the prefilled operation as a tree, its selected fields ticked.
      await page.locator(SHOW_EXPLORER).click();
      const explorer = page.locator(EXPLORER);
      await expect
        .poll(() => explorer.innerText(), { timeout: 15_000 })
        .toMatch(/^Explorer\s+query\b[\s\S]*\bjobSession\b[\s\S]*\blogItem\b/);
      const inputs = await explorer.locator('input').evaluateAll((nodes) =>
        nodes.map((node) => (node instanceof HTMLInputElement ? node.value : '')),
      );
      // The operation name and the two prefilled ids, as editable fields.
      expect(inputs).toEqual(expect.arrayContaining(['SeedLogItem', SEED.jobSessionId, SEED.logItemId]));
    } finally {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'graphiql-explorer.png') });
      await page.close();
    }
    expect(pageErrors, `page errors:\n${pageErrors.join('\n')}`).toEqual([]);
    // Still nothing but the facade (the earlier test's deliberate probe aside).
    expect(foreign.filter((url) => url !== 'https://cdn.jsdelivr.net/npm/probe.js')).toEqual([]);
  }, 90_000);
  it('runs a subscription from GraphiQL over SSE: the running session\'s state arrives and stays live', async () => {
    const ctx = context!;
    const page = await ctx.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // A seeded session that runs for ever on the demo's eu1 (its data is the `eu1` variant): its stream stays open.
    const running = createSimulatorData(Date.now(), 'eu1').sessions.find((session) => session.status === 'Running')!;
    const query = `subscription Live { jobSessionUpdated(server: "eu1", id: "${running.id}") { id status } }`;
    const streams: string[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(endpoint) && request.headers()['accept']?.includes('text/event-stream')) streams.push(request.method());
    });
    try {
      await page.goto(`${endpoint}?query=${encodeURIComponent(query)}`);
      await page.waitForSelector(QUERY_EDITOR, { timeout: 30_000 });
      await page.waitForFunction(
        (selector) => document.querySelector(selector)?.textContent?.includes('jobSessionUpdated') === true,
        QUERY_LINES,
        { timeout: 15_000 },
      );
      await page.locator(EXECUTE).click();
      await page.waitForFunction(
        ({ selector, id }) => {
          const text = document.querySelector(selector)?.textContent?.replace(/\u00a0/g, ' ') ?? '';
          return text.includes(id) && text.includes('"RUNNING"');
        },
        { selector: RESULT_LINES, id: running.id },
        { timeout: 30_000 },
      );
      // It went out as a GraphQL-over-SSE request with the prefilled demo header.
      expect(streams.length).toBeGreaterThan(0);
    } finally {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'graphiql-subscription.png') });
      await page.close();
    }
    expect(pageErrors, `page errors:\n${pageErrors.join('\n')}`).toEqual([]);
  }, 90_000);
});
