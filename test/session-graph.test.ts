import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codes, listPath, paths, roundTrips, sendsTotalCount, sessionsOfJobPath, startHarness, type Harness } from './helpers/harness.js';

interface Edge<T> {
  cursor: string;
  node: T;
}
interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number | null;
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

function longestSession() {
  return [...h.simulator.data.sessions].sort((a, b) => b.logItems.length - a.logItems.length)[0]!;
}

describe('JobSession.logItems', () => {
  it('walks every page with `after`: nothing skipped or repeated, in usn order, one call per page', async () => {
    const session = longestSession();
    expect(session.logItems.length).toBeGreaterThan(250);
    const usns: number[] = [];
    let after: string | null = null;
    let pages = 0;
    for (let guard = 0; guard < 20; guard++) {
      h.reset();
      const body = await h.query(
        `query($id: ID!, $after: String) { jobSession(id: $id) { logItems(first: 100, after: $after) {
          totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { usn } } } } }`,
        { variables: { id: session.id, after } },
      );
      expect(body.errors).toBeUndefined();
      const page = (body.data?.jobSession as { logItems: Connection<{ usn: number }> }).logItems;
      pages++;
      expect(page.totalCount).toBe(sendsTotalCount(h.version) ? session.logItems.length : null);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      usns.push(...page.edges.map((e) => e.node.usn));
      expect(paths(h.calls()).sort()).toEqual([
        `/jobsessions/${session.id}`,
        `/jobsessions/${session.id}/logitems?offset=${(pages - 1) * 100}&limit=100`,
      ].sort());
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(session.logItems.length / 100));
    expect(usns).toEqual(session.logItems.map((item) => item.usn));
    expect(new Set(usns).size).toBe(usns.length);
    expect(usns).toEqual([...usns].sort((a, b) => a - b));
  });

  it.each([
    ['first: 0', 'first: 0'],
    ['first: -1', 'first: -1'],
    ['first above the maximum', 'first: 1001'],
    ['a malformed cursor', 'after: "not-a-cursor"'],
    ['a forged cursor', `after: "${Buffer.from('o:-5').toString('base64url')}"`],
  ])('rejects %s with BAD_USER_INPUT and no upstream call', async (_name, args) => {
    const body = await h.query(`{ jobSessions(${args}) { edges { cursor } } }`);
    expect(body.data).toEqual({ jobSessions: null });
    expect(codes(body)).toEqual(['BAD_USER_INPUT']);
    expect(h.calls()).toHaveLength(0);
  });
});

describe('Query.jobSessions', () => {
  it('lists sessions newest first as a connection, and the next page continues exactly', async () => {
    const first = await h.query('{ jobSessions(first: 7) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }');
    const page1 = first.data?.jobSessions as Connection<{ id: string }>;
    const second = await h.query(`{ jobSessions(first: 7, after: "${page1.pageInfo.endCursor}") { edges { node { id } } } }`);
    const page2 = second.data?.jobSessions as Connection<{ id: string }>;
    const listed = await h.listedSessionIds();
    expect([...page1.edges, ...page2.edges].map((e) => e.node.id)).toEqual(listed.slice(0, 14));
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(page1.totalCount).toBe(sendsTotalCount(h.version) ? listed.length : null);
  });

  it('ends with hasNextPage false on the last page', async () => {
    const total = (await h.listedSessionIds()).length;
    const body = await h.query(`{ jobSessions(first: ${total}) { pageInfo { hasNextPage } edges { cursor } } }`);
    const page = body.data?.jobSessions as Connection<unknown>;
    expect(page.edges).toHaveLength(total);
    expect(page.pageInfo.hasNextPage).toBe(false);
  });

  it('primes each listed session: 20 sessions with their job cost 1 list call plus 1 per distinct job', async () => {
    const body = await h.query('{ jobSessions(first: 20) { edges { node { id status creationTime job { name lastStatus } } } } }');
    expect(body.errors).toBeUndefined();
    // Backup sessions only: a copy session (v6+) has no `Job`, so it costs nothing here.
    const ids = new Set((await h.listedSessionIds()).slice(0, 20));
    const listed = h.simulator.data.sessions.filter((s) => ids.has(s.id));
    const distinctJobs = new Set(listed.map((s) => s.jobId));
    expect(h.calls()).toHaveLength(1 + distinctJobs.size);
    expect(paths(h.calls()).filter((p) => p.startsWith('/jobs/')).sort()).toEqual([...distinctJobs].map((id) => `/jobs/${id}`).sort());
  });

  it('reaches a listed session again through a link at no extra cost', async () => {
    const body = await h.query('{ jobSessions(first: 3) { edges { node { id logItems(first: 2) { edges { node { jobSession { id status } } } } } } } }');
    expect(body.errors).toBeUndefined();
    expect(h.calls()).toHaveLength(1 + 3);
    expect(paths(h.calls()).filter((p) => /^\/jobsessions\/[^/?]+$/.test(p))).toEqual([]);
  });
});

