import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/index.js';
import { API_VERSIONS } from '../../src/upstream/api-version.js';
import { decodeProcessedObject } from '../../src/upstream/resources/processed-object.js';
import { codes, paths, startHarness, type Harness } from '../helpers/harness.js';

interface RawObject {
  id: string;
  type: string;
  status: string;
}

interface Connection {
  edges: { cursor: string; node: RawObject }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number | null;
}

const SESSION = SEED.jobSessionId;
const objectsPath = (offset: number, limit: number) => `/jobsessions/${SESSION}/processedobjects?offset=${offset}&limit=${limit}`;

describe.each(API_VERSIONS)('JobSession.processedObjects on API %s', (version) => {
  let h: Harness;
  const served = version === 'v7' || version === 'v8';

  /** The objects the server lists for the session, read directly (not through the facade) and not recorded. */
  const upstreamObjects = async (): Promise<RawObject[]> => {
    const response = await fetch(`${h.simulator.baseUrl(version)}/jobsessions/${SESSION}/processedobjects?limit=1000`, {
      headers: { authorization: `Bearer ${h.adminToken}` },
    });
    const body = (await response.json()) as { results: RawObject[] };
    h.reset();
    return body.results;
  };

  beforeAll(async () => {
    h = await startHarness({ version });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it.runIf(served)('reads one page of /JobSessions/{id}/ProcessedObjects with the caller token; ids are plain strings', async () => {
    const raw = await upstreamObjects();
    expect(raw.length).toBeGreaterThan(5);
    const body = await h.query(`{ jobSession(id: "${SESSION}") { processedObjects(first: 5) { edges { node { id type status } } pageInfo { hasNextPage } } } }`);
    expect(body.errors).toBeUndefined();
    const connection = (body.data?.jobSession as { processedObjects: Connection }).processedObjects;
    expect(connection.edges.map((e) => e.node)).toEqual(raw.slice(0, 5));
    expect(connection.pageInfo.hasNextPage).toBe(true);
    expect(connection.edges[0]!.node.id).not.toMatch(/^[0-9a-f]{8}-/);
    expect(paths(h.calls()).sort()).toEqual([`/jobsessions/${SESSION}`, objectsPath(0, 5)].sort());
    expect(new Set(h.calls().map((c) => c.authorization))).toEqual(new Set([`Bearer ${h.adminToken}`]));
  });

  it.runIf(served)('continues after a cursor: the next window, one call', async () => {
    const raw = await upstreamObjects();
    const first = await h.query(`{ jobSession(id: "${SESSION}") { processedObjects(first: 3) { pageInfo { endCursor } } } }`);
    const cursor = (first.data?.jobSession as { processedObjects: Connection }).processedObjects.pageInfo.endCursor;
    h.reset();
    const body = await h.query(`{ jobSession(id: "${SESSION}") { processedObjects(first: 3, after: "${cursor}") { edges { node { id } } } } }`);
    expect((body.data?.jobSession as { processedObjects: Connection }).processedObjects.edges.map((e) => e.node.id)).toEqual(raw.slice(3, 6).map((o) => o.id));
    expect(paths(h.calls()).filter((p) => p.includes('/processedobjects'))).toEqual([objectsPath(3, 3)]);
  });

  it.runIf(!served)('is null before v7, without a call for it', async () => {
    const body = await h.query(`{ jobSession(id: "${SESSION}") { id processedObjects { edges { node { id } } } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ jobSession: { id: SESSION, processedObjects: null } });
    expect(paths(h.calls())).toEqual([`/jobsessions/${SESSION}`]);
  });

  it('first is bounded: BAD_USER_INPUT and no call for it', async () => {
    for (const first of [0, 100_000]) {
      h.reset();
      const body = await h.query(`{ jobSession(id: "${SESSION}") { id processedObjects(first: ${first}) { totalCount } } }`);
      expect(codes(body)).toEqual(['BAD_USER_INPUT']);
      expect(paths(h.calls()).filter((p) => p.includes('/processedobjects'))).toEqual([]);
    }
  });

  it('a bad cursor is BAD_USER_INPUT and no call for it', async () => {
    const body = await h.query(`{ jobSession(id: "${SESSION}") { id processedObjects(after: "../x") { totalCount } } }`);
    expect(codes(body)).toEqual(['BAD_USER_INPUT']);
    expect(paths(h.calls()).filter((p) => p.includes('/processedobjects'))).toEqual([]);
  });
});

describe('decodeProcessedObject', () => {
  it('keeps a plain string id and the server spelling of type and status', () => {
    expect(decodeProcessedObject({ id: 'a1b2c3', type: 'User', status: 'Warning' })).toEqual({ id: 'a1b2c3', type: 'User', status: 'Warning', links: {} });
    expect(decodeProcessedObject({ id: 'x' })).toMatchObject({ type: null, status: null });
  });
  it('refuses a malformed object', () => {
    expect(() => decodeProcessedObject({ type: 'User' })).toThrow(/malformed processed object/);
    expect(() => decodeProcessedObject({ id: '' })).toThrow(/malformed processed object/);
    expect(() => decodeProcessedObject({ id: 7 })).toThrow(/malformed processed object/);
    expect(() => decodeProcessedObject({ id: 'x', status: 1 })).toThrow(/malformed processed object/);
  });
});
