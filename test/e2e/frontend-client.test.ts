/**
 * The frontend workflow end to end: the example client (`examples/frontend-client`), typed by
 * codegen from the published `schema.graphql`, runs its documents against the demo process
 * with the token the process prints.
 */
import { readFileSync } from 'node:fs';
import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  introspectionFromSchema,
  lexicographicSortSchema,
  printSchema,
  type IntrospectionQuery,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { execute, GraphQLClientError } from '../../examples/frontend-client/src/client.js';
import type {
  DashboardQuery,
  JobSessionStatus,
  LogItemStatus,
  SessionLogQuery,
  SessionLogQueryVariables,
} from '../../examples/frontend-client/src/gql/graphql.js';
import { DashboardQuery as DashboardDocument, SessionLogQuery as SessionLogDocument } from '../../examples/frontend-client/src/queries.js';
import { SEED } from '../../src/simulator/index.js';
import { startSingleServerProcess, type DemoProcess } from './demo-process.js';

const SCHEMA_FILE = new URL('../../schema.graphql', import.meta.url);

let demo: DemoProcess | undefined;
const running = (): DemoProcess => {
  if (demo === undefined) throw new Error('demo process not started');
  return demo;
};
const options = () => ({ endpoint: running().endpoint, token: running().token });

beforeAll(async () => {
  demo = await startSingleServerProcess();
}, 30_000);
afterAll(async () => {
  await demo?.stop();
}, 15_000);

/** `value`, failing the test when it is null or undefined. */
function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}`);
  return value;
}

describe('the example frontend client against the demo process', () => {
  it('the committed schema.graphql has the types, fields, arguments and defaults the process serves', async () => {
    // Descriptions are left out: the served custom scalars carry none (see the report).
    const response = await fetch(running().endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${running().token}` },
      body: JSON.stringify({ query: getIntrospectionQuery({ descriptions: true }) }),
    });
    const body = (await response.json()) as { data?: IntrospectionQuery };
    const served = buildClientSchema(present(body.data, 'introspection data'));
    const published = buildClientSchema(
      introspectionFromSchema(buildSchema(readFileSync(SCHEMA_FILE, 'utf8')), { descriptions: true }),
    );
    expect(printSchema(lexicographicSortSchema(published))).toBe(printSchema(lexicographicSortSchema(served)));
  });

  it('dashboard: the 20 most recent sessions with their jobs, typed', async () => {
    const data = await execute(DashboardDocument, {}, options());
    expectTypeOf(data).toEqualTypeOf<DashboardQuery>();

    const sessions = present(data.jobSessions, 'jobSessions');
    expect(sessions.edges).toHaveLength(20);
    expect(sessions.pageInfo.hasNextPage).toBe(true);
    expect(sessions.pageInfo.endCursor).toEqual(expect.any(String));

    const nodes = sessions.edges.map((edge) => edge.node);
    expectTypeOf(nodes[0]!.status).toEqualTypeOf<JobSessionStatus>();
    expectTypeOf(nodes[0]!.job).toEqualTypeOf<{ name: string; lastStatus: JobSessionStatus | null } | null>();
    // Newest first, distinct, each backup session with its job (a copy session's job is a copy job).
    const times = nodes.map((node) => Date.parse(node.creationTime));
    expect(times.every((t) => Number.isFinite(t))).toBe(true);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(new Set(nodes.map((node) => node.id)).size).toBe(20);
    for (const node of nodes) {
      expect(node.status).toMatch(/^[A-Z_]+$/);
      if (node.jobType === 'COPY') expect(node.job).toBeNull();
      else expect(present(node.job, `job of session ${node.id}`).name).not.toBe('');
    }
  });

  it('session log: usn ascending, and the next page through `after`', async () => {
    expectTypeOf<SessionLogQueryVariables>().toHaveProperty('id');
    expectTypeOf<{ first: number }>().not.toExtend<SessionLogQueryVariables>();

    const variables = { id: SEED.jobSessionId, first: 2 };
    const first = await execute(SessionLogDocument, variables, options());
    expectTypeOf(first).toEqualTypeOf<SessionLogQuery>();

    const session = present(first.jobSession, 'the seed session');
    expect(session.id).toBe(SEED.jobSessionId);
    const page1 = present(session.logItems, 'logItems');
    expectTypeOf(page1.edges[0]!.node.usn).toEqualTypeOf<number>();
    expectTypeOf(page1.edges[0]!.node.status).toEqualTypeOf<LogItemStatus>();
    expect(page1.edges).toHaveLength(2);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const usns1 = page1.edges.map((edge) => edge.node.usn);
    expect(usns1).toEqual([...usns1].sort((a, b) => a - b));
    expect(page1.edges[0]!.node).toMatchObject({ usn: 1, status: 'SUCCESS' });
    expect(page1.edges[0]!.node.message).toMatch(/^Job started at /);

    // Follow the cursors to the end: every page continues where the previous one stopped.
    const all = [...usns1];
    let after = present(page1.pageInfo.endCursor, 'endCursor');
    for (let guard = 0; guard < 50; guard++) {
      const next = await execute(SessionLogDocument, { ...variables, after }, options());
      const page = present(present(next.jobSession, 'the seed session').logItems, 'logItems');
      const usns = page.edges.map((edge) => edge.node.usn);
      expect(usns.length).toBeGreaterThan(0);
      expect(usns[0]!).toBeGreaterThan(all[all.length - 1]!);
      all.push(...usns);
      if (!page.pageInfo.hasNextPage) break;
      after = present(page.pageInfo.endCursor, 'endCursor');
    }
    expect(all).toEqual([...all].sort((a, b) => a - b));
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThan(2);

    // The same log in one page is the concatenation of the pages.
    const whole = await execute(SessionLogDocument, { id: SEED.jobSessionId, first: all.length + 10 }, options());
    const single = present(present(whole.jobSession, 'the seed session').logItems, 'logItems');
    expect(single.edges.map((edge) => edge.node.usn)).toEqual(all);
    expect(single.pageInfo.hasNextPage).toBe(false);
  });

  it('an unknown session: a GraphQLClientError with NOT_FOUND and the partial data (jobSession null)', async () => {
    const error = await execute(SessionLogDocument, { id: '00000000-0000-0000-0000-000000000000', first: 5 }, options()).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(GraphQLClientError);
    const clientError = error as GraphQLClientError;
    expect(clientError.status).toBe(200);
    expect(clientError.errors.map((e) => e.extensions?.['code'])).toEqual(['NOT_FOUND']);
    expect(clientError.data).toEqual({ jobSession: null });
  });

  it('a rejected token surfaces as a GraphQLClientError with the UNAUTHENTICATED code', async () => {
    const error = await execute(DashboardDocument, {}, { endpoint: running().endpoint, token: 'not-a-token' }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(GraphQLClientError);
    const clientError = error as GraphQLClientError;
    expect(clientError.errors.map((e) => e.extensions?.['code'])).toContain('UNAUTHENTICATED');
  });
});
