import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../src/simulator/index.js';
import { codes, paths, startHarness, type Harness } from './helpers/harness.js';
import { logItemJson } from './helpers/fixtures.js';

// The session resolves; only the log item fails, so partial data must survive.
const QUERY = `{ jobSession(id: "${SEED.jobSessionId}") { id status logItem(id: "${SEED.logItemId}") { title } } }`;
const LOG_ITEM = /\/logitems\//;

// The deadline is what the hanging call waits for; the calls that succeed must fit in it on a
// busy machine, so it is seconds, not a few hundred milliseconds.
const TIMEOUT_MS = 3_000;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ config: { timeoutMs: TIMEOUT_MS, retryAttempts: 1 } });
});
afterAll(() => h.close());
beforeEach(() => h.reset());

async function expectPartial(code: string) {
  const body = await h.query(QUERY);
  expect(body.data).toEqual({ jobSession: { id: SEED.jobSessionId, status: 'SUCCESS', logItem: null } });
  expect(codes(body)).toEqual([code]);
  expect(body.errors?.[0]?.path).toEqual(['jobSession', 'logItem']);
  // The session and the log item, each once: no retry here (VBM_RETRY_ATTEMPTS=1), no extra call.
  expect(h.calls()).toHaveLength(2);
  const text = JSON.stringify(body);
  expect(text).not.toContain(h.adminToken);
  expect(text).not.toContain(h.simulator.origin);
  expect(text).not.toMatch(/\bat .+\.ts:\d+/);
  return body;
}

