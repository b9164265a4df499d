import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ORGANIZATION_IDS,
  SESSION_STEPS,
  startSimulator,
  type ErrorBodyDto,
  type JobSessionChangesDto,
  type Simulator,
  type VersionedJobDto,
  type VersionedJobSessionDto,
  type VersionedLogItemDto,
  type VersionedPageDto,
} from '../../src/simulator/index.js';
import { createClient } from './client.js';

let sim: Simulator;
let admin: string;
let operator: string;
let api: ReturnType<typeof createClient>;

beforeEach(async () => {
  sim = await startSimulator({ clock: 'manual', stepMs: 1000 });
  admin = sim.issueToken('admin');
  operator = sim.issueToken('fabrikam-operator');
  api = createClient(sim);
});
afterEach(() => sim.close());

const jobNamed = (name: string) => sim.data.jobs.find((j) => j.name === name)!;
/** Enabled, idle, SelectedItems: runs end with Success. */
const contosoExchange = () => jobNamed('Contoso Exchange Daily');
/** Enabled, idle, EntireOrganization: runs log one warning. */
const fabrikamMailboxes = () => jobNamed('Fabrikam Mailboxes');
const LOCAL_STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+03:00$/;

async function logOf(sessionId: string, version = 'v7') {
  const page = await api.json<VersionedPageDto<VersionedLogItemDto>>(
    `/${version}/JobSessions/${sessionId}/LogItems?limit=1000`,
    admin,
  );
  return page.results;
}

describe('v5 POST /Jobs/{id}/action', () => {
  it('start answers 204 and creates a running session listed first', async () => {
    const job = contosoExchange();
    const response = await api.post(`/v5/Jobs/${job.id}/action`, admin, { start: null });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    const [running] = sim.runningSessions();
    expect(running).toMatchObject({ jobId: job.id, status: 'Running', endTime: null, progress: 0 });
    expect(running?.creationTime).toMatch(LOCAL_STAMP);
    const page = await api.json<VersionedPageDto<VersionedJobSessionDto>>('/v5/JobSessions?limit=1', admin);
    expect(page.results[0]).toMatchObject({ id: running?.id, status: 'Running', endTime: null });
    const jobSessions = await api.json<VersionedPageDto<VersionedJobSessionDto>>(`/v5/Jobs/${job.id}/JobSessions`, admin);
    expect(jobSessions.results[0]?.id).toBe(running?.id);
    const dto = await api.json<VersionedJobDto>(`/v5/Jobs/${job.id}`, admin);
    expect(dto).toMatchObject({ lastStatus: 'Running', lastRun: running?.creationTime });
    expect(sim.requests.at(-4)).toMatchObject({ method: 'POST', body: '{"start":null}', status: 204 });
  });

  it('refuses a second start with 400 "already running", stops, enables and disables', async () => {
    const job = contosoExchange();
    expect((await api.post(`/v5/Jobs/${job.id}/action`, admin, { start: null })).status).toBe(204);
    const again = await api.post(`/v5/Jobs/${job.id}/action`, admin, { start: null });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ message: `Job '${job.name}' is already running.` });
    expect(sim.runningSessions()).toHaveLength(1);
    expect(sim.data.sessions.filter((s) => s.jobId === job.id && s.status === 'Running')).toHaveLength(1);

    expect((await api.post(`/v5/Jobs/${job.id}/action`, admin, { stop: null })).status).toBe(204);
    expect(sim.runningSessions()).toHaveLength(0);
    expect(sim.data.sessions[0]).toMatchObject({ jobId: job.id, status: 'Stopped' });
    expect((await api.post(`/v5/Jobs/${job.id}/action`, admin, { stop: null })).status).toBe(400);

    expect((await api.post(`/v5/Jobs/${job.id}/action`, admin, { disable: null })).status).toBe(204);
    expect((await api.json<VersionedJobDto>(`/v5/Jobs/${job.id}`, admin)).isEnabled).toBe(false);
    const disabled = await api.post(`/v5/Jobs/${job.id}/action`, admin, { start: null });
    expect(disabled.status).toBe(400);
    expect(((await disabled.json()) as ErrorBodyDto).message).toMatch(/disabled/);
    expect((await api.post(`/v5/Jobs/${job.id}/action`, admin, { enable: null })).status).toBe(204);
    expect((await api.json<VersionedJobDto>(`/v5/Jobs/${job.id}`, admin)).isEnabled).toBe(true);
  });

  it('rejects a body that names no single known action', async () => {
    const job = contosoExchange();
    for (const body of [{}, { launch: null }, { start: null, stop: null }, []]) {
      expect((await api.post(`/v5/Jobs/${job.id}/action`, admin, body)).status, JSON.stringify(body)).toBe(400);
    }
    expect(sim.runningSessions()).toHaveLength(0);
  });

  it('the operator gets 403 on another organization\'s job, anyone 404 on an unknown job', async () => {
    const response = await api.post(`/v5/Jobs/${contosoExchange().id}/action`, operator, { start: null });
    expect(response.status).toBe(403);
    expect(Object.keys((await response.json()) as object)).toEqual(['message']);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await api.post(`/v5/Jobs/${unknown}/action`, admin, { start: null })).status).toBe(404);
    expect((await api.post(`/v5/Jobs/${contosoExchange().id}/action`, null, { start: null })).status).toBe(401);
    expect(sim.runningSessions()).toHaveLength(0);
  });
});

