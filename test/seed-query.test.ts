import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../src/simulator/index.js';
import { codes, paths, startHarness, type Harness } from './helpers/harness.js';

const SEED_QUERY = `query Seed($s: ID!, $l: ID!) {
  jobSession(id: $s) {
    id
    status
    logItem(id: $l) { id usn title status message creationTime endTime }
  }
}`;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

describe('JobSession.logItem (the seed)', () => {
  it('returns the seed log item exactly as the API page shows it', async () => {
    const body = await h.query(SEED_QUERY, { variables: { s: SEED.jobSessionId, l: SEED.logItemId } });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      jobSession: {
        id: SEED.jobSessionId,
        status: 'SUCCESS',
        logItem: {
          id: '6e61733d-738b-41e1-bd0d-d0b3340159d5',
          usn: 1,
          title: '[Success] Job started at 2/26/2021 1:00:00 AM',
          status: 'SUCCESS',
          message: 'Job started at 2/26/2021 1:00:00 AM',
          creationTime: '2021-02-26T01:00:00.1732347+03:00',
          endTime: '2021-02-26T01:00:00.1732347+03:00',
        },
      },
    });
  });

  it('costs exactly 2 upstream calls, each with the caller token, to the configured host', async () => {
    await h.query(SEED_QUERY, { variables: { s: SEED.jobSessionId, l: SEED.logItemId } });
    const calls = h.calls();
    expect(paths(calls).sort()).toEqual(
      [`/jobsessions/${SEED.jobSessionId}`, `/jobsessions/${SEED.jobSessionId}/logitems/${SEED.logItemId}`].sort(),
    );
    for (const call of calls) {
      expect(call.method).toBe('GET');
      expect(call.authorization).toBe(`Bearer ${h.adminToken}`);
      expect(call.host).toBe(new URL(h.simulator.url).host);
    }
  });

  it('treats an upper-case GUID as the same resource: still 2 calls, lowercase canonical paths', async () => {
    const body = await h.query(SEED_QUERY, {
      variables: { s: SEED.jobSessionId.toUpperCase(), l: SEED.logItemId.toUpperCase() },
    });
    expect(body.errors).toBeUndefined();
    expect(h.calls()).toHaveLength(2);
    expect(paths(h.calls()).every((p) => p === p.toLowerCase())).toBe(true);
  });

  it('fetches a resource once per query, however often it is asked for', async () => {
    const body = await h.query(`{
      a: jobSession(id: "${SEED.jobSessionId}") { id }
      b: jobSession(id: "${SEED.jobSessionId.toUpperCase()}") { status logItem(id: "${SEED.logItemId}") { usn } }
      c: jobSession(id: "${SEED.jobSessionId}") { logItem(id: "${SEED.logItemId.toUpperCase()}") { title } }
    }`);
    expect(body.errors).toBeUndefined();
    expect(h.calls()).toHaveLength(2);
  });
});

describe('LogItem.jobSession', () => {
  it('follows _links.jobsessions, not the parent id', async () => {
    const body = await h.query(`{
      jobSession(id: "${SEED.jobSessionId}") {
        id status
        logItem(id: "${SEED.logItemId}") { jobSession { id status } }
      }
    }`);
    expect(body.errors).toBeUndefined();
    const session = body.data?.jobSession as { id: string; status: string; logItem: { jobSession: { id: string; status: string } } };
    expect(session.logItem.jobSession.id).toBe(SEED.linkedJobSessionId);
    expect(session.logItem.jobSession.status).not.toBe(session.status);
    expect(paths(h.calls())).toContain(`/jobsessions/${SEED.linkedJobSessionId}`);
    expect(h.calls()).toHaveLength(3);
  });

  it('reuses the session already loaded when the link points back to it', async () => {
    const body = await h.query(`{
      jobSession(id: "${SEED.linkedJobSessionId}") {
        status
        logItem(id: "${SEED.servedLogItemId}") { jobSession { id status } }
      }
    }`);
    expect(body.errors).toBeUndefined();
    expect(h.calls()).toHaveLength(2);
  });
});