describe('upstream failures keep partial data and carry a stable code', () => {
  it('404 -> null + NOT_FOUND', async () => {
    const body = await h.query(`{ jobSession(id: "${SEED.jobSessionId}") { id logItem(id: "00000000-0000-4000-8000-000000000000") { title } } }`);
    expect(body.data).toEqual({ jobSession: { id: SEED.jobSessionId, logItem: null } });
    expect(codes(body)).toEqual(['NOT_FOUND']);
    expect(h.calls()).toHaveLength(2);
  });

  it('404 for the root session -> jobSession null + NOT_FOUND', async () => {
    const body = await h.query('{ jobSession(id: "00000000-0000-4000-8000-000000000000") { id } }');
    expect(body.data).toEqual({ jobSession: null });
    expect(codes(body)).toEqual(['NOT_FOUND']);
    expect(h.calls()).toHaveLength(1);
  });

  it('500 -> UPSTREAM_UNAVAILABLE', async () => {
    h.simulator.injectFault({ path: LOG_ITEM, status: 500 });
    await expectPartial('UPSTREAM_UNAVAILABLE');
  });

  it('403 -> FORBIDDEN', async () => {
    h.simulator.injectFault({ path: LOG_ITEM, status: 403 });
    await expectPartial('FORBIDDEN');
  });

  it('400 -> BAD_USER_INPUT', async () => {
    h.simulator.injectFault({ path: LOG_ITEM, status: 400, body: '{"message":"bad"}' });
    await expectPartial('BAD_USER_INPUT');
  });

  it('a request that never answers -> UPSTREAM_TIMEOUT within the configured timeout', async () => {
    h.simulator.injectFault({ path: LOG_ITEM, hang: true });
    await expectPartial('UPSTREAM_TIMEOUT');
  });

  it('a reset connection -> UPSTREAM_UNAVAILABLE', async () => {
    h.simulator.injectFault({ path: LOG_ITEM, reset: true });
    await expectPartial('UPSTREAM_UNAVAILABLE');
  });

  it('a non-JSON body -> UPSTREAM_BAD_RESPONSE', async () => {
    h.simulator.injectFault({ path: LOG_ITEM, malformed: true });
    await expectPartial('UPSTREAM_BAD_RESPONSE');
  });

  it('a truncated body -> UPSTREAM_BAD_RESPONSE', async () => {
    h.simulator.injectFault({ path: LOG_ITEM, truncated: true });
    await expectPartial('UPSTREAM_BAD_RESPONSE');
  });

  it('a wrong-shaped body -> UPSTREAM_BAD_RESPONSE', async () => {
    h.simulator.injectFault({ path: LOG_ITEM, status: 200, body: '{"id": 42, "results": []}' });
    await expectPartial('UPSTREAM_BAD_RESPONSE');
  });

  it('an href to an unknown route is refused without a call', async () => {
    const item = logItemJson(h.version, {
      id: SEED.servedLogItemId,
      usn: 1,
      title: '[Success] x',
      creationTime: '2021-02-26T01:00:00Z',
      _links: { jobsessions: { href: 'https://vbm01.invalid:4443/v5/backuprepositories/859277ed-b238-458c-9dec-2830e45e15fc' } },
    });
    h.simulator.injectFault({ path: LOG_ITEM, status: 200, body: JSON.stringify(item) });
    const body = await h.query(`{ jobSession(id: "${SEED.jobSessionId}") { logItem(id: "${SEED.logItemId}") { title jobSession { id } } } }`);
    expect(body.data).toEqual({ jobSession: { logItem: { title: '[Success] x', jobSession: null } } });
    expect(codes(body)).toEqual(['UPSTREAM_BAD_RESPONSE']);
    expect(h.calls()).toHaveLength(2);
  });

  it('a date-time that is not ISO 8601 -> UPSTREAM_BAD_RESPONSE on that field', async () => {
    const item = logItemJson(h.version, { id: SEED.servedLogItemId, usn: 1, title: '[Failed] x', creationTime: '2/26/2021 1:00:00 AM', _links: {} });
    h.simulator.injectFault({ path: LOG_ITEM, status: 200, body: JSON.stringify(item) });
    const body = await h.query(`{ jobSession(id: "${SEED.jobSessionId}") { logItem(id: "${SEED.logItemId}") { status creationTime } } }`);
    expect(body.data).toEqual({ jobSession: { logItem: null } });
    expect(codes(body)).toEqual(['UPSTREAM_BAD_RESPONSE']);
    expect(h.calls()).toHaveLength(2);
  });

  it('a session without links is read by its id; one whose id is not the one asked for is a bad response', async () => {
    const session = { id: SEED.linkedJobSessionId, status: 'Warning', creationTime: '2021-02-26T01:00:00Z', _links: {} };
    h.simulator.injectFault({ path: /^\/v\d\/jobsessions\/[0-9a-f-]+$/, status: 200, body: JSON.stringify(session), times: 1 });
    const ok = await h.query(`{ jobSession(id: "${SEED.linkedJobSessionId}") { logItems(first: 1) { edges { node { usn } } } } }`);
    expect(ok.errors).toBeUndefined();
    expect(paths(h.calls())).toContain(`/jobsessions/${SEED.linkedJobSessionId}/logitems?offset=0&limit=1`);

    h.reset();
    const odd = { ...session, id: 'session-7' };
    h.simulator.injectFault({ path: /^\/v\d\/jobsessions\/[0-9a-f-]+$/, status: 200, body: JSON.stringify(odd) });
    const bad = await h.query(`{ jobSession(id: "${SEED.jobSessionId}") { id logItems(first: 1) { edges { node { usn } } } } }`);
    // The whole object is refused: its fields are never served from a body that
    // answers for something else.
    expect(bad.data).toEqual({ jobSession: null });
    expect(codes(bad)).toEqual(['UPSTREAM_BAD_RESPONSE']);
    expect(JSON.stringify(bad)).not.toContain('session-7');
  });

  it('a redirect is not followed (the token stays with the configured host)', async () => {
    h.simulator.injectFault({ path: LOG_ITEM, status: 302, headers: { Location: 'https://elsewhere.invalid/v5/jobs' } });
    await expectPartial('UPSTREAM_BAD_RESPONSE');
  });

  it('keeps serving after every failure above', async () => {
    const body = await h.query(QUERY);
    expect(body.errors).toBeUndefined();
  });
});
