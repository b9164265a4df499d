import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { estimateUpstreamCalls } from '../../src/plugins/query-budget.js';
import { buildSchema } from '../../src/schema.js';
import { SEED } from '../../src/simulator/index.js';
import { codes, startHarness, type Harness } from '../helpers/harness.js';
import { parse } from 'graphql';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ overSocket: true });
});
afterAll(() => h.close());
beforeEach(() => h.reset());

async function post(body: string | Uint8Array, headers: Record<string, string> = {}) {
  const response = await h.yoga.fetch('http://facade.invalid/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${h.adminToken}`, ...headers },
    body,
  });
  return { status: response.status, text: await response.text() };
}

describe('query limits (defaults from loadConfig)', () => {
  const defaults = loadConfig({});

  it('refuses deep nesting with QUERY_TOO_DEEP and no upstream call', async () => {
    let query = 'id';
    for (let i = 0; i < 8; i++) query = `jobSession { job { sessions(first: 1) { edges { node { ${query} } } } } }`;
    const body = await h.query(`{ jobSession(id: "${SEED.jobSessionId}") { logItem(id: "${SEED.logItemId}") { ${query} } } }`);
    expect(codes(body)).toEqual(['QUERY_TOO_DEEP']);
    expect(h.calls()).toHaveLength(0);
  });

  it('refuses 1,000 aliases (over the token limit too) with no upstream call', async () => {
    const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: jobSession(id: "${SEED.jobSessionId}") { id }`).join(' ');
    const body = await h.query(`{ ${aliases} }`);
    expect(codes(body).length).toBeGreaterThan(0);
    expect(codes(body).every((code) => code === 'TOO_MANY_ALIASES' || code === 'QUERY_TOO_LARGE')).toBe(true);
    expect(h.calls()).toHaveLength(0);
  });

  it(`refuses more than ${defaults.maxAliases} aliases with TOO_MANY_ALIASES and no upstream call`, async () => {
    const aliases = Array.from({ length: defaults.maxAliases + 1 }, (_, i) => `a${i}: jobSession(id: "${SEED.jobSessionId}") { id }`).join(' ');
    const body = await h.query(`{ ${aliases} }`);
    expect(codes(body)).toEqual(['TOO_MANY_ALIASES']);
    expect(h.calls()).toHaveLength(0);
  });

  it(`refuses more than ${defaults.maxTokens} tokens with QUERY_TOO_LARGE`, async () => {
    const fields = Array.from({ length: defaults.maxTokens }, () => 'id').join(' ');
    const body = await h.query(`{ jobs { ${fields} } }`);
    expect(codes(body)).toEqual(['QUERY_TOO_LARGE']);
    expect(h.calls()).toHaveLength(0);
  });

  it('refuses a huge `first` with BAD_USER_INPUT and no upstream call', async () => {
    const body = await h.query('{ jobSessions(first: 100000000) { edges { cursor } } }');
    expect(codes(body)).toEqual(['BAD_USER_INPUT']);
    expect(h.calls()).toHaveLength(0);
  });

  it('refuses up front a query whose list sizes exceed the upstream budget (QUERY_TOO_EXPENSIVE)', async () => {
    const body = await h.query('{ jobSessions(first: 500) { edges { node { logItems(first: 10) { edges { cursor } } } } } }');
    expect(body.data).toBeUndefined();
    expect(codes(body)).toEqual(['QUERY_TOO_EXPENSIVE']);
    expect(body.errors?.[0]?.message).toMatch(/501 backup server requests; the limit is 200/);
    expect(h.calls()).toHaveLength(0);
  });

  it('stops at run time once the budget is spent (UPSTREAM_BUDGET_EXHAUSTED), keeping what it got', async () => {
    // `job` is counted once up front (parents usually share it); here each job is distinct.
    const small = await startHarness({ config: { upstreamBudget: 4 }, overSocket: true });
    try {
      const body = await small.query('{ jobs { id organization { name } sessions(first: 1) { edges { cursor } } } }');
      expect(codes(body)).toContain('UPSTREAM_BUDGET_EXHAUSTED');
      expect(small.calls()).toHaveLength(4);
      expect((body.data?.jobs as unknown[]).length).toBe(small.simulator.data.jobs.length);
    } finally {
      await small.close();
    }
  });

  it('estimates calls from arguments: lists fan out, shared links count once', () => {
    const schema = buildSchema();
    const estimate = (q: string, v: Record<string, unknown> = {}) => estimateUpstreamCalls(schema, parse(q), v);
    expect(estimate(`{ jobSession(id: "${SEED.jobSessionId}") { logItem(id: "${SEED.logItemId}") { jobSession { id } } } }`)).toBe(3);
    expect(estimate('{ jobSessions(first: 20) { edges { node { job { name } } } } }')).toBe(2);
    expect(estimate('query($n: Int) { jobSessions(first: $n) { edges { node { logItems(first: 5) { edges { cursor } } } } } }', { n: 40 })).toBe(41);
    expect(estimate('{ jobSessions { edges { node { ...F } } } } fragment F on JobSession { logItems { edges { cursor } } }')).toBe(31);
  });
});

describe('HTTP abuse', () => {
  it('answers a 10 MB body with 413 before parsing it, no upstream call', async () => {
    const huge = JSON.stringify({ query: `{ jobs { id } }`, variables: { pad: 'x'.repeat(10 * 1024 * 1024) } });
    const response = await post(huge);
    expect(response.status).toBe(413);
    expect(JSON.parse(response.text).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(h.calls()).toHaveLength(0);
  });

  it('answers a large chunked body (no content-length) with 413 too', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 40) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await h.yoga.fetch(
      new Request('http://facade.invalid/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );
    expect(response.status).toBe(413);
    expect(h.calls()).toHaveLength(0);
  });

  it('answers malformed JSON with 400 BAD_REQUEST, no upstream call', async () => {
    const response = await post('{"query": ');
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(h.calls()).toHaveLength(0);
  });

  it('answers a wrong content type with 415, no upstream call', async () => {
    const response = await post(JSON.stringify({ query: '{ jobs { id } }' }), { 'content-type': 'text/plain' });
    expect(response.status).toBe(415);
    expect(h.calls()).toHaveLength(0);
  });

  it('runs a batch within the limit and refuses one beyond it, no upstream call', async () => {
    const ok = await post(JSON.stringify([{ query: '{ jobs { id } }' }, { query: '{ jobs { name } }' }]));
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toHaveLength(2);
    h.reset();
    const tooMany = await post(JSON.stringify(Array.from({ length: 6 }, () => ({ query: '{ jobs { id } }' }))));
    expect(tooMany.status).toBe(413);
    expect(JSON.parse(tooMany.text).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(h.calls()).toHaveLength(0);
  });
});

describe('switches', () => {
  it('turns introspection off while __typename keeps working', async () => {
    const closed = await startHarness({ config: { introspection: false }, overSocket: true });
    try {
      const body = await closed.query('{ __schema { types { name } } }');
      expect(body.errors?.[0]?.message).toMatch(/introspection/i);
      const typename = await closed.query('{ __typename }');
      expect(typename.data).toEqual({ __typename: 'Query' });
    } finally {
      await closed.close();
    }
  });

  it('answers CORS only for allowed origins', async () => {
    const cors = await startHarness({ config: { corsOrigins: ['https://app.example.invalid'] }, overSocket: true });
    try {
      const preflight = (origin: string) =>
        cors.yoga.fetch('http://facade.invalid/graphql', {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
        });
      const allowed = await preflight('https://app.example.invalid');
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.invalid');
      const denied = await preflight('https://evil.example.invalid');
      expect(denied.headers.get('access-control-allow-origin')).not.toBe('https://evil.example.invalid');
    } finally {
      await cors.close();
    }
    const none = await h.yoga.fetch('http://facade.invalid/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.invalid', 'access-control-request-method': 'POST' },
    });
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('runs only manifest operations in persisted-operations mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vbm-manifest-'));
    const file = join(dir, 'operations.json');
    writeFileSync(file, JSON.stringify({ jobsHash: '{ jobs { id } }' }));
    const persisted = await startHarness({ config: { persistedOperations: loadConfig({ PERSISTED_OPERATIONS_FILE: file }).persistedOperations }, overSocket: true });
    try {
      const known = await persisted.yoga.fetch('http://facade.invalid/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${persisted.adminToken}` },
        body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'jobsHash' } } }),
      });
      expect(((await known.json()) as { data: { jobs: unknown[] } }).data.jobs.length).toBeGreaterThan(0);
      expect(persisted.calls()).toHaveLength(1);
      const arbitrary = await persisted.query('{ jobs { id name } }');
      expect(arbitrary.data).toBeUndefined();
      expect(arbitrary.errors?.length).toBeGreaterThan(0);
      expect(persisted.calls()).toHaveLength(1);
    } finally {
      await persisted.close();
    }
  });
});
