import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ORGANIZATION_IDS,
  PRODUCT_VERSION,
  SEED,
  STACK_TRACE_MARKER,
  startSimulator,
  type ApiVersion,
  type ErrorBodyDto,
  type Simulator,
  type VersionedJobDto,
  type VersionedJobSessionDto,
  type VersionedLogItemDto,
  type VersionedOrganizationDto,
  type VersionedPageDto,
} from '../../src/simulator/index.js';
import type { TokenDto } from '../../src/upstream/types.js';
import { createClient } from './client.js';

let sim: Simulator;
let admin: string;
let operator: string;
let api: ReturnType<typeof createClient>;

beforeAll(async () => {
  sim = await startSimulator({ clock: 'manual' });
  admin = sim.issueToken('admin');
  operator = sim.issueToken('fabrikam-operator');
  api = createClient(sim);
});
afterAll(() => sim.close());

const NEWER: readonly ApiVersion[] = ['v6', 'v7', 'v8'];
type SessionPage = VersionedPageDto<VersionedJobSessionDto>;

const firstJob = () => sim.data.jobs[0]!;
const failedWithRetry = () => sim.data.sessions.find((s) => s.jobWillBeRetried)!;

describe('the simulator serves v5, v6, v7 and v8 at once', () => {
  it('lists its versions and base URLs; url stays the v5 base', () => {
    expect(sim.versions).toEqual(['v5', 'v6', 'v7', 'v8']);
    expect(sim.url).toBe(`${sim.origin}/v5`);
    expect(sim.baseUrl('v8')).toBe(`${sim.origin}/v8`);
  });

  it('a token granted through any version works on every version', async () => {
    const response = await fetch(`${sim.baseUrl('v6')}/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', username: 'admin', password: 'demo-password' }),
    });
    const token = ((await response.json()) as TokenDto).access_token;
    for (const version of sim.versions) expect((await api.get(`/${version}/Jobs`, token)).status, version).toBe(200);
  });

  it('v6+ write relative links with the same rel names; v5 absolute ones', async () => {
    const job = firstJob();
    for (const version of NEWER) {
      const session = await api.json<VersionedJobSessionDto>(`/${version}/JobSessions/${SEED.jobSessionId}`, admin);
      expect(session._links).toEqual({
        self: { href: `/${version}/jobsessions/${SEED.jobSessionId}` },
        log: { href: `/${version}/jobsessions/${SEED.jobSessionId}/logitems` },
        job: { href: `/${version}/jobs/${job.id}` },
      });
      const dto = await api.json<VersionedJobDto>(`/${version}/Jobs/${job.id}`, admin);
      expect(dto._links.jobsessions?.href).toBe(
        version === 'v6' ? `/v6/jobs/${job.id}/jobsessions` : `/${version}/jobsessions?jobId=${job.id}`,
      );
      expect(dto._links.organization?.href).toBe(`/${version}/organizations/${job.organizationId}`);
      const item = await api.json<VersionedLogItemDto>(
        `/${version}/JobSessions/${SEED.linkedJobSessionId}/LogItems/${SEED.servedLogItemId}`,
        admin,
      );
      expect(item._links.jobsessions?.href).toBe(`/${version}/jobsessions/${SEED.linkedJobSessionId}`);
    }
    const v5 = await api.json<VersionedJobSessionDto>(`/v5/JobSessions/${SEED.jobSessionId}`, admin);
    expect(v5._links.self?.href).toBe(`${sim.advertisedBase}/v5/jobsessions/${SEED.jobSessionId}`);
  });
});

describe('field sets per version', () => {
  const sessionKeys = async (version: ApiVersion) =>
    Object.keys(await api.json<object>(`/${version}/JobSessions/${SEED.jobSessionId}`, admin)).sort();

  it('JobSession: v6 adds details and retryCount, v7 the retry and type fields, v8 jobId, eTag and proxy', async () => {
    const v6 = ['_links', 'creationTime', 'details', 'endTime', 'id', 'progress', 'retryCount', 'statistics', 'status'];
    const v7 = [...v6, 'jobType', 'jobWillBeRetried', 'mainSessionId', 'repositoryId'];
    const v8 = [...v7, 'eTag', 'jobId', 'jobSessionConfigType', 'proxyId', 'proxyPoolId'];
    expect(await sessionKeys('v6')).toEqual(v6.sort());
    expect(await sessionKeys('v7')).toEqual(v7.sort());
    expect(await sessionKeys('v8')).toEqual(v8.sort());
    const v8Session = await api.json<VersionedJobSessionDto>(`/v8/JobSessions/${SEED.jobSessionId}`, admin);
    const record = sim.data.sessions.find((s) => s.id === SEED.jobSessionId)!;
    expect(v8Session).toMatchObject({ jobId: record.jobId, jobType: 'Backup', mainSessionId: null, eTag: 1 });
    expect(['Full', 'Incremental']).toContain(v8Session.jobSessionConfigType);
  });

  it('LogItem: v8 has type and message instead of title', async () => {
    const path = (v: ApiVersion) => `/${v}/JobSessions/${SEED.linkedJobSessionId}/LogItems/${SEED.servedLogItemId}`;
    for (const version of ['v5', 'v6', 'v7'] as const) {
      const item = await api.json<VersionedLogItemDto>(path(version), admin);
      expect(item.title).toBe('[Success] Job started at 2/26/2021 1:00:00 AM');
      expect(item).not.toHaveProperty('type');
    }
    const v8 = await api.json<VersionedLogItemDto>(path('v8'), admin);
    expect(Object.keys(v8)).toEqual(['id', 'usn', 'type', 'message', 'creationTime', 'endTime', '_links']);
    expect(v8).toMatchObject({ type: 'Success', message: 'Job started at 2/26/2021 1:00:00 AM' });
  });

  it('v8 maps [Failed] to Error and [Warning] to Warning, and filters and orders log items', async () => {
    const failed = sim.data.sessions.find((s) => s.logItems.some((i) => i.title.startsWith('[Failed] ')))!;
    const page = await api.json<VersionedPageDto<VersionedLogItemDto>>(
      `/v8/JobSessions/${failed.id}/LogItems?limit=1000`,
      admin,
    );
    failed.logItems.forEach((record, index) => {
      const item = page.results[index]!;
      expect(item.message).toBe(record.title.replace(/^\[\w+\] /, ''));
      if (record.title.startsWith('[Failed] ')) expect(item.type).toBe('Error');
      if (record.title.startsWith('[Warning] ')) expect(item.type).toBe('Warning');
    });
    const errors = await api.json<VersionedPageDto<VersionedLogItemDto>>(
      `/v8/JobSessions/${failed.id}/LogItems?type=Error`,
      admin,
    );
    expect(errors.results.length).toBeGreaterThan(0);
    expect(errors.results.every((i) => i.type === 'Error')).toBe(true);
    expect(errors._links?.self?.href).toBe(`/v8/jobsessions/${failed.id}/logitems?offset=0&limit=30&type=Error`);
    const descending = await api.json<VersionedPageDto<VersionedLogItemDto>>(
      `/v8/JobSessions/${failed.id}/LogItems?orderAsc=false&limit=1000`,
      admin,
    );
    expect(descending.results.map((i) => i.usn)).toEqual(failed.logItems.map((i) => i.usn).reverse());
    // v7 does not know the filter and ignores it.
    const v7 = await api.json<VersionedPageDto<VersionedLogItemDto>>(
      `/v7/JobSessions/${failed.id}/LogItems?type=Error&limit=1000`,
      admin,
    );
    expect(v7.results).toHaveLength(failed.logItems.length);
  });

  it('Job: v6 repositoryId and runNow, v7 lastBackup, v8 organizationId and eTag without runNow', async () => {
    const job = firstJob();
    const keys = async (v: ApiVersion) => Object.keys(await api.json<object>(`/${v}/Jobs/${job.id}`, admin));
    expect(await keys('v5')).not.toContain('repositoryId');
    expect(await keys('v6')).toEqual(expect.arrayContaining(['repositoryId', 'runNow', 'selectedItems', 'excludedItems']));
    expect(await keys('v6')).not.toContain('lastBackup');
    expect(await keys('v7')).toContain('lastBackup');
    const v8 = await api.json<VersionedJobDto>(`/v8/Jobs/${job.id}`, admin);
    expect(v8).toMatchObject({ organizationId: job.organizationId, eTag: 1, repositoryId: job.backupRepositoryId });
    expect(v8).not.toHaveProperty('runNow');
  });

  it('Organization: backup times on every version (server spelling), isTeamsChatsOnline from v6', async () => {
    for (const version of sim.versions) {
      const organization = await api.json<VersionedOrganizationDto>(
        `/${version}/Organizations/${ORGANIZATION_IDS.contoso}`,
        admin,
      );
      expect(organization).toMatchObject({ officeName: 'Contoso', isBackedup: true });
      // The first backup is the seed's documented session; the last one is dated by the simulator's start.
      expect(organization.firstBackuptime).toMatch(/^2021-/);
      expect(Date.parse(organization.lastBackuptime!)).toBeLessThanOrEqual(sim.startedAt);
      expect(Date.parse(organization.lastBackuptime!)).toBeGreaterThan(sim.startedAt - 14 * 86_400_000);
      expect('isTeamsChatsOnline' in organization, version).toBe(version !== 'v5');
    }
    const v8 = await api.json<VersionedOrganizationDto>(`/v8/Organizations/${ORGANIZATION_IDS.contoso}`, admin);
    expect(v8._links.jobs?.href).toBe(`/v8/jobs?organizationId=${ORGANIZATION_IDS.contoso}`);
  });
});

describe('pages per version', () => {
  it('v6 and v7 pages carry setId and totalCount; v8 pages setId only', async () => {
    for (const version of NEWER) {
      const page = await api.json<SessionPage>(`/${version}/JobSessions?limit=5`, admin);
      expect(page.setId, version).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect('totalCount' in page, version).toBe(version !== 'v8');
      expect(page._links?.next?.href).toBe(`/${version}/jobsessions?offset=5&limit=5`);
      const log = await api.json<SessionPage>(`/${version}/JobSessions/${SEED.jobSessionId}/LogItems`, admin);
      expect('totalCount' in log, version).toBe(version !== 'v8');
    }
    const v5 = await api.json<SessionPage>('/v5/JobSessions?limit=5', admin);
    expect(v5).not.toHaveProperty('setId');
  });

  it('Jobs and Organizations are plain arrays up to v7 and pages on v8', async () => {
    for (const version of ['v5', 'v6', 'v7'] as const) {
      expect(Array.isArray(await api.json<unknown>(`/${version}/Jobs`, admin))).toBe(true);
      expect(Array.isArray(await api.json<unknown>(`/${version}/Organizations`, admin))).toBe(true);
    }
    const jobs = await api.json<VersionedPageDto<VersionedJobDto>>('/v8/Jobs?limit=2&offset=1', admin);
    expect(jobs).toMatchObject({ offset: 1, limit: 2 });
    expect(jobs).not.toHaveProperty('totalCount');
    expect(jobs.results.map((j) => j.id)).toEqual(sim.data.jobs.slice(1, 3).map((j) => j.id));
    const organizations = await api.json<VersionedPageDto<VersionedOrganizationDto>>('/v8/Organizations', admin);
    expect(organizations.results.map((o) => o.id)).toEqual(Object.values(ORGANIZATION_IDS));
    const fabrikam = await api.json<VersionedPageDto<VersionedJobDto>>(
      `/v8/Jobs?organizationId=${ORGANIZATION_IDS.fabrikam}`,
      admin,
    );
    expect(fabrikam.results.map((j) => j.id)).toEqual(
      sim.data.jobs.filter((j) => j.organizationId === ORGANIZATION_IDS.fabrikam).map((j) => j.id),
    );
    expect(fabrikam._links?.self?.href).toBe(`/v8/jobs?offset=0&limit=30&organizationId=${ORGANIZATION_IDS.fabrikam}`);
    const operatorJobs = await api.json<VersionedPageDto<VersionedJobDto>>('/v8/Jobs', operator);
    expect(operatorJobs.results.every((j) => j.organizationId === ORGANIZATION_IDS.fabrikam)).toBe(true);
  });
});

describe('routes per version', () => {
  it.each([
    ['GET', `/v7/Jobs/{job}/JobSessions`],
    ['GET', `/v8/Jobs/{job}/JobSessions`],
    ['GET', `/v8/Organizations/${ORGANIZATION_IDS.contoso}/Jobs`],
    ['GET', '/v8/JobSessions/Changes'],
    ['GET', '/v6/JobSessions/Changes'],
    ['GET', '/v5/ServiceInstance'],
    ['POST', '/v6/Jobs/{job}/action'],
    ['POST', '/v5/Jobs/{job}/start'],
    ['POST', '/v6/token/logout'],
    ['POST', '/v5/token/logout'],
  ])('%s %s is not a route of that version: 404', async (method, template) => {
    const path = template.replace('{job}', firstJob().id);
    const response = await api.get(path, admin, { method, ...(method === 'POST' ? { body: '{}' } : {}) });
    expect(response.status).toBe(404);
  });

  it('the replacements answer: /JobSessions?jobId= on v7+, /Organizations/{id}/Jobs up to v7', async () => {
    const job = firstJob();
    const expected = sim.data.sessions.filter((s) => s.jobId === job.id).map((s) => s.id);
    const v6 = await api.json<SessionPage>(`/v6/Jobs/${job.id}/JobSessions?limit=1000`, admin);
    expect(v6.results.map((s) => s.id)).toEqual(expected);
    for (const version of ['v7', 'v8'] as const) {
      const page = await api.json<SessionPage>(`/${version}/JobSessions?jobId=${job.id}&limit=1000`, admin);
      expect(page.results.map((s) => s.id)).toEqual(expected);
    }
    expect((await api.get(`/v7/Organizations/${ORGANIZATION_IDS.contoso}/Jobs`, admin)).status).toBe(200);
  });
});

describe('copy and retry sessions', () => {
  it('v6+ list backup-copy sessions, v5 does not know them; jobType filters', async () => {
    const copy = sim.data.copySessions[0]!;
    const v5 = await api.json<SessionPage>('/v5/JobSessions?limit=10000', admin);
    expect(v5.results.some((s) => s.id === copy.id)).toBe(false);
    expect((await api.get(`/v5/JobSessions/${copy.id}`, admin)).status).toBe(404);
    const v6 = await api.json<SessionPage>('/v6/JobSessions?limit=10000', admin);
    expect(v6.results).toHaveLength(sim.data.sessions.length + sim.data.copySessions.length);
    const copies = await api.json<SessionPage>('/v6/JobSessions?jobType=copy&limit=10000', admin);
    expect(copies.results.map((s) => s.id)).toEqual(sim.data.copySessions.map((s) => s.id));
    expect(copies._links?.self?.href).toBe('/v6/jobsessions?offset=0&limit=10000&jobType=Copy');
    const v7 = await api.json<VersionedJobSessionDto>(`/v7/JobSessions/${copy.id}`, admin);
    expect(v7.jobType).toBe('Copy');
    expect(v7._links.job?.href).toBe(`/v7/copyjobs/${copy.jobId}`);
    expect((await api.get(v7._links.job?.href ?? '', admin)).status).toBe(200);
    expect((await api.get('/v6/JobSessions?jobType=Nope', admin)).status).toBe(400);
  });

  it('v7 retry sessions name their main session, which is marked as retried', async () => {
    const main = failedWithRetry();
    const retries = sim.data.sessions.filter((s) => s.mainSessionId === main.id);
    expect(main.status).toBe('Failed');
    expect(retries.length).toBeGreaterThan(0);
    const retry = await api.json<VersionedJobSessionDto>(`/v7/JobSessions/${retries[0]!.id}`, admin);
    expect(retry.mainSessionId).toBe(main.id);
    expect(retry.retryCount).toBeGreaterThanOrEqual(0);
    expect((await api.json<VersionedJobSessionDto>(`/v7/JobSessions/${main.id}`, admin)).jobWillBeRetried).toBe(true);
    expect((await api.get(`/v7/JobSessions/${main.id}`, admin)).status).toBe(200);
  });
});

describe('/JobSessions filters per version', () => {
  const ids = async (path: string) => (await api.json<SessionPage>(path, admin)).results.map((s) => s.id);
  const all = () => [...sim.data.sessions, ...sim.data.copySessions];
  // A week before the simulator's start, in the server's spelling: the data spans the two weeks before it.
  let bound = '';
  beforeAll(() => {
    bound = new Date(sim.startedAt - 7 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
  });

  it('v6 endTimeLowerBound keeps sessions that ended at or after it; v5 ignores it', async () => {
    const expected = new Set(all().filter((s) => s.endTime && Date.parse(s.endTime) >= Date.parse(bound)).map((s) => s.id));
    const got = await ids(`/v6/JobSessions?endTimeLowerBound=${encodeURIComponent(bound)}&limit=10000`);
    expect(new Set(got)).toEqual(expected);
    expect(await ids(`/v5/JobSessions?endTimeLowerBound=${encodeURIComponent(bound)}&limit=10000`)).toHaveLength(
      sim.data.sessions.length,
    );
    expect((await api.get('/v6/JobSessions?endTimeLowerBound=yesterday', admin)).status).toBe(400);
  });

  it('v7 adds jobId and endTimeUpperBound; v6 ignores them', async () => {
    const job = firstJob();
    expect(await ids(`/v6/JobSessions?jobId=${job.id}&limit=10000`)).toHaveLength(all().length);
    const upper = await ids(`/v7/JobSessions?endTimeUpperBound=${encodeURIComponent(bound)}&limit=10000`);
    expect(new Set(upper)).toEqual(
      new Set(all().filter((s) => s.endTime && Date.parse(s.endTime) <= Date.parse(bound)).map((s) => s.id)),
    );
    expect((await api.get('/v7/JobSessions?jobId=not-a-guid', admin)).status).toBe(400);
  });

  it('v8 status filter: Succeeded means Success; v7 ignores status', async () => {
    const succeeded = await ids('/v8/JobSessions?status=Succeeded&limit=10000');
    expect(succeeded).toEqual(all().filter((s) => s.status === 'Success').map((s) => s.id).sort(byOrderIn(succeeded)));
    expect(succeeded.length).toBeGreaterThan(0);
    expect(await ids('/v8/JobSessions?status=failed&limit=10000')).toHaveLength(
      all().filter((s) => s.status === 'Failed').length,
    );
    expect((await api.get('/v8/JobSessions?status=Success', admin)).status).toBe(400);
    expect(await ids('/v7/JobSessions?status=Succeeded&limit=10000')).toHaveLength(all().length);
  });
});

function byOrderIn(order: readonly string[]) {
  return (a: string, b: string) => order.indexOf(a) - order.indexOf(b);
}

describe('ServiceInstance', () => {
  it('v6+ answer 401 anonymously and the installation with a token; v5 has no such route', async () => {
    for (const version of NEWER) {
      expect((await api.get(`/${version}/ServiceInstance`, null)).status).toBe(401);
      const instance = await api.json<{ installationId: string; version: string }>(`/${version}/ServiceInstance`, admin);
      expect(instance).toEqual({ installationId: expect.stringMatching(/^[0-9a-f-]{36}$/), version: PRODUCT_VERSION });
    }
    expect(PRODUCT_VERSION).toBe('8.3.0.2201');
    expect((await api.get('/v5/ServiceInstance', null)).status).toBe(404);
  });
});

describe('error bodies per version', () => {
  const unknown = '00000000-0000-4000-8000-000000000000';

  it('v5/v6 {message}, v7 adds errorCode, v8 also stackTrace', async () => {
    const bodies = new Map<ApiVersion, ErrorBodyDto>();
    for (const version of sim.versions) {
      const response = await api.get(`/${version}/JobSessions/${unknown}`, admin);
      expect(response.status).toBe(404);
      bodies.set(version, (await response.json()) as ErrorBodyDto);
    }
    expect(Object.keys(bodies.get('v5')!)).toEqual(['message']);
    expect(Object.keys(bodies.get('v6')!)).toEqual(['message']);
    expect(bodies.get('v7')).toEqual({ message: expect.stringContaining(unknown), errorCode: 'ResourceNotFound' });
    const v8 = bodies.get('v8')!;
    expect(v8).toMatchObject({ errorCode: 'ResourceNotFound' });
    expect(v8.stackTrace).toContain(STACK_TRACE_MARKER);
    expect(v8.stackTrace?.split('\r\n').length).toBeGreaterThan(2);
  });

  it('bad parameters are ParameterValidationFailure, a missing token has errorCode on v7+', async () => {
    const bad = (await (await api.get('/v8/JobSessions?limit=0', admin)).json()) as ErrorBodyDto;
    expect(bad.errorCode).toBe('ParameterValidationFailure');
    const anonymous = await api.get('/v7/Jobs', null);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as ErrorBodyDto).errorCode).toEqual(expect.any(String));
    expect(await (await api.get('/v6/Jobs', null)).text()).toBe(
      '{"message":"Authorization has been denied for this request."}',
    );
  });
});

describe('sign-in per version', () => {
  const form = { grant_type: 'password', username: 'admin', password: 'demo-password' };
  const signIn = (version: ApiVersion, body: Record<string, string>) =>
    fetch(`${sim.baseUrl(version)}/token`, { method: 'POST', body: new URLSearchParams(body) });

  it('v6+ also accept JSON; v5 only form-encoded', async () => {
    const json = (version: ApiVersion) =>
      fetch(`${sim.baseUrl(version)}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...form, disable_antiforgery_token: true }),
      });
    for (const version of NEWER) expect((await json(version)).status, version).toBe(200);
    expect((await json('v5')).status).toBe(400);
  });

  it('v8 without disable_antiforgery_token issues a token that needs the x-xsrf-token header', async () => {
    const response = await signIn('v8', form);
    expect(response.status).toBe(200);
    const token = ((await response.json()) as TokenDto).access_token;
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('XSRF-TOKEN='));
    const xsrf = /^XSRF-TOKEN=([^;]+)/.exec(cookie ?? '')?.[1];
    expect(xsrf).toMatch(/^[\w-]{20,}$/);

    const denied = await api.get('/v8/Jobs', token);
    expect(denied.status).toBe(401);
    const body = (await denied.json()) as ErrorBodyDto;
    expect(body.message).toMatch(/antiforgery/);
    expect(body.errorCode).toEqual(expect.any(String));
    expect((await api.get('/v5/Jobs', token)).status).toBe(401);
    expect((await api.get('/v8/Jobs', token, { headers: { 'x-xsrf-token': 'wrong' } })).status).toBe(401);
    expect((await api.get('/v8/Jobs', token, { headers: { 'x-xsrf-token': xsrf ?? '' } })).status).toBe(200);
  });

  it('v8 with disable_antiforgery_token=true (password and refresh) issues plain bearer tokens', async () => {
    const response = await signIn('v8', { ...form, disable_antiforgery_token: 'true' });
    expect(response.headers.getSetCookie()).toEqual([]);
    const token = (await response.json()) as TokenDto;
    expect((await api.get('/v8/Jobs', token.access_token)).status).toBe(200);
    const refreshed = await signIn('v8', {
      grant_type: 'refresh_token',
      refresh_token: token.refresh_token,
      disable_antiforgery_token: 'true',
    });
    expect((await api.get('/v8/Jobs', ((await refreshed.json()) as TokenDto).access_token)).status).toBe(200);
    // A refresh without the flag is bound to an antiforgery token again.
    const again = await signIn('v8', { ...form, disable_antiforgery_token: 'true' });
    const bound = await signIn('v8', {
      grant_type: 'refresh_token',
      refresh_token: ((await again.json()) as TokenDto).refresh_token,
    });
    expect((await api.get('/v8/Jobs', ((await bound.json()) as TokenDto).access_token)).status).toBe(401);
  });

  it('v7+ POST /token/logout revokes the bearer on every version', async () => {
    for (const version of ['v7', 'v8'] as const) {
      const token = sim.issueToken('fabrikam-operator');
      expect((await api.get('/v5/Jobs', token)).status).toBe(200);
      expect((await api.post(`/${version}/token/logout`, token)).status).toBe(204);
      expect((await api.get('/v5/Jobs', token)).status).toBe(401);
      expect((await api.get(`/${version}/Jobs`, token)).status).toBe(401);
      expect((await api.post(`/${version}/token/logout`, token)).status).toBe(401);
    }
  });
});

describe('versions option (SIM_API_VERSIONS)', () => {
  it('serves only the versions given: others answer 404, url is the v5 base', async () => {
    const old = await startSimulator({ versions: ['v6', 'v5'] });
    try {
      const token = old.issueToken('admin');
      const client = createClient(old);
      expect(old.versions).toEqual(['v5', 'v6']);
      expect(old.url).toBe(`${old.origin}/v5`);
      expect((await client.get('/v6/Jobs', token)).status).toBe(200);
      expect((await client.get('/v7/Jobs', token)).status).toBe(404);
      expect((await client.get('/v8/ServiceInstance', null)).status).toBe(404);
      expect((await client.get('/v6/ServiceInstance', null)).status).toBe(401);
    } finally {
      await old.close();
    }
  });

  it('without v5, url is the newest served base', async () => {
    const modern = await startSimulator({ versions: ['v7', 'v8'] });
    try {
      expect(modern.url).toBe(`${modern.origin}/v8`);
      expect((await createClient(modern).get('/v5/Jobs', modern.issueToken('admin'))).status).toBe(404);
    } finally {
      await modern.close();
    }
    await expect(startSimulator({ versions: [] })).rejects.toThrow(RangeError);
  });
});
