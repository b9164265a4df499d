import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ version: 'v8' });
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const QUERY = `query ($since: DateTime!, $servers: [String!]) {
  summary(since: $since, servers: $servers) {
    since
    total { success warning failed running other }
    servers {
      server { name }
      sessions { success failed running }
      failedJobs { id name }
      repositoriesLowOnSpace { id }
      license { usedUsers totalUsers }
    }
  }
}`;

const since = () => new Date(h.simulator.startedAt - 24 * 3_600_000).toISOString();

describe('Query.summary over the one configured server', () => {
  it('answers the server named default at four upstream calls', async () => {
    const body = await h.query(QUERY, { variables: { since: since() } });
    expect(body.errors).toBeUndefined();
    const summary = (body.data as { summary: { since: string; total: unknown; servers: { server: { name: string }; sessions: unknown; license: unknown }[] } }).summary;
    expect(summary.since).toBe(since());
    expect(summary.servers.map((s) => s.server.name)).toEqual(['default']);
    expect(summary.servers[0]!.sessions).toMatchObject({ success: expect.any(Number) });
    expect(summary.total).toMatchObject(summary.servers[0]!.sessions as object);
    expect(h.calls().map((r) => r.path.toLowerCase().replace(/\?.*/, '')).sort()).toEqual(['/v8/backuprepositories', '/v8/jobs', '/v8/jobsessions', '/v8/license']);
  });

  it('a failed read: its field is null, an error at its path names the server, the rest answers', async () => {
    h.simulator.injectFault({ path: /\/license$/, status: 503 });
    const body = await h.query(QUERY, { variables: { since: since() } });
    const part = (body.data as { summary: { servers: Record<string, unknown>[] } }).summary.servers[0]!;
    expect(part.license).toBeNull();
    expect(part.sessions).not.toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({ path: ['summary', 'servers', 0, 'license'], extensions: { code: 'UPSTREAM_UNAVAILABLE', server: 'default' } }),
    ]);
  });

  it('a server the session does not hold is BAD_USER_INPUT before any upstream call', async () => {
    const body = await h.query(QUERY, { variables: { since: since(), servers: ['eu1'] } });
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(h.calls()).toHaveLength(0);
  });
});
