import { describe, expect, it } from 'vitest';
import { createSchema, createYoga } from 'graphql-yoga';
import { GRAPHIQL_ASSET_PREFIX, renderOfflineGraphiQL, useOfflineGraphiQL } from '../src/graphiql.js';

const defaultQuery = 'query Hello {\n  hello\n}\n';
const headers = JSON.stringify({ Authorization: 'Bearer x' });

function makeYoga(graphiql: { defaultQuery: string; headers?: string; title?: string }) {
  return createYoga({
    schema: createSchema({
      typeDefs: /* GraphQL */ `
        type Query {
          hello: String
        }
      `,
      resolvers: { Query: { hello: () => 'world' } },
    }),
    graphqlEndpoint: '/graphql',
    graphiql,
    renderGraphiQL: renderOfflineGraphiQL,
    plugins: [useOfflineGraphiQL()],
    logging: false,
  });
}

async function getPage(yoga: ReturnType<typeof makeYoga>): Promise<string> {
  const res = await yoga.fetch('http://localhost/graphql', { headers: { accept: 'text/html' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  return res.text();
}

/** Extract every URL the page references through src/href attributes. */
function referencedUrls(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href)\s*=\s*"([^"]*)"/g)].map((m) => m[1] ?? '');
}

/** Unescape the (HTML-escaped) attribute values we generate. */
function unescapeAttr(value: string): string {
  return value.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

const WORKERS = [
  'monacoeditorwork/editor.worker.bundle.js',
  'monacoeditorwork/json.worker.bundle.js',
  'monacoeditorwork/graphql.worker..bundle.js',
];

describe('offline GraphiQL', () => {
  const yoga = makeYoga({ defaultQuery, headers, title: 'VBM365 GraphQL' });

  it('renders a page that references only same-origin assets', async () => {
    const html = await getPage(yoga);
    expect(html).not.toMatch(/unpkg|jsdelivr|cdn\b|raw\.githubusercontent/i);
    // No absolute http(s) URL in any attribute, and no protocol-relative ones either.
    const urls = referencedUrls(html);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) {
      expect(url).not.toMatch(/^(?:[a-z][a-z0-9+.-]*:)?\/\//i);
      expect(url.startsWith(GRAPHIQL_ASSET_PREFIX) || url.startsWith('data:')).toBe(true);
    }
    // Monaco worker URLs are configured with the local prefix, not fetched from elsewhere.
    expect(html).toContain(JSON.stringify(GRAPHIQL_ASSET_PREFIX));
    for (const worker of WORKERS) expect(html).toContain(JSON.stringify(worker));
    expect(html).toContain('YogaGraphiQL.renderYogaGraphiQL');
    expect(html).toContain('<title>VBM365 GraphQL</title>');
  });

  it('embeds the default query and the default headers', async () => {
    const html = await getPage(yoga);
    expect(html).toContain(JSON.stringify(defaultQuery));
    expect(html).toContain(`"headers":${JSON.stringify(headers)}`);
  });

  it('serves every referenced asset (and each Monaco worker) with the right content type', async () => {
    const html = await getPage(yoga);
    const paths = referencedUrls(html)
      .filter((u) => u.startsWith(GRAPHIQL_ASSET_PREFIX))
      .map(unescapeAttr)
      .concat(WORKERS.map((w) => GRAPHIQL_ASSET_PREFIX + w));
    expect(paths).toContain(`${GRAPHIQL_ASSET_PREFIX}yoga-graphiql.umd.js`);
    expect(paths).toContain(`${GRAPHIQL_ASSET_PREFIX}graphiql.css`);
    for (const path of paths) {
      const res = await yoga.fetch(`http://localhost${path}`);
      expect(res.status, path).toBe(200);
      const type = res.headers.get('content-type') ?? '';
      if (path.endsWith('.css')) expect(type, path).toMatch(/^text\/css\b/);
      else expect(type, path).toMatch(/^text\/javascript\b/);
      expect(res.headers.get('cache-control'), path).toMatch(/max-age=\d+/);
      expect(res.headers.get('etag'), path).toBeTruthy();
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const body = await res.text();
      expect(body.length, path).toBeGreaterThan(10_000);
    }
  });

  it('exposes the global the page calls', async () => {
    const res = await yoga.fetch(`http://localhost${GRAPHIQL_ASSET_PREFIX}yoga-graphiql.umd.js`);
    const js = await res.text();
    expect(js).toContain('YogaGraphiQL');
    expect(js).toContain('renderYogaGraphiQL');
  });

  it('answers a matching If-None-Match with 304 and HEAD without a body', async () => {
    const url = `http://localhost${GRAPHIQL_ASSET_PREFIX}graphiql.css`;
    const first = await yoga.fetch(url);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    await first.arrayBuffer();
    const again = await yoga.fetch(url, { headers: { 'if-none-match': etag ?? '' } });
    expect(again.status).toBe(304);
    const head = await yoga.fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toMatch(/^text\/css\b/);
    expect(await head.text()).toBe('');
  });

  it.each([
    `${GRAPHIQL_ASSET_PREFIX}../package.json`,
    `${GRAPHIQL_ASSET_PREFIX}%2e%2e/package.json`,
    `${GRAPHIQL_ASSET_PREFIX}%2e%2e%2fpackage.json`,
    `${GRAPHIQL_ASSET_PREFIX}..%2f..%2fpackage.json`,
    `${GRAPHIQL_ASSET_PREFIX}monacoeditorwork/%2e%2e/%2e%2e/package.json`,
    `${GRAPHIQL_ASSET_PREFIX}..%5c..%5cpackage.json`,
    `${GRAPHIQL_ASSET_PREFIX}yoga-graphiql.es.js`,
    `${GRAPHIQL_ASSET_PREFIX}unknown.js`,
    `${GRAPHIQL_ASSET_PREFIX}`,
    `${GRAPHIQL_ASSET_PREFIX}monacoeditorwork/`,
    `${GRAPHIQL_ASSET_PREFIX}graphiql.css/`,
    `${GRAPHIQL_ASSET_PREFIX}GRAPHIQL.CSS`,
  ])('404 for %s', async (path) => {
    const res = await yoga.fetch(`http://localhost${path}`);
    expect(res.status).toBe(404);
    const body = await res.text();
    expect(body).not.toContain('"name"');
    expect(body).not.toContain('@graphql-yoga/graphiql');
  });

  it('escapes hostile option values', async () => {
    const evil = '</script><script>alert(1)</script><!--';
    const hostile = makeYoga({
      defaultQuery: `{ hello } # ${evil}`,
      headers: JSON.stringify({ 'X-Evil': evil }),
      title: `</title><script>alert(2)</script>`,
    });
    const html = await getPage(hostile);
    expect(html).not.toContain('alert(1)</script>');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('</title><script>');
    // Exactly the three script elements we emit.
    expect(html.match(/<script\b/g)).toHaveLength(3);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    // The value still round-trips exactly when the browser evaluates the JSON literal.
    const literal = /var opts = (\{.*\});/.exec(html)?.[1];
    expect(literal).toBeDefined();
    const parsed = JSON.parse(literal ?? 'null') as { defaultQuery?: string; headers?: string };
    expect(parsed.defaultQuery).toBe(`{ hello } # ${evil}`);
    expect(JSON.parse(parsed.headers ?? '{}')).toEqual({ 'X-Evil': evil });
  });

  it('renders with no options at all', () => {
    const html = renderOfflineGraphiQL();
    expect(html).toContain('<title>Yoga GraphiQL</title>');
    expect(html).toContain(`${GRAPHIQL_ASSET_PREFIX}yoga-graphiql.umd.js`);
    expect(/var opts = (\{.*\});/.exec(html)?.[1]).toBe('{}');
  });

  it('passes the title to the bundle as escaped text', () => {
    const html = renderOfflineGraphiQL({ title: 'A & <b>B</b>' });
    expect(html).toContain('<title>A &#38; &#60;b&#62;B&#60;/b&#62;</title>');
    const literal = /var opts = (\{.*\});/.exec(html)?.[1];
    expect(JSON.parse(literal ?? 'null')).toEqual({ title: 'A &#38; &#60;b&#62;B&#60;/b&#62;' });
  });

  it('still executes GraphQL on the endpoint', async () => {
    const res = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ hello }' }),
    });
    expect(await res.json()).toEqual({ data: { hello: 'world' } });
  });
});