describe('relations through _links', () => {
  it('JobSession.job -> Job.organization, and Job.sessions back', async () => {
    const session = h.simulator.data.sessions.find((s) => s.status === 'Failed')!;
    const job = h.simulator.data.jobs.find((j) => j.id === session.jobId)!;
    const organization = h.simulator.data.organizations.find((o) => o.id === job.organizationId)!;
    const body = await h.query(`{ jobSession(id: "${session.id}") { status job { id name backupType isEnabled schedulePolicy { type }
      organization { id name type region isExchangeOnline }
      sessions(first: 5) { edges { node { id } } } } } }`);
    expect(body.errors).toBeUndefined();
    const got = (body.data?.jobSession as { status: string; job: Record<string, unknown> & { organization: Record<string, unknown>; sessions: Connection<{ id: string }> } });
    expect(got.status).toBe('FAILED');
    expect(got.job.id).toBe(job.id);
    expect(got.job.name).toBe(job.name);
    expect(got.job.organization).toMatchObject({ id: organization.id, name: organization.name });
    const jobSessions = h.simulator.data.sessions.filter((s) => s.jobId === job.id).slice(0, 5).map((s) => s.id);
    expect(got.job.sessions.edges.map((e) => e.node.id)).toEqual(jobSessions);
    expect(paths(h.calls()).sort()).toEqual([
      `/jobsessions/${session.id}`,
      `/jobs/${job.id}`,
      `/organizations/${organization.id}`,
      sessionsOfJobPath(job.id, 0, 5, h.version),
    ].sort());
  });

  it('Query.job fetches the job and its sessions page at once: 2 calls, 1 round trip', async () => {
    const job = h.simulator.data.jobs[0]!;
    h.simulator.setLatency(25);
    const body = await h.query(`{ job(id: "${job.id}") { name sessions(first: 3) { edges { node { id job { id } } } } } }`);
    expect(body.errors).toBeUndefined();
    expect(paths(h.calls()).sort()).toEqual([`/jobs/${job.id}`, sessionsOfJobPath(job.id, 0, 3, h.version)].sort());
    expect(roundTrips(h.calls())).toBe(1);
  });

  it('Query.jobs reads the whole list (a plain array before v8, pages on v8)', async () => {
    const body = await h.query('{ jobs { id name lastStatus lastRun nextRun } }');
    expect(body.errors).toBeUndefined();
    expect((body.data?.jobs as unknown[]).length).toBe(h.simulator.data.jobs.length);
    expect(paths(h.calls())).toEqual([listPath('jobs', h.version)]);
  });

  it('Query.organization by id', async () => {
    const organization = h.simulator.data.organizations[0]!;
    const body = await h.query(`{ organization(id: "${organization.id.toUpperCase()}") { id name type isTeamsOnline } }`);
    expect(body.data?.organization).toMatchObject({ id: organization.id, name: organization.name });
    expect(paths(h.calls())).toEqual([`/organizations/${organization.id}`]);
  });
});
