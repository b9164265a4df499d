import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { ORGANIZATION_IDS, type JobRecord } from '../../src/simulator/index.js';
import type { ApiVersion } from '../../src/upstream/api-version.js';
import { codes, paths, startHarness, type Harness } from '../helpers/harness.js';

const START = `mutation Start($id: ID!, $full: Boolean) {
  startJob(id: $id, full: $full) { job { id name lastStatus } session { id status endTime job { id } } }
}`;

function idle(h: Harness, organizationId: string): JobRecord {
  const running = new Set(h.simulator.data.sessions.filter((s) => s.status === 'Running' || s.status === 'Queued').map((s) => s.jobId));
  return h.simulator.data.jobs.find((j) => j.organizationId === organizationId && j.isEnabled && !running.has(j.id))!;
}

describe.each(['v5', 'v6', 'v7', 'v8'] as const satisfies readonly ApiVersion[])('job control on %s', (version) => {
  let h: Harness;
  const lines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) });
    h = await startHarness({ version, simulator: { clock: 'manual' }, config: { retryAttempts: 3 }, logger: createLogger('info', sink) });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.reset();
    lines.length = 0;
  });

  it('startJob starts the job once, never retried, and returns the session it started', async () => {
    const job = idle(h, ORGANIZATION_IDS.contoso);
    const body = await h.query(START, { variables: { id: job.id } });
    expect(body.errors).toBeUndefined();
    const result = body.data?.startJob as { job: { id: string }; session: { id: string; status: string; endTime: null; job: { id: string } } };
    expect(result.job.id).toBe(job.id);
    expect(result.session).toMatchObject({ status: 'RUNNING', endTime: null, job: { id: job.id } });
    const writes = h.calls().filter((c) => c.method === 'POST');
    expect(writes).toHaveLength(1);
    const write = writes[0]!;
    expect(write.authorization).toBe(`Bearer ${h.adminToken}`);
    if (version === 'v5') {
      expect(paths([write])).toEqual([`/jobs/${job.id}/action`]);
      expect(JSON.parse(write.body ?? '')).toEqual({ start: null });
    } else {
      expect(paths([write])).toEqual([`/jobs/${job.id}/start`]);
      expect(JSON.parse(write.body ?? '')).toEqual({ full: false });
    }
    // v8 answers with the session; older versions read the job's newest session after the start.
    const reads = paths(h.calls().filter((c) => c.method === 'GET'));
    expect(reads.some((p) => p.includes('limit=1'))).toBe(version !== 'v8');
    // The audit line: request id, operation, job id, outcome; never the token.
    const audit = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'job control');
    expect(audit).toEqual([expect.objectContaining({ operation: 'startJob', jobId: job.id, outcome: 'ok', requestId: expect.any(String) })]);
    expect(lines.join('')).not.toContain(h.adminToken);

    // A second start while it runs: the server's refusal as CONFLICT, never a second session.
    h.reset();
    lines.length = 0;
    const again = await h.query(START, { variables: { id: job.id } });
    expect(again.data).toBeNull();
    expect(codes(again)).toEqual(['CONFLICT']);
    expect(h.calls().filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(h.simulator.runningSessions().filter((s) => s.jobId === job.id)).toHaveLength(1);
    expect(lines.join('')).toContain('"outcome":"CONFLICT"');

    // stop ends it.
    h.reset();
    const stop = await h.query(`mutation { stopJob(id: "${job.id}") { id } }`);
    expect(stop).toEqual({ data: { stopJob: { id: job.id } } });
    expect(paths(h.calls().filter((c) => c.method === 'POST'))).toEqual([version === 'v5' ? `/jobs/${job.id}/action` : `/jobs/${job.id}/stop`]);
  });

  it('enableJob and disableJob flip isEnabled and answer with the job read after the write', async () => {
    const job = idle(h, ORGANIZATION_IDS.northwind);
    const off = await h.query(`mutation { disableJob(id: "${job.id}") { id isEnabled } }`);
    expect(off).toEqual({ data: { disableJob: { id: job.id, isEnabled: false } } });
    const on = await h.query(`mutation { enableJob(id: "${job.id}") { id isEnabled } }`);
    expect(on).toEqual({ data: { enableJob: { id: job.id, isEnabled: true } } });
    const writes = h.calls().filter((c) => c.method === 'POST');
    expect(writes.map((c) => (version === 'v5' ? JSON.parse(c.body ?? '') : paths([c])[0]))).toEqual(
      version === 'v5' ? [{ disable: null }, { enable: null }] : [`/jobs/${job.id}/disable`, `/jobs/${job.id}/enable`],
    );
  });

  it('an operator without rights on the job gets FORBIDDEN, not a partial success', async () => {
    const job = idle(h, ORGANIZATION_IDS.contoso);
    const body = await h.query(START, { token: h.operatorToken, variables: { id: job.id } });
    expect(body.data).toBeNull();
    expect(codes(body)).toEqual(['FORBIDDEN']);
    expect(h.calls()).toHaveLength(1);
    expect(h.simulator.runningSessions().some((s) => s.jobId === job.id)).toBe(false);
  });

  it('a write is never retried, even on a 503, and counts in the budget', async () => {
    const job = idle(h, ORGANIZATION_IDS.fabrikam);
    h.simulator.injectFault({ method: 'POST', status: 503 });
    const body = await h.query(`mutation { disableJob(id: "${job.id}") { id } }`);
    expect(codes(body)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(h.calls()).toHaveLength(1);
  });

  it('a bad id is BAD_USER_INPUT with no upstream call', async () => {
    const body = await h.query('mutation { startJob(id: "../jobs") { job { id } } }');
    expect(codes(body)).toEqual(['BAD_USER_INPUT']);
    expect(h.calls()).toHaveLength(0);
  });
});

describe('startJob(full: true)', () => {
  it('is sent as {"full": true} on v6+ and refused before any call on v5, which cannot choose', async () => {
    const v8 = await startHarness({ version: 'v8', simulator: { clock: 'manual' } });
    const v5 = await startHarness({ version: 'v5', simulator: { clock: 'manual' } });
    try {
      const job = idle(v8, ORGANIZATION_IDS.contoso);
      const ok = await v8.query(START, { variables: { id: job.id, full: true } });
      expect(ok.errors).toBeUndefined();
      expect(JSON.parse(v8.calls().find((c) => c.method === 'POST')?.body ?? '')).toEqual({ full: true });
      const refused = await v5.query(START, { variables: { id: job.id, full: true } });
      expect(codes(refused)).toEqual(['NOT_SUPPORTED_BY_SERVER']);
      expect(v5.calls()).toHaveLength(0);
    } finally {
      await v8.close();
      await v5.close();
    }
  });
});