describe('v6+ POST /Jobs/{id}/start, stop, enable, disable', () => {
  it('v8 start answers 200 with the new v8 session; v6 and v7 answer 204', async () => {
    const response = await api.post(`/v8/Jobs/${contosoExchange().id}/start`, admin, { full: true });
    expect(response.status).toBe(200);
    const session = (await response.json()) as VersionedJobSessionDto;
    expect(session).toMatchObject({
      jobId: contosoExchange().id,
      status: 'Running',
      endTime: null,
      jobType: 'Backup',
      jobSessionConfigType: 'Full',
      mainSessionId: null,
    });
    expect(session._links.self?.href).toBe(`/v8/jobsessions/${session.id}`);
    expect(sim.runningSessions().map((s) => s.id)).toEqual([session.id]);

    const v6 = await api.post(`/v6/Jobs/${fabrikamMailboxes().id}/start`, operator);
    expect(v6.status).toBe(204);
    expect(sim.runningSessions()).toHaveLength(2);
    expect(sim.runningSessions()[0]).toMatchObject({ jobId: fabrikamMailboxes().id, jobSessionConfigType: 'Incremental' });
  });

  it('refusals: v8 409 OperationConflict, v7 400 with the code, v6 400 {message}', async () => {
    const job = contosoExchange();
    await api.post(`/v8/Jobs/${job.id}/start`, admin);
    const v8 = await api.post(`/v8/Jobs/${job.id}/start`, admin);
    expect(v8.status).toBe(409);
    expect(await v8.json()).toMatchObject({ errorCode: 'OperationConflict', stackTrace: expect.any(String) });
    const v7 = await api.post(`/v7/Jobs/${job.id}/start`, admin);
    expect(v7.status).toBe(400);
    expect(await v7.json()).toEqual({ message: `Job '${job.name}' is already running.`, errorCode: 'OperationConflict' });
    const v6 = await api.post(`/v6/Jobs/${job.id}/start`, admin);
    expect(v6.status).toBe(400);
    expect(Object.keys((await v6.json()) as object)).toEqual(['message']);
    expect(sim.data.sessions.filter((s) => s.jobId === job.id && s.status === 'Running')).toHaveLength(1);
    // A job whose newest seeded session is still running is refused too.
    expect((await api.post(`/v7/Jobs/${jobNamed('Contoso SharePoint Online').id}/start`, admin)).status).toBe(400);
  });

  it('the operator gets 403 ResourceAccessDenied on a contoso job and can run fabrikam jobs', async () => {
    for (const action of ['start', 'stop', 'enable', 'disable']) {
      const response = await api.post(`/v8/Jobs/${contosoExchange().id}/${action}`, operator);
      expect(response.status, action).toBe(403);
      expect(((await response.json()) as ErrorBodyDto).errorCode).toBe('ResourceAccessDenied');
    }
    expect((await api.post(`/v8/Jobs/00000000-0000-4000-8000-000000000000/start`, operator)).status).toBe(404);
    expect((await api.post(`/v8/Jobs/${fabrikamMailboxes().id}/start`, operator)).status).toBe(200);
    expect(sim.runningSessions()).toHaveLength(1);
  });

  it('stop ends the running session as Stopped with a Stop item; stop without a run is refused', async () => {
    const job = contosoExchange();
    const session = (await (await api.post(`/v8/Jobs/${job.id}/start`, admin)).json()) as VersionedJobSessionDto;
    sim.advance(2);
    expect((await api.post(`/v8/Jobs/${job.id}/stop`, admin)).status).toBe(204);
    const stopped = await api.json<VersionedJobSessionDto>(`/v8/JobSessions/${session.id}`, admin);
    expect(stopped).toMatchObject({ status: 'Stopped', endTime: expect.stringMatching(LOCAL_STAMP) });
    const log = await logOf(session.id, 'v8');
    expect(log.at(-1)).toMatchObject({ type: 'Stop', message: expect.stringMatching(/^Job stopped by user at /) });
    expect(log.every((item) => item.endTime !== null)).toBe(true);
    sim.advance(10);
    expect((await api.json<VersionedJobSessionDto>(`/v8/JobSessions/${session.id}`, admin)).status).toBe('Stopped');
    const again = await api.post(`/v8/Jobs/${job.id}/stop`, admin);
    expect(again.status).toBe(409);
    expect(((await again.json()) as ErrorBodyDto).message).toMatch(/not running/);
  });

  it('enable and disable flip isEnabled and answer 204; a disabled job cannot start', async () => {
    const job = contosoExchange();
    expect((await api.post(`/v7/Jobs/${job.id}/disable`, admin)).status).toBe(204);
    const disabled = await api.json<VersionedJobDto>(`/v8/Jobs/${job.id}`, admin);
    expect(disabled).toMatchObject({ isEnabled: false, eTag: 2 });
    const refused = await api.post(`/v8/Jobs/${job.id}/start`, admin);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as ErrorBodyDto).message).toMatch(/disabled/);
    expect((await api.post(`/v6/Jobs/${job.id}/enable`, admin)).status).toBe(204);
    expect((await api.json<VersionedJobDto>(`/v6/Jobs/${job.id}`, admin)).isEnabled).toBe(true);
    expect(sim.runningSessions()).toHaveLength(0);
  });

  it('rejects a start body that is not {"full": boolean}', async () => {
    const job = contosoExchange();
    expect((await api.post(`/v7/Jobs/${job.id}/start`, admin, { full: 'yes' })).status).toBe(400);
    expect((await api.get(`/v7/Jobs/${job.id}/start`, admin, { method: 'POST', body: 'nope' })).status).toBe(400);
    expect(sim.runningSessions()).toHaveLength(0);
  });
});

