import { describe, expect, it } from 'vitest';
import { createSimulatorData, ORGANIZATION_IDS, SEED, SESSION_STATUSES, startSimulator } from '../../src/simulator/index.js';

/** The simulator's start the dataset is built for (any fixed moment: the data is dated relative to it). */
const START = Date.UTC(2026, 0, 15, 9, 30, 0, 250);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const data = createSimulatorData(START);

describe('simulator dataset', () => {
  it('is the same on every build for the same start', () => {
    expect(createSimulatorData(START)).toEqual(data);
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

describe('simulator dataset dated by its start', () => {
  const all = [...data.sessions, ...data.copySessions];
  /** Every session but the seed's linked one, whose time is the documented log item's. */
  const dated = all.filter((s) => s.id !== SEED.linkedJobSessionId);
  const time = (stamp: string | null | undefined) => (stamp == null ? null : Date.parse(stamp));

  it('every session started within the 14 days before the start; running ones within the hour before it', () => {
    expect(dated.length).toBe(all.length - 1);
    for (const session of dated) {
      const started = time(session.creationTime)!;
      expect(started, session.id).toBeLessThanOrEqual(START);
      expect(started, session.id).toBeGreaterThan(START - 14 * DAY);
    }
    const running = all.filter((s) => s.status === 'Running');
    expect(running.length).toBeGreaterThan(0);
    for (const session of running) expect(time(session.creationTime)!).toBeGreaterThan(START - HOUR);
  });

  it('nothing ends after the start: sessions, log items, the jobs\' last runs and the organizations\' last backups', () => {
    for (const session of all) {
      expect(time(session.endTime) ?? START, session.id).toBeLessThanOrEqual(START);
      for (const item of session.logItems) {
        expect(time(item.creationTime)!, item.id).toBeLessThanOrEqual(START);
        expect(time(item.endTime) ?? START, item.id).toBeLessThanOrEqual(START);
      }
    }
    for (const job of data.jobs) {
      expect(time(job.lastRun) ?? START).toBeLessThanOrEqual(START);
      expect(time(job.lastRun) ?? START).toBeGreaterThan(START - 14 * DAY);
      // The next run of a scheduled job is still ahead.
      if (job.nextRun !== null) expect(time(job.nextRun)!).toBeGreaterThan(START);
    }
    for (const organization of data.organizations) {
      expect(time(organization.lastBackuptime)!).toBeLessThanOrEqual(START);
      expect(time(organization.lastBackuptime)!).toBeGreaterThan(START - 14 * DAY);
    }
  });

  it('the seed keeps its documented values: the linked session and its first item at 2021-02-26T01:00:00.1732347+03:00', () => {
    const linked = all.find((s) => s.id === SEED.linkedJobSessionId)!;
    expect(linked.creationTime).toBe('2021-02-26T01:00:00.1732347+03:00');
    expect(linked.logItems[0]).toMatchObject({
      id: SEED.servedLogItemId,
      title: '[Success] Job started at 2/26/2021 1:00:00 AM',
      creationTime: '2021-02-26T01:00:00.1732347+03:00',
      endTime: '2021-02-26T01:00:00.1732347+03:00',
    });
    expect(all.find((s) => s.id === SEED.jobSessionId)?.status).toBe('Success');
  });

  it('another start moves the times only: ids, statuses and counts stay', () => {
    const later = createSimulatorData(START + 3 * DAY + 17_000);
    const shape = (d: typeof data) => [...d.sessions, ...d.copySessions].map((s) => [s.id, s.jobId, s.status, s.logItems.map((i) => i.id)]);
    expect(shape(later)).toEqual(shape(data));
    const moved = later.sessions.find((s) => s.status === 'Running')!;
    const running = data.sessions.find((s) => s.status === 'Running')!;
    expect(time(moved.creationTime)! - time(running.creationTime)!).toBe(3 * DAY + 17_000);
  });

  it('the simulator dates its data by its clock, read once at its start', async () => {
    let reads = 0;
    const simulator = await startSimulator({ clock: 'manual', now: () => (reads++, START) });
    try {
      expect(simulator.startedAt).toBe(START);
      expect(reads).toBe(1);
      expect(simulator.data.sessions.map((s) => s.creationTime)).toEqual(data.sessions.map((s) => s.creationTime));
    } finally {
      await simulator.close();
    }
  });
});
