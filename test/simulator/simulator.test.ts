import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type {
  ErrorDto,
  JobDto,
  JobSessionDto,
  LogItemDto,
  OrganizationDto,
  PageDto,
  TokenDto,
} from '../../src/upstream/types.js';
import { DEMO_USERS, ORGANIZATION_IDS, SEED, startSimulator, type Simulator } from '../../src/simulator/index.js';

let sim: Simulator;
let adminToken: string;
let operatorToken: string;

beforeAll(async () => {
  sim = await startSimulator({ host: '127.0.0.1', port: 0 });
  adminToken = sim.issueToken('admin');
  operatorToken = sim.issueToken('fabrikam-operator');
});
afterAll(() => sim.close());
afterEach(() => {
  sim.clearFaults();
  sim.setLatency(0);
});

const SEED_PATH = `/v5/JobSessions/${SEED.jobSessionId}/LogItems/${SEED.logItemId}`;

function get(path: string, token: string | null = adminToken, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token !== null) headers.set('authorization', `Bearer ${token}`);
  return fetch(`${sim.origin}${path}`, { ...init, headers });
}

async function getJson<T>(path: string, token: string | null = adminToken): Promise<T> {
  const response = await get(path, token);
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

function postToken(form: Record<string, string>): Promise<Response> {
  return fetch(`${sim.url}/token`, { method: 'POST', body: new URLSearchParams(form) });
}

/** An href of the advertised server, as a path on the simulator's real origin. */
function localPath(href: string | undefined): string {
  expect(href?.startsWith(`${sim.advertisedBase}/v5/`), href).toBe(true);
  return (href ?? '').slice(sim.advertisedBase.length);
}

async function walkPages<T>(firstPath: string, token = adminToken): Promise<PageDto<T>[]> {
  const pages: PageDto<T>[] = [];
  let path: string | undefined = firstPath;
  while (path !== undefined) {
    const page: PageDto<T> = await getJson<PageDto<T>>(path, token);
    pages.push(page);
    path = page._links?.next ? localPath(page._links.next.href) : undefined;
  }
  return pages;
}

const bigSession = () => {
  const session = sim.data.sessions.find((s) => s.logItems.length > 250);
  if (!session) throw new Error('the dataset has no session with more than 250 log items');
  return session;
};

describe('POST /v5/token', () => {
  it('grants bearer tokens for a demo user with the password grant', async () => {
    const response = await postToken({ grant_type: 'password', username: 'admin', password: 'demo-password' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const token = (await response.json()) as TokenDto;
    expect(token).toMatchObject({ token_type: 'bearer', expires_in: 3600, userName: 'admin' });
    expect(token.access_token).toMatch(/^[\w-]{20,}$/);
    expect(token.refresh_token).not.toBe(token.access_token);
    const rfc1123 = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
    expect(token['.issued']).toMatch(rfc1123);
    expect(token['.expires']).toMatch(rfc1123);
    expect(Date.parse(token['.expires'] ?? '') - Date.parse(token['.issued'] ?? '')).toBe(3600_000);
    expect((await get('/v5/Jobs', token.access_token)).status).toBe(200);
  });

  it('rotates refresh tokens: each one is good for a single refresh', async () => {
    const first = (await (
      await postToken({ grant_type: 'password', username: 'fabrikam-operator', password: 'demo-password-2' })
    ).json()) as TokenDto;
    const refreshed = await postToken({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(refreshed.status).toBe(200);
    const second = (await refreshed.json()) as TokenDto;
    expect(second.userName).toBe('fabrikam-operator');
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await get('/v5/Jobs', second.access_token)).status).toBe(200);

    const reused = await postToken({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('answers bad credentials with 400 invalid_grant', async () => {
    const response = await postToken({ grant_type: 'password', username: 'admin', password: 'wrong' });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe(
      '{"error":"invalid_grant","error_description":"The user name or password is incorrect."}',
    );
    const unknownUser = await postToken({ grant_type: 'password', username: 'nobody', password: 'demo-password' });
    expect(unknownUser.status).toBe(400);
  });

  it('rejects an unsupported grant type and other methods', async () => {
    const response = await postToken({ grant_type: 'client_credentials' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await get('/v5/token', null)).status).toBe(405);
  });

  it('demo users are admin (all organizations) and fabrikam-operator (fabrikam only)', () => {
    expect(DEMO_USERS).toEqual([
      { userName: 'admin', password: 'demo-password', organizations: 'all' },
      { userName: 'fabrikam-operator', password: 'demo-password-2', organizations: [ORGANIZATION_IDS.fabrikam] },
    ]);
    expect(() => sim.issueToken('nobody')).toThrow(/unknown/i);
  });
});

describe('authorization', () => {
  const denied = '{"message":"Authorization has been denied for this request."}';

  it.each([
    ['no Authorization header', undefined],
    ['an unknown bearer token', 'Bearer not-a-token'],
    ['a non-bearer scheme', 'Basic YWRtaW46ZGVtby1wYXNzd29yZA=='],
  ])('answers 401 for %s', async (_, authorization) => {
    const response = await fetch(`${sim.origin}${SEED_PATH}`, authorization ? { headers: { authorization } } : {});
    expect(response.status).toBe(401);
    expect(await response.text()).toBe(denied);
  });

  it('answers 401 once the access token expired', async () => {
    // The clock is moved, not waited for: only Date is faked, timers and sockets stay real.
    vi.useFakeTimers({ toFake: ['Date'] });
    const shortLived = await startSimulator({ tokenLifetimeSeconds: 60 });
    try {
      const token = shortLived.issueToken('admin');
      const call = () => fetch(`${shortLived.url}/jobs`, { headers: { authorization: `Bearer ${token}` } });
      vi.setSystemTime(Date.now() + 59_000);
      expect((await call()).status).toBe(200);
      vi.setSystemTime(Date.now() + 1_000);
      expect((await call()).status).toBe(401);
    } finally {
      vi.useRealTimers();
      await shortLived.close();
    }
  });

  it('tokens of one simulator are unknown to another', async () => {
    const other = await startSimulator();
    try {
      const response = await fetch(`${other.url}/jobs`, { headers: { authorization: `Bearer ${adminToken}` } });
      expect(response.status).toBe(401);
    } finally {
      await other.close();
    }
  });
});

describe('GET /v5/JobSessions/{id}/LogItems/{logItemId} (the seed)', () => {
  const expected = () => ({
    id: SEED.servedLogItemId,
    usn: 1,
    title: '[Success] Job started at 2/26/2021 1:00:00 AM',
    creationTime: '2021-02-26T01:00:00.1732347+03:00',
    endTime: '2021-02-26T01:00:00.1732347+03:00',
    _links: {
      self: {
        href: `${sim.advertisedBase}/v5/jobsessions/${SEED.linkedJobSessionId}/logitems/${SEED.servedLogItemId}`,
      },
      jobsessions: { href: `${sim.advertisedBase}/v5/jobsessions/${SEED.linkedJobSessionId}` },
    },
  });

  it('serves the documented body byte for byte, with its headers', async () => {
    const response = await get(SEED_PATH);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const text = await response.text();
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    expect(text).toBe(JSON.stringify(expected()));
    expect(Object.keys(JSON.parse(text) as object)).toEqual([
      'id',
      'usn',
      'title',
      'creationTime',
      'endTime',
      '_links',
    ]);
  });

  it('serves the same item under the session its links name', async () => {
    const text = await (
      await get(`/v5/jobsessions/${SEED.linkedJobSessionId}/logitems/${SEED.servedLogItemId}`)
    ).text();
    expect(text).toBe(JSON.stringify(expected()));
  });

  it('both seed sessions exist with distinct statuses', async () => {
    const requested = await getJson<JobSessionDto>(`/v5/JobSessions/${SEED.jobSessionId}`);
    const linked = await getJson<JobSessionDto>(`/v5/JobSessions/${SEED.linkedJobSessionId}`);
    expect(requested.status).toBe('Success');
    expect(linked.status).toBe('Warning');
    expect(linked.creationTime).toBe('2021-02-26T01:00:00.1732347+03:00');
  });

  it('writes links with the configured advertised base', async () => {
    const other = await startSimulator({ advertisedBase: 'https://vbm-other.invalid:4443/' });
    try {
      const response = await fetch(`${other.origin}${SEED_PATH}`, {
        headers: { authorization: `Bearer ${other.issueToken('admin')}` },
      });
      const item = (await response.json()) as LogItemDto;
      expect(other.advertisedBase).toBe('https://vbm-other.invalid:4443');
      expect(item._links.jobsessions?.href).toBe(
        `https://vbm-other.invalid:4443/v5/jobsessions/${SEED.linkedJobSessionId}`,
      );
    } finally {
      await other.close();
    }
  });
});

describe('routing', () => {
  it('matches paths and GUIDs case-insensitively', async () => {
    const reference = await (await get(SEED_PATH)).text();
    for (const path of [
      SEED_PATH.toLowerCase(),
      SEED_PATH.toUpperCase(),
      `/v5/jobsessions/${SEED.jobSessionId.toUpperCase()}/logitems/${SEED.logItemId}`,
    ]) {
      expect(await (await get(path)).text(), path).toBe(reference);
    }
    expect(await (await get('/V5/JOBS')).text()).toBe(await (await get('/v5/jobs')).text());
  });

  it('answers a malformed id with 400 and an unknown one with 404', async () => {
    const malformed = await get('/v5/JobSessions/not-a-guid');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as ErrorDto).message).toEqual(expect.any(String));
    const unknown = await get('/v5/JobSessions/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorDto).message).toContain('00000000-0000-4000-8000-000000000000');
    expect(
      (await get(`/v5/JobSessions/${SEED.jobSessionId}/LogItems/00000000-0000-4000-8000-000000000000`)).status,
    ).toBe(404);
  });

  it('answers unknown routes with 404 and other methods with 405', async () => {
    expect((await get('/v5/Nothing')).status).toBe(404);
    expect((await get('/v4/Jobs')).status).toBe(404);
    expect((await get('/v5/nosuchresources')).status).toBe(404);
    expect((await get('/v5/backuprepositories/not-a-guid')).status).toBe(400);
    const post = await get('/v5/Jobs', adminToken, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    expect((await get(`/v5/JobSessions/${SEED.jobSessionId}`, adminToken, { method: 'DELETE' })).status).toBe(405);
  });
});

describe('resources', () => {
  it('GET /v5/Jobs is a plain array of jobs with their links', async () => {
    const jobs = await getJson<JobDto[]>('/v5/Jobs');
    expect(Array.isArray(jobs)).toBe(true);
    expect(jobs.map((j) => j.id)).toEqual(sim.data.jobs.map((j) => j.id));
    for (const job of jobs) {
      const record = sim.data.jobs.find((j) => j.id === job.id);
      expect(job._links.self?.href).toBe(`${sim.advertisedBase}/v5/jobs/${job.id}`);
      expect(job._links.organization?.href).toBe(`${sim.advertisedBase}/v5/organizations/${record?.organizationId}`);
      expect(job._links.backupRepository?.href).toMatch(/\/v5\/backuprepositories\/[0-9a-f-]{36}$/);
      expect(await getJson<JobDto>(localPath(job._links.self?.href))).toEqual(job);
    }
  });

  it("a job's sessions are its own, newest first, linked back to it; a session has no jobId", async () => {
    const job = sim.data.jobs[0];
    if (!job) throw new Error('no jobs');
    const [page] = await walkPages<JobSessionDto>(`/v5/Jobs/${job.id}/JobSessions?limit=10000`);
    const expected = sim.data.sessions.filter((s) => s.jobId === job.id).map((s) => s.id);
    expect(page?.results.map((s) => s.id)).toEqual(expected);
    for (const session of page?.results ?? []) {
      expect(session._links.job?.href).toBe(`${sim.advertisedBase}/v5/jobs/${job.id}`);
      expect(session._links.log?.href).toBe(`${sim.advertisedBase}/v5/jobsessions/${session.id}/logitems`);
      expect(session).not.toHaveProperty('jobId');
    }
  });

  it('organizations answer by id and as a plain list', async () => {
    const organization = await getJson<OrganizationDto>(`/v5/Organizations/${ORGANIZATION_IDS.northwind}`);
    expect(organization).toMatchObject({ name: 'northwind.local', type: 'Hybrid' });
    expect(organization._links.jobs?.href).toBe(
      `${sim.advertisedBase}/v5/organizations/${ORGANIZATION_IDS.northwind}/jobs`,
    );
    const jobs = await getJson<JobDto[]>(localPath(organization._links.jobs?.href));
    expect(jobs.length).toBeGreaterThan(0);
    expect((await getJson<OrganizationDto[]>('/v5/Organizations')).map((o) => o.name)).toEqual([
      'contoso.onmicrosoft.com',
      'fabrikam.onmicrosoft.com',
      'northwind.local',
    ]);
  });
});

describe('pages', () => {
  it('walks a session log by next links without skips or repeats, usn ascending', async () => {
    const session = bigSession();
    const pages = await walkPages<LogItemDto>(`/v5/JobSessions/${session.id}/LogItems?offset=0&limit=100`);
    expect(pages).toHaveLength(Math.ceil(session.logItems.length / 100));
    const usns = pages.flatMap((page) => page.results.map((item) => item.usn));
    expect(usns).toEqual(session.logItems.map((_, index) => index + 1));

    const base = `${sim.advertisedBase}/v5/jobsessions/${session.id}/logitems`;
    pages.forEach((page, index) => {
      expect(page).toMatchObject({ offset: index * 100, limit: 100, totalCount: session.logItems.length });
      expect(page._links?.self?.href).toBe(`${base}?offset=${index * 100}&limit=100`);
      expect(page._links?.first?.href).toBe(`${base}?offset=0&limit=100`);
      expect(page._links?.prev?.href).toBe(index === 0 ? undefined : `${base}?offset=${(index - 1) * 100}&limit=100`);
      expect(Boolean(page._links?.next)).toBe(index < pages.length - 1);
    });
  });

  it('lists every session newest first with the default page size', async () => {
    const pages = await walkPages<JobSessionDto>('/v5/JobSessions');
    expect(pages[0]).toMatchObject({ offset: 0, limit: 30 });
    expect(pages.flatMap((page) => page.results.map((s) => s.id))).toEqual(sim.data.sessions.map((s) => s.id));
  });

  it('accepts limit 10000 and rejects limits and offsets out of range with 400', async () => {
    expect((await get('/v5/JobSessions?limit=10000')).status).toBe(200);
    for (const query of ['limit=10001', 'limit=0', 'limit=abc', 'offset=-1', 'offset=1.5', 'limit=']) {
      const response = await get(`/v5/JobSessions?${query}`);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as ErrorDto).message, query).toEqual(expect.any(String));
    }
  });

  it('answers an offset past the end with an empty page', async () => {
    const page = await getJson<PageDto<JobSessionDto>>('/v5/JobSessions?offset=100000&limit=10');
    expect(page.results).toEqual([]);
    expect(page._links?.next).toBeUndefined();
  });
});

describe('visibility (fabrikam-operator)', () => {
  const contosoSession = () => sim.data.sessions.find((s) => s.organizationId === ORGANIZATION_IDS.contoso);
  const contosoJob = () => sim.data.jobs.find((j) => j.organizationId === ORGANIZATION_IDS.contoso);

  it("gets 404 for another organization's session, log item, job and organization", async () => {
    for (const path of [
      `/v5/JobSessions/${SEED.jobSessionId}`,
      SEED_PATH,
      `/v5/JobSessions/${contosoSession()?.id}/LogItems`,
      `/v5/Jobs/${contosoJob()?.id}`,
      `/v5/Jobs/${contosoJob()?.id}/JobSessions`,
      `/v5/Organizations/${ORGANIZATION_IDS.contoso}`,
    ]) {
      expect((await get(path, operatorToken)).status, path).toBe(404);
    }
  });

  it('sees only fabrikam in every list', async () => {
    const fabrikamSessions = sim.data.sessions.filter((s) => s.organizationId === ORGANIZATION_IDS.fabrikam);
    const [page] = await walkPages<JobSessionDto>('/v5/JobSessions?limit=10000', operatorToken);
    expect(page?.results.map((s) => s.id)).toEqual(fabrikamSessions.map((s) => s.id));
    expect(page?.totalCount).toBe(fabrikamSessions.length);

    const jobs = await getJson<JobDto[]>('/v5/Jobs', operatorToken);
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.every((j) => j._links.organization?.href.endsWith(ORGANIZATION_IDS.fabrikam))).toBe(true);
    const organizations = await getJson<OrganizationDto[]>('/v5/Organizations', operatorToken);
    expect(organizations.map((o) => o.id)).toEqual([ORGANIZATION_IDS.fabrikam]);
    const session = fabrikamSessions[0];
    expect((await get(`/v5/JobSessions/${session?.id}/LogItems`, operatorToken)).status).toBe(200);
  });
});

describe('faults and latency', () => {
  const SESSIONS = /^\/v5\/jobsessions$/;

  it('answers with an injected status, body and headers', async () => {
    sim.injectFault({ path: SESSIONS, status: 429, headers: { 'Retry-After': '1' } });
    const response = await get('/v5/JobSessions');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toEqual({ message: 'Injected fault' });
    expect((await get('/v5/Jobs')).status).toBe(200);

    sim.clearFaults();
    sim.injectFault({ path: SESSIONS, status: 502, body: 'not json at all' });
    const raw = await get('/v5/JobSessions');
    expect(raw.status).toBe(502);
    expect(await raw.text()).toBe('not json at all');
  });

  it('applies a fault only `times` times, first match in injection order', async () => {
    sim.injectFault({ path: SESSIONS, status: 503, times: 2 });
    sim.injectFault({ path: SESSIONS, status: 504, times: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await get('/v5/JobSessions')).status);
    expect(statuses).toEqual([503, 503, 504, 200]);
  });

  it('matches by method and applies to the token route too', async () => {
    sim.injectFault({ method: 'post', status: 500 });
    expect((await postToken({ grant_type: 'password', username: 'admin', password: 'demo-password' })).status).toBe(
      500,
    );
    expect((await get('/v5/Jobs')).status).toBe(200);
  });

  it('hangs until the client gives up', async () => {
    sim.injectFault({ path: SESSIONS, hang: true });
    await expect(get('/v5/JobSessions', adminToken, { signal: AbortSignal.timeout(200) })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    const record = sim.requests.at(-1);
    await vi.waitFor(() => expect(record?.endedAt).toBeDefined(), { timeout: 10_000 });
    expect(record?.status).toBeUndefined();
  });

  it('resets the connection', async () => {
    sim.injectFault({ path: SESSIONS, reset: true, times: 1 });
    await expect(get('/v5/JobSessions')).rejects.toThrow(TypeError);
    expect((await get('/v5/JobSessions')).status).toBe(200);
  });

  it('sends a malformed body with 200', async () => {
    sim.injectFault({ path: SESSIONS, malformed: true });
    const response = await get('/v5/JobSessions');
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it('truncates the real body in half without content-length', async () => {
    const full = await (await get('/v5/JobSessions')).text();
    sim.injectFault({ path: SESSIONS, truncated: true });
    const response = await get('/v5/JobSessions');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBeNull();
    const text = await response.text();
    expect(text).toBe(full.slice(0, Math.floor(full.length / 2)));
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
  });

  it('sends the real body slowly after prompt headers', async () => {
    const full = await (await get(SEED_PATH)).text();
    sim.resetRequests();
    sim.injectFault({ path: /logitems/, slowBodyMs: 400 });
    const response = await get(SEED_PATH);
    const headersAt = performance.now();
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(full);
    await vi.waitFor(() => expect(sim.requests[0]?.endedAt).toBeDefined(), { timeout: 10_000 });
    const [record] = sim.requests;
    // The headers reached the client before the simulator finished the body, which it spread
    // over the fault's 400 ms (measured where it is spent, so a slow client cannot shorten it).
    expect(headersAt).toBeLessThan(record!.endedAt!);
    expect(record!.endedAt! - record!.startedAt).toBeGreaterThanOrEqual(390);
  });

  it('delays by the fault delay and by the configured latency', async () => {
    sim.injectFault({ path: SESSIONS, delayMs: 150, times: 1 });
    let started = performance.now();
    expect((await get('/v5/JobSessions')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);

    sim.setLatency(150);
    started = performance.now();
    expect((await get('/v5/Jobs')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(() => sim.setLatency(-1)).toThrow(RangeError);
  });
});

describe('request recording', () => {
  it('records every request with its raw path, headers, status and timing', async () => {
    sim.resetRequests();
    await get('/v5/JobSessions?offset=0&limit=3', adminToken, { headers: { 'x-request-id': 'req-42' } });
    await get('/v5/Jobs', null);
    await postToken({ grant_type: 'password', username: 'admin', password: 'nope' });
    await vi.waitFor(() => expect(sim.requests.every((r) => r.endedAt !== undefined)).toBe(true), { timeout: 10_000 });

    const [sessions, jobs, token] = sim.requests;
    expect(sim.requests).toHaveLength(3);
    expect(sessions).toMatchObject({
      method: 'GET',
      path: '/v5/JobSessions?offset=0&limit=3',
      authorization: `Bearer ${adminToken}`,
      host: new URL(sim.origin).host,
      requestId: 'req-42',
      status: 200,
    });
    expect(sessions?.endedAt).toBeGreaterThanOrEqual(sessions?.startedAt ?? Number.POSITIVE_INFINITY);
    expect(jobs).toMatchObject({ path: '/v5/Jobs', authorization: undefined, status: 401 });
    expect(token).toMatchObject({ method: 'POST', path: '/v5/token', status: 400 });

    const requests = sim.requests;
    sim.resetRequests();
    expect(sim.requests).toBe(requests);
    expect(sim.requests).toHaveLength(0);
  });
});

describe('close()', () => {
  it('destroys hanging sockets and resolves promptly', async () => {
    const doomed = await startSimulator();
    doomed.injectFault({ hang: true });
    const pending = expect(
      fetch(`${doomed.url}/jobs`, { headers: { authorization: `Bearer ${doomed.issueToken('admin')}` } }),
    ).rejects.toThrow(TypeError);
    await vi.waitFor(() => expect(doomed.requests).toHaveLength(1), { timeout: 10_000 });
    // A close that waited for the hanging request would never end; 10 s is only a bound.
    let timer: NodeJS.Timeout | undefined;
    const closed = await Promise.race([
      doomed.close().then(() => 'closed'),
      new Promise((resolve) => (timer = setTimeout(resolve, 10_000, 'still open'))),
    ]);
    clearTimeout(timer);
    expect(closed).toBe('closed');
    await pending;
    expect(doomed.requests[0]?.endedAt).toBeDefined();
    await doomed.close();
  });

  it('cancels a pending latency wait', async () => {
    const slow = await startSimulator({ latencyMs: 60_000 });
    const pending = expect(fetch(`${slow.url}/jobs`)).rejects.toThrow(TypeError);
    await vi.waitFor(() => expect(slow.requests).toHaveLength(1), { timeout: 10_000 });
    await slow.close();
    await pending;
  });
});
