import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/index.js';
import { codes, startHarness, type Harness } from '../helpers/harness.js';

const SESSION = /^\/v5\/jobsessions\/[0-9a-f-]+$/;
const SECRET_URL = 'https://exfil.invalid/steal?x=1';

function session(overrides: Record<string, unknown>): string {
  return JSON.stringify({
    id: SEED.jobSessionId,
    creationTime: '2021-02-27T01:00:00.1732347+03:00',
    endTime: null,
    progress: 10,
    status: 'Running',
    statistics: { processingRateBytesPS: 1, processingRateItemsPS: 1, readRateBytesPS: 1, writeRateBytesPS: 1, transferredDataBytes: 1, processedObjects: 1, bottleneck: 'NA' },
    _links: {},
    ...overrides,
  });
}

describe.each([true, false])('upstream values are checked before the executor sees them (graphql-jit %s)', (graphqlJit) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: { graphqlJit, retryAttempts: 1 } });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it.each([
    ['a string in progress', { progress: `${SECRET_URL} TOKEN` }],
    ['a number too large for Int in progress', { progress: 2 ** 40 }],
    ['statistics that is not an object', { statistics: `${SECRET_URL}` }],
    ['a statistic that is not a number', { statistics: { processingRateBytesPS: SECRET_URL } }],
    ['a status that is not a string', { status: { href: SECRET_URL } }],
    ['an end time that is not a date', { endTime: SECRET_URL }],
    ['_links that is not an object', { _links: SECRET_URL }],
    ['another id than the one asked for', { id: '00000000-0000-4000-8000-000000000000' }],
    ['an id that is not a GUID', { id: SECRET_URL }],
  ])('%s is UPSTREAM_BAD_RESPONSE, with no upstream content in the answer', async (_name, overrides) => {
    const body = session({ ...overrides, ...(JSON.stringify(overrides).includes('TOKEN') ? { progress: `${SECRET_URL} ${h.adminToken}` } : {}) });
    h.simulator.injectFault({ path: SESSION, status: 200, body });
    const answer = await h.query(`{ jobSession(id: "${SEED.jobSessionId}") { id status progress endTime statistics { processingRateBytesPS bottleneck } } }`);
    expect(answer.data).toEqual({ jobSession: null });
    expect(codes(answer)).toEqual(['UPSTREAM_BAD_RESPONSE']);
    const text = JSON.stringify(answer);
    expect(text).not.toContain('exfil.invalid');
    expect(text).not.toContain(h.adminToken);
    expect(h.calls()).toHaveLength(1);
  });

  it('a well-formed session still reads (the checks are not too strict)', async () => {
    h.simulator.injectFault({ path: SESSION, status: 200, body: session({}) });
    const answer = await h.query(`{ jobSession(id: "${SEED.jobSessionId}") { id status progress statistics { bottleneck } } }`);
    expect(answer).toEqual({ data: { jobSession: { id: SEED.jobSessionId, status: 'RUNNING', progress: 10, statistics: { bottleneck: 'NA' } } } });
  });
});

describe('a page never holds more than was asked for', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: { retryAttempts: 3 } });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('an oversized page for first: 1 is UPSTREAM_BAD_RESPONSE, not a million edges, and is not retried', async () => {
    const item = (usn: number) => ({
      id: SEED.servedLogItemId,
      usn,
      title: '[Success] x',
      creationTime: '2021-02-26T01:00:00Z',
      _links: {},
    });
    const results = Array.from({ length: 50_000 }, (_, i) => item(i));
    h.simulator.injectFault({ path: /\/logitems$/, status: 200, body: JSON.stringify({ offset: 0, limit: 1, results }) });
    const answer = await h.query(`{ jobSession(id: "${SEED.jobSessionId}") { id logItems(first: 1) { edges { node { usn } } } } }`);
    expect(answer.data).toEqual({ jobSession: { id: SEED.jobSessionId, logItems: null } });
    expect(codes(answer)).toEqual(['UPSTREAM_BAD_RESPONSE']);
    expect(h.calls().filter((c) => c.path.includes('/logitems'))).toHaveLength(1);
  });

  it('a page of exactly the size asked for is served whole', async () => {
    const answer = await h.query(`{ jobSession(id: "${SEED.linkedJobSessionId}") { logItems(first: 2) { edges { node { usn } } } } }`);
    expect(answer.errors).toBeUndefined();
    expect((answer.data?.jobSession as { logItems: { edges: unknown[] } }).logItems.edges).toHaveLength(2);
  });
});