describe('a running session (manual clock)', () => {
  it('grows step by step and ends Success; log usn strictly increasing without gaps', async () => {
    const job = contosoExchange();
    const session = (await (await api.post(`/v8/Jobs/${job.id}/start`, admin)).json()) as VersionedJobSessionDto;
    const progress: number[] = [];
    const transferred: number[] = [];
    const logLengths: number[] = [];
    for (let step = 0; step < SESSION_STEPS; step += 1) {
      const now = await api.json<VersionedJobSessionDto>(`/v7/JobSessions/${session.id}`, admin);
      expect(now.status, `step ${step}`).toBe('Running');
      expect(now.endTime).toBeNull();
      progress.push(now.progress);
      transferred.push(now.statistics?.transferredDataBytes ?? -1);
      const log = await logOf(session.id);
      logLengths.push(log.length);
      expect(log.map((i) => i.usn)).toEqual(log.map((_, index) => index + 1));
      sim.advance();
    }
    expect(logLengths).toEqual([1, 2, 3, 4, 5, 6]);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBeGreaterThan(progress[0]!);
    expect(transferred.at(-1)).toBeGreaterThan(transferred[0]!);

    const done = await api.json<VersionedJobSessionDto>(`/v8/JobSessions/${session.id}`, admin);
    expect(done).toMatchObject({ status: 'Success', progress: job.workload.objectCount, endTime: expect.stringMatching(LOCAL_STAMP) });
    expect(done.eTag).toBe(SESSION_STEPS + 1);
    const log = await logOf(session.id);
    expect(log.map((i) => i.usn)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(log[0]?.title).toMatch(/^\[Success\] Job started at /);
    expect(log.at(-1)?.title).toMatch(/^\[Success\] Job finished at /);
    expect(log.every((i) => i.endTime !== null && !i.title?.startsWith('[Warning]'))).toBe(true);
    expect(sim.runningSessions()).toHaveLength(0);
    const dto = await api.json<VersionedJobDto>(`/v7/Jobs/${job.id}`, admin);
    expect(dto).toMatchObject({ lastStatus: 'Success', lastRun: done.creationTime, lastBackup: done.endTime });
    sim.advance(3);
    expect((await logOf(session.id)).length).toBe(7);
  });

  it('an open item has endTime null until the next step; a warning makes the final status Warning', async () => {
    const job = fabrikamMailboxes();
    const session = (await (await api.post(`/v8/Jobs/${job.id}/start`, operator)).json()) as VersionedJobSessionDto;
    sim.advance(2);
    const open = (await logOf(session.id, 'v8')).at(-1);
    expect(open).toMatchObject({ type: 'Running', endTime: null, message: expect.stringMatching(/^Processing /) });
    sim.advance();
    const closed = (await logOf(session.id, 'v8')).find((i) => i.id === open?.id);
    expect(closed?.endTime).toMatch(LOCAL_STAMP);
    sim.advance(SESSION_STEPS);
    const done = await api.json<VersionedJobSessionDto>(`/v7/JobSessions/${session.id}`, operator);
    expect(done.status).toBe('Warning');
    const log = await logOf(session.id, 'v8');
    expect(log.filter((i) => i.type === 'Warning')).toHaveLength(2);
    expect(log.at(-1)?.message).toMatch(/^Job finished with warnings at /);
    const succeeded = await api.json<VersionedPageDto<VersionedJobSessionDto>>(`/v8/JobSessions?status=Warning&limit=1`, operator);
    expect(succeeded.results[0]?.id).toBe(session.id);
  });

  it('real clock: sessions step on their own and close() clears the timers', async () => {
    const live = await startSimulator({ stepMs: 20 });
    try {
      const token = live.issueToken('admin');
      const response = await createClient(live).post(`/v8/Jobs/${contosoExchange().id}/start`, token);
      const { id } = (await response.json()) as VersionedJobSessionDto;
      await vi.waitFor(() => expect(live.data.sessions.find((s) => s.id === id)?.status).toBe('Success'), {
        timeout: 10_000,
        interval: 20,
      });
      expect(live.data.sessions.find((s) => s.id === id)?.logItems).toHaveLength(SESSION_STEPS + 1);
      await createClient(live).post(`/v8/Jobs/${contosoExchange().id}/start`, token);
      expect(live.runningSessions()).toHaveLength(1);
    } finally {
      await live.close();
    }
    const stuck = live.runningSessions()[0];
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(live.data.sessions.find((s) => s.id === stuck?.id)?.logItems).toHaveLength(stuck?.logItems.length ?? -1);
  });
});

describe('v7 GET /JobSessions/Changes', () => {
  type Changes = JobSessionChangesDto;

  it('without a token lists every session oldest change first; the next token yields only later changes', async () => {
    const first = await api.json<Changes>('/v7/JobSessions/Changes?limit=10000', admin);
    const total = sim.data.sessions.length + sim.data.copySessions.length;
    expect(first).toMatchObject({ limit: 10000, totalCount: total, setId: expect.any(String) });
    expect(first.results).toHaveLength(total);
    expect(Object.keys(first)).toEqual(['nextChangeToken', 'limit', 'setId', 'totalCount', 'results', '_links']);

    const quiet = await api.json<Changes>(`/v7/JobSessions/Changes?from=${first.nextChangeToken}`, admin);
    expect(quiet.results).toEqual([]);
    expect(quiet.nextChangeToken).toBe(first.nextChangeToken);

    const job = contosoExchange();
    await api.post(`/v7/Jobs/${job.id}/start`, admin);
    const [running] = sim.runningSessions();
    const started = await api.json<Changes>(`/v7/JobSessions/Changes?from=${first.nextChangeToken}`, admin);
    expect(started.results.map((s) => [s.id, s.status])).toEqual([[running?.id, 'Running']]);
    sim.advance(2);
    const stepped = await api.json<Changes>(`/v7/JobSessions/Changes?from=${started.nextChangeToken}`, admin);
    expect(stepped.results).toHaveLength(1);
    expect(stepped.results[0]?.progress).toBeGreaterThan(0);
  });

  it('pages by limit with a next link, filters jobType, and hides other organizations', async () => {
    const page = await api.json<Changes>('/v7/JobSessions/Changes?limit=5', admin);
    expect(page.results).toHaveLength(5);
    expect(page._links.next?.href).toBe(`/v7/jobsessions/changes?from=${page.nextChangeToken}&limit=5`);
    const next = await api.json<Changes>(`/v7/JobSessions/Changes?from=${page.nextChangeToken}&limit=5`, admin);
    expect(next.results.map((s) => s.id)).not.toContain(page.results[0]?.id);
    const copies = await api.json<Changes>('/v7/JobSessions/Changes?jobType=Copy&limit=10000', admin);
    expect(new Set(copies.results.map((s) => s.id))).toEqual(new Set(sim.data.copySessions.map((s) => s.id)));
    const operatorView = await api.json<Changes>('/v7/JobSessions/Changes?limit=10000', operator);
    const fabrikam = [...sim.data.sessions, ...sim.data.copySessions].filter(
      (s) => s.organizationId === ORGANIZATION_IDS.fabrikam,
    );
    expect(operatorView.results).toHaveLength(fabrikam.length);
  });

  it('a token of another server or a malformed one is OutdatedChangeToken (400)', async () => {
    const other = await startSimulator();
    try {
      const foreign = await createClient(other).json<Changes>('/v7/JobSessions/Changes?limit=1', other.issueToken('admin'));
      for (const from of [foreign.nextChangeToken, 'garbage', '']) {
        const response = await api.get(`/v7/JobSessions/Changes?from=${from}`, admin);
        expect(response.status, from).toBe(400);
        expect(await response.json()).toEqual({ message: expect.any(String), errorCode: 'OutdatedChangeToken' });
      }
    } finally {
      await other.close();
    }
  });
});
