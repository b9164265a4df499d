import { describe, expect, it } from 'vitest';
import { createSimulatorData, ORGANIZATION_IDS, SEED, SESSION_STATUSES } from '../../src/simulator/index.js';

const data = createSimulatorData();

describe('simulator dataset', () => {
  it('is the same on every build', () => {
    expect(createSimulatorData()).toEqual(data);
  });

  it('has three organizations and 6-8 jobs spread over them', () => {
    expect(data.organizations.map((o) => [o.id, o.name, o.type])).toEqual([
      [ORGANIZATION_IDS.contoso, 'contoso.onmicrosoft.com', 'Office365'],
      [ORGANIZATION_IDS.fabrikam, 'fabrikam.onmicrosoft.com', 'Office365'],
      [ORGANIZATION_IDS.northwind, 'northwind.local', 'Hybrid'],
    ]);
    expect(data.jobs.length).toBeGreaterThanOrEqual(6);
    expect(data.jobs.length).toBeLessThanOrEqual(8);
    for (const org of data.organizations) expect(data.jobs.some((j) => j.organizationId === org.id)).toBe(true);
    expect(new Set(data.jobs.map((j) => j.schedulePolicy?.type))).toEqual(
      new Set(['Daily', 'Periodically', 'ManualOnly']),
    );
    expect(new Set(data.jobs.map((j) => j.backupType))).toEqual(new Set(['SelectedItems', 'EntireOrganization']));
    expect(data.jobs.some((j) => j.nextRun === null)).toBe(true);
    expect(data.jobs.some((j) => !j.isEnabled)).toBe(true);
  });

  it('gives each job the status and start of its newest session', () => {
    for (const job of data.jobs) {
      const newest = data.sessions.find((s) => s.jobId === job.id);
      expect(job.lastStatus).toBe(newest?.status);
      expect(job.lastRun).toBe(newest?.creationTime);
    }
  });

  it('covers every session status; open sessions have no end time', () => {
    expect(data.sessions.length).toBeGreaterThanOrEqual(120);
    expect(data.sessions.length).toBeLessThanOrEqual(200);
    expect(new Set(data.sessions.map((s) => s.status))).toEqual(new Set(SESSION_STATUSES));
    for (const session of data.sessions.filter((s) => s.status === 'Running' || s.status === 'Queued')) {
      expect(session.endTime ?? null).toBeNull();
    }
    expect(data.sessions.some((s) => s.status === 'Queued' && !('endTime' in s))).toBe(true);
    expect(data.sessions.some((s) => s.status === 'Running' && s.endTime === null)).toBe(true);
  });

  it('is ordered newest first', () => {
    const starts = data.sessions.map((s) => Date.parse(s.creationTime));
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
  });

  it('has full statistics, large byte counts, and optional v6 fields on some sessions only', () => {
    for (const session of data.sessions) {
      expect(Object.keys(session.statistics ?? {})).toHaveLength(7);
    }
    expect(data.sessions.some((s) => (s.statistics?.transferredDataBytes ?? 0) > 5e9)).toBe(true);
    for (const field of ['details', 'retryCount'] as const) {
      expect(data.sessions.some((s) => field in s)).toBe(true);
      expect(data.sessions.some((s) => !(field in s))).toBe(true);
    }
  });

  it('has log items with usn 1..n, bracketed and bare titles, and one long log', () => {
    for (const session of data.sessions) {
      expect(session.logItems.map((i) => i.usn)).toEqual(session.logItems.map((_, index) => index + 1));
      expect(session.logItems.every((i) => i.jobSessionId === session.id)).toBe(true);
    }
    const titles = data.sessions.flatMap((s) => s.logItems.map((i) => i.title));
    for (const prefix of ['[Success] ', '[Warning] ', '[Failed] ', '[Info] ']) {
      expect(
        titles.some((t) => t.startsWith(prefix)),
        prefix,
      ).toBe(true);
    }
    expect(titles.some((t) => !t.startsWith('['))).toBe(true);
    expect(data.sessions.filter((s) => s.logItems.length > 250)).toHaveLength(1);
    const typical = data.sessions.filter((s) => s.logItems.length >= 3 && s.logItems.length <= 15);
    expect(typical.length).toBe(data.sessions.length - 1);
  });

  it('spells timestamps like a .NET server: mostly 7 digits and an offset, some Z, a few shorter', () => {
    const stamps = data.sessions.flatMap((s) => s.logItems.map((i) => i.creationTime));
    const local7 = stamps.filter((t) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+03:00$/.test(t));
    const utc7 = stamps.filter((t) => /\.\d{7}Z$/.test(t));
    const shorter = stamps.filter((t) => /:\d\d(\.\d{1,3})?\+03:00$/.test(t));
    expect(local7.length / stamps.length).toBeGreaterThan(0.7);
    expect(utc7.length).toBeGreaterThan(0);
    expect(shorter.length).toBeGreaterThan(0);
    expect(local7.length + utc7.length + shorter.length).toBe(stamps.length);
  });

  it('keeps the seed sessions in contoso with the seed item in the linked one', () => {
    const requested = data.sessions.find((s) => s.id === SEED.jobSessionId);
    const linked = data.sessions.find((s) => s.id === SEED.linkedJobSessionId);
    expect(requested?.organizationId).toBe(ORGANIZATION_IDS.contoso);
    expect(linked?.organizationId).toBe(ORGANIZATION_IDS.contoso);
    expect(linked?.logItems[0]?.id).toBe(SEED.servedLogItemId);
    expect(data.logItemAliases).toEqual([
      {
        jobSessionId: SEED.jobSessionId,
        logItemId: SEED.logItemId,
        servedJobSessionId: SEED.linkedJobSessionId,
        servedLogItemId: SEED.servedLogItemId,
      },
    ]);
  });

  it('uses lowercase v4-shaped GUIDs everywhere', () => {
    const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const ids = [
      ...data.organizations.map((o) => o.id),
      ...new Set(data.jobs.map((j) => j.backupRepositoryId)),
      ...data.jobs.map((j) => j.id),
      ...data.sessions.flatMap((s) => [s.id, ...s.logItems.map((i) => i.id)]),
    ];
    for (const id of ids) expect(id).toMatch(guid);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