describe('DateTime', () => {
  it('returns upstream timestamps byte for byte (offset and 7 fraction digits kept)', async () => {
    const body = await h.query(`{ jobSession(id: "${SEED.jobSessionId}") { creationTime endTime logItem(id: "${SEED.logItemId}") { creationTime } } }`);
    const upstream = JSON.parse(await rawGet(`/jobsessions/${SEED.jobSessionId}`)) as { creationTime: string; endTime: string };
    const session = body.data?.jobSession as { creationTime: string; endTime: string; logItem: { creationTime: string } };
    expect(session.creationTime).toBe(upstream.creationTime);
    expect(session.endTime).toBe(upstream.endTime);
    expect(session.logItem.creationTime).toBe('2021-02-26T01:00:00.1732347+03:00');
  });
});

describe('authentication', () => {
  it('answers UNAUTHENTICATED without any upstream call when no token is sent', async () => {
    const body = await h.query(SEED_QUERY, { token: null, variables: { s: SEED.jobSessionId, l: SEED.logItemId } });
    expect(body.data).toEqual({ jobSession: null });
    expect(codes(body)).toEqual(['UNAUTHENTICATED']);
    expect(h.calls()).toHaveLength(0);
  });

  it('refuses a non-bearer Authorization header without an upstream call', async () => {
    const body = await h.query(SEED_QUERY, {
      token: null,
      headers: { authorization: 'Basic YWRtaW46cGFzcw==' },
      variables: { s: SEED.jobSessionId, l: SEED.logItemId },
    });
    expect(codes(body)).toEqual(['UNAUTHENTICATED']);
    expect(h.calls()).toHaveLength(0);
  });

  it('serves introspection and __typename without a token', async () => {
    const body = await h.query('{ __typename __schema { queryType { name } } __type(name: "LogItem") { fields { name } } }', { token: null });
    expect(body.errors).toBeUndefined();
    expect(body.data?.__typename).toBe('Query');
    expect(h.calls()).toHaveLength(0);
  });

  it('maps an upstream 401 (invalid token) to UNAUTHENTICATED', async () => {
    const body = await h.query(SEED_QUERY, { token: 'not-a-valid-token', variables: { s: SEED.jobSessionId, l: SEED.logItemId } });
    expect(body.data).toEqual({ jobSession: null });
    expect(codes(body)).toContain('UNAUTHENTICATED');
    expect(h.calls().every((c) => c.authorization === 'Bearer not-a-valid-token')).toBe(true);
  });
});

describe('argument validation', () => {
  for (const bad of ['../Jobs', 'a/b', '%2F', '', ' ', `${SEED.jobSessionId}/logitems`, `${SEED.jobSessionId}?x=1`]) {
    it(`rejects jobSession(id: ${JSON.stringify(bad)}) with BAD_USER_INPUT and no upstream call`, async () => {
      const body = await h.query('query($id: ID!) { jobSession(id: $id) { id } }', { variables: { id: bad } });
      expect(body.data).toEqual({ jobSession: null });
      expect(codes(body)).toEqual(['BAD_USER_INPUT']);
      expect(h.calls()).toHaveLength(0);
    });
  }

  it('rejects a bad logItem id with BAD_USER_INPUT, keeping the session', async () => {
    const body = await h.query(`{ jobSession(id: "${SEED.jobSessionId}") { id logItem(id: "../../jobs") { id } } }`);
    expect(body.data).toEqual({ jobSession: { id: SEED.jobSessionId, logItem: null } });
    expect(codes(body)).toEqual(['BAD_USER_INPUT']);
    expect(paths(h.calls())).toEqual([`/jobsessions/${SEED.jobSessionId}`]);
  });
});

async function rawGet(path: string): Promise<string> {
  const response = await fetch(`${h.simulator.url}${path}`, { headers: { authorization: `Bearer ${h.adminToken}` } });
  return response.text();
}
