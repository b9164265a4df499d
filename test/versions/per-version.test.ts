import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ORGANIZATION_IDS, PRODUCT_VERSION, SEED, STACK_TRACE_MARKER } from '../../src/simulator/index.js';
import { API_VERSIONS, type ApiVersion } from '../../src/upstream/api-version.js';
import { codes, listPath, paths, startHarness, type Harness } from '../helpers/harness.js';

/** What each version adds, as the schema descriptions say ("v7+"). */
const since = (version: ApiVersion, first: ApiVersion) => API_VERSIONS.indexOf(version) >= API_VERSIONS.indexOf(first);

describe.each(API_VERSIONS)('API %s', (version) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ version });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('Query.server names the version; productVersion comes from ServiceInstance with the caller token (v6+)', async () => {
    const body = await h.query('{ server { apiVersion productVersion } }');
    expect(body.errors).toBeUndefined();
    expect(body.data?.server).toEqual({ apiVersion: version, productVersion: version === 'v5' ? null : PRODUCT_VERSION });
    expect(paths(h.calls())).toEqual(version === 'v5' ? [] : ['/serviceinstance']);
    for (const call of h.calls()) expect(call.authorization).toBe(`Bearer ${h.adminToken}`);
  });

  it('version-only session fields are null before their version and filled from it', async () => {
    const retry = h.simulator.data.sessions.find((s) => s.mainSessionId !== null)!;
    const body = await h.query(`{ jobSession(id: "${retry.id}") {
      id jobType configType willBeRetried repositoryId proxyId mainSession { id } } }`);
    expect(body.errors).toBeUndefined();
    const got = body.data?.jobSession as Record<string, unknown>;
    expect(got.jobType).toBe(since(version, 'v7') ? 'BACKUP' : null);
    expect(got.willBeRetried).toBe(since(version, 'v7') ? retry.jobWillBeRetried : null);
    expect(got.repositoryId).toBe(since(version, 'v7') ? retry.repositoryId : null);
    expect(got.mainSession).toEqual(since(version, 'v7') ? { id: retry.mainSessionId } : null);
    expect(got.configType).toEqual(since(version, 'v8') ? expect.stringMatching(/^(FULL|INCREMENTAL)$/) : null);
    expect(got.proxyId).toBe(since(version, 'v8') ? retry.proxyId : null);
    // The retry's main session is one more read, only where the version names it.
    expect(h.calls()).toHaveLength(since(version, 'v7') ? 2 : 1);
  });

  it('Job.lastBackup is v7+; Job.organizationId is filled on every version (from the link before v8)', async () => {
    const job = h.simulator.data.jobs[0]!;
    const body = await h.query(`{ job(id: "${job.id}") { lastBackup organizationId } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data?.job).toEqual({ lastBackup: since(version, 'v7') ? job.lastBackup : null, organizationId: job.organizationId });
  });

  it('Query.organizations and Organization.jobs read what the version has', async () => {
    const body = await h.query('{ organizations { id officeName isBackedUp firstBackupTime lastBackupTime isTeamsChatsOnline jobs { id } } }');
    expect(body.errors).toBeUndefined();
    const organizations = body.data?.organizations as { id: string; isTeamsChatsOnline: boolean | null; jobs: { id: string }[]; officeName: string | null }[];
    expect(organizations.map((o) => o.id).sort()).toEqual(h.simulator.data.organizations.map((o) => o.id).sort());
    for (const organization of organizations) {
      const expected = h.simulator.data.jobs.filter((j) => j.organizationId === organization.id).map((j) => j.id);
      expect(organization.jobs.map((j) => j.id).sort()).toEqual(expected.sort());
      expect(organization.officeName).toEqual(expect.any(String));
      expect(organization.isTeamsChatsOnline === null).toBe(!since(version, 'v6'));
    }
    const jobsOf = (id: string) => (version === 'v8' ? `/jobs?organizationid=${id}&offset=0&limit=1000` : `/organizations/${id}/jobs`);
    expect(paths(h.calls()).sort()).toEqual([listPath('organizations', version), ...organizations.map((o) => jobsOf(o.id))].sort());
  });

  it('log items have the same status, message and title on every version (v8 composes the title from type and message)', async () => {
    const session = h.simulator.data.sessions.find((s) => s.logItems.some((i) => i.title.startsWith('[Warning]')))!;
    const body = await h.query(`{ jobSession(id: "${session.id}") { logItems(first: 1000) { edges { node { usn title status message } } } } }`);
    expect(body.errors).toBeUndefined();
    const items = (body.data?.jobSession as { logItems: { edges: { node: { usn: number; title: string; status: string; message: string } }[] } }).logItems.edges.map((e) => e.node);
    expect(items.map((i) => i.usn)).toEqual(session.logItems.map((i) => i.usn));
    let prefixed = 0;
    for (const [i, item] of items.entries()) {
      const title = session.logItems[i]!.title;
      expect(item.message).toBe(title.replace(/^\[[^\]]*\]\s*/, ''));
      const word = /^\[(Success|Warning|Failed)\]/.exec(title)?.[1];
      // An item without a known prefix has no status before v8; a v8 server types every item.
      if (word === undefined) continue;
      prefixed++;
      expect(item.status).toBe({ Success: 'SUCCESS', Warning: 'WARNING', Failed: 'FAILED' }[word]);
      expect(item.title).toBe(title);
    }
    expect(prefixed).toBeGreaterThan(1);
  });

  const FILTERS: { name: string; args: string; since: ApiVersion | 'never'; query: (v: ApiVersion) => string }[] = [
    { name: 'jobType', args: 'jobType: COPY', since: 'v6', query: () => 'jobtype=copy' },
    { name: 'endedAfter', args: 'endedAfter: "2021-02-26T00:00:00Z"', since: 'v6', query: () => 'endtimelowerbound=2021-02-26t00%3a00%3a00z' },
    { name: 'jobId', args: `jobId: "${SEED.jobSessionId}"`, since: 'v7', query: () => `jobid=${SEED.jobSessionId}` },
    { name: 'endedBefore', args: 'endedBefore: "2031-02-26T00:00:00+03:00"', since: 'v7', query: () => 'endtimeupperbound=2031-02-26t00%3a00%3a00%2b03%3a00' },
    { name: 'status', args: 'status: SUCCESS', since: 'v8', query: () => 'status=succeeded' },
    { name: 'status QUEUED (no server can filter by it)', args: 'status: QUEUED', since: 'never', query: () => '' },
  ];
  it.each(FILTERS)('jobSessions($name): passed to the server where the version can apply it, else NOT_SUPPORTED_BY_SERVER with no call', async (filter) => {
    const body = await h.query(`{ jobSessions(first: 5, ${filter.args}) { edges { node { id } } } }`);
    if (filter.since !== 'never' && since(version, filter.since)) {
      expect(body.errors).toBeUndefined();
      expect(paths(h.calls())).toEqual([`/jobsessions?${filter.query(version)}&offset=0&limit=5`]);
    } else {
      expect(body.data).toEqual({ jobSessions: null });
      expect(codes(body)).toEqual(['NOT_SUPPORTED_BY_SERVER']);
      expect(h.calls()).toHaveLength(0);
    }
  });

  it('the server applies the status filter (v8): only failed sessions come back', async () => {
    if (version !== 'v8') return;
    const body = await h.query('{ jobSessions(first: 50, status: FAILED) { edges { node { status } } } }');
    const statuses = (body.data?.jobSessions as { edges: { node: { status: string } }[] }).edges.map((e) => e.node.status);
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(['FAILED']));
  });

  it('signOut revokes the token on v7+ (POST /token/logout) and says clearly that v5/v6 cannot', async () => {
    const token = h.simulator.issueToken('admin');
    const body = await h.query('mutation { signOut }', { token });
    if (since(version, 'v7')) {
      expect(body).toEqual({ data: { signOut: true } });
      expect(h.calls().map((c) => [c.method, paths([c])[0], c.authorization])).toEqual([['POST', '/token/logout', `Bearer ${token}`]]);
      const after = await h.query('{ jobs { id } }', { token });
      expect(codes(after)).toEqual(['UNAUTHENTICATED']);
    } else {
      expect(body.data).toBeNull();
      expect(codes(body)).toEqual(['NOT_SUPPORTED_BY_SERVER']);
      expect(body.errors?.[0]?.message).toMatch(/v7\+/);
      expect(h.calls()).toHaveLength(0);
    }
  });

  it('sign-in works on every version (v8 opts out of the antiforgery token a server-side client cannot keep)', async () => {
    const signIn = await h.query('mutation { createToken(username: "admin", password: "demo-password") { accessToken } }', { token: null });
    expect(signIn.errors).toBeUndefined();
    const token = (signIn.data?.createToken as { accessToken: string }).accessToken;
    const read = await h.query(`{ jobSession(id: "${SEED.jobSessionId}") { id } }`, { token });
    expect(read.errors).toBeUndefined();
    expect(paths(h.calls())).toEqual(['/token', `/jobsessions/${SEED.jobSessionId}`]);
  });

  it("the restricted user's reads stay within its organization on this version too", async () => {
    const body = await h.query(`{ organization(id: "${ORGANIZATION_IDS.contoso}") { id } }`, { token: h.operatorToken });
    expect(body.data).toEqual({ organization: null });
    expect(codes(body)).toEqual(['NOT_FOUND']);
  });
});

describe('error bodies of v7 and v8', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ version: 'v8', config: { retryAttempts: 1 } });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  const ITEM = /\/logitems\//;
  it.each([
    ['ResourceNotFound', 500, 'NOT_FOUND'],
    ['ResourceAccessDenied', 500, 'FORBIDDEN'],
    ['ParameterValidationFailure', 500, 'BAD_USER_INPUT'],
    ['Timeout', 500, 'UPSTREAM_TIMEOUT'],
    ['ProxyOffline', 500, 'UPSTREAM_UNAVAILABLE'],
    ['HttpError', 404, 'NOT_FOUND'],
    ['SomethingNew', 403, 'FORBIDDEN'],
  ])('errorCode %s (HTTP %i) -> %s, the rest by status', async (errorCode, status, expected) => {
    const body = JSON.stringify({ message: `failed at https://vbm01.invalid:4443 for ${h.adminToken}`, errorCode, stackTrace: `   ${STACK_TRACE_MARKER}.Controllers.Get()` });
    h.simulator.injectFault({ path: ITEM, status, body });
    const answer = await h.query(`{ jobSession(id: "${SEED.jobSessionId}") { id logItem(id: "${SEED.logItemId}") { id } } }`);
    expect(codes(answer)).toEqual([expected]);
    expect(answer.data).toEqual({ jobSession: { id: SEED.jobSessionId, logItem: null } });
    const text = JSON.stringify(answer);
    expect(text).not.toContain(STACK_TRACE_MARKER);
    expect(text).not.toContain(h.adminToken);
    expect(text).not.toContain('vbm01.invalid');
  });

  it("v8's own 404 body (with a stackTrace) never reaches the client", async () => {
    const answer = await h.query('{ jobSession(id: "00000000-0000-4000-8000-000000000000") { id } }');
    expect(codes(answer)).toEqual(['NOT_FOUND']);
    expect(JSON.stringify(answer)).not.toContain(STACK_TRACE_MARKER);
    expect(h.calls()[0]?.status).toBe(404);
  });
});
