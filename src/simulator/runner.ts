import { randomUUID } from 'node:crypto';
import type { JobSessionStatisticsDto, SessionStatusDto } from './wire-v5.js';
import type { JobRecord, LogItemRecord, SessionRecord } from './data.js';
import { objectLabel } from './sessions.js';
import type { Store } from './store.js';
import { formatStamp, formatUsDateTime } from './time-format.js';

/** `real`: sessions step on timers every `stepMs`; `manual`: only `advance()` moves them (tests). */
export type ClockMode = 'real' | 'manual';

/** A refused job action (already running, disabled, not running); the router picks the status per version. */
export class JobConflict extends Error {}

/** Job control: start, stop, enable, disable, and the sessions a start sets running. */
export interface JobRunner {
  /**
   * Creates and returns the running session; throws JobConflict when the job is active or
   * disabled. With `fails`, the session ends Failed (and will not be retried).
   */
  start(job: JobRecord, options: { readonly full: boolean; readonly fails?: boolean }): SessionRecord;
  /** Stops the job's active (Running or Queued) session; throws JobConflict when there is none. */
  stop(job: JobRecord): void;
  setEnabled(job: JobRecord, enabled: boolean): void;
  /** Moves every session started through `start` by `steps` steps (simulated time moves `steps * stepMs`). */
  advance(steps: number): void;
  /** Sessions started through `start` that have not ended yet, newest first. */
  running(): readonly SessionRecord[];
  /** Clears every timer; sessions stay where they are. */
  close(): void;
}

/** Steps from start to the final status; the log grows by one item per step. */
export const SESSION_STEPS = 6;
/** Steps that open a "Processing ..." item (2..5); the one opened at WARNING_STEP ends with a warning on warning jobs. */
const FIRST_PROCESSING_STEP = 2;
const PROCESSING_STEPS = 4;
const WARNING_STEP = 3;
const ACTIVE: readonly SessionStatusDto[] = ['Running', 'Queued'];
const WARNING = 'Some items were skipped because they are in use';
const FAILURE = 'The backup repository is not available.';

interface Run {
  readonly sessionId: string;
  readonly jobId: string;
  readonly startMs: number;
  readonly fails: boolean;
  step: number;
  timer: NodeJS.Timeout | undefined;
}

/** `startedAt`: the simulator's start, where the manual clock begins; `realNow`: the clock `real` reads. */
export function createJobRunner(store: Store, stepMs: number, clock: ClockMode, startedAt: number, realNow: () => number): JobRunner {
  const runs = new Map<string, Run>();
  let virtualNow = startedAt;
  let ticks = 0;
  let closed = false;
  const now = (): number => (clock === 'manual' ? virtualNow : realNow());
  // Seven fraction digits with the server's offset, like the seeded data's usual spelling.
  const stamp = (ms: number): string => formatStamp(ms, (ticks = (ticks + 7919) % 10_000), 'local');

  const activeSession = (job: JobRecord): SessionRecord | undefined =>
    store.sessionsOf(job.id).find((s) => ACTIVE.includes(s.status));

  const putJob = (job: JobRecord, changes: Partial<JobRecord>): void => {
    store.putJob({ ...job, ...changes, eTag: job.eTag + 1 });
  };

  const schedule = (run: Run): void => {
    if (clock !== 'real' || closed) return;
    run.timer = setTimeout(() => {
      run.timer = undefined;
      step(run);
      schedule(run);
    }, stepMs);
    run.timer.unref();
  };

  const finish = (run: Run): void => {
    if (run.timer !== undefined) clearTimeout(run.timer);
    runs.delete(run.sessionId);
  };

  const step = (run: Run): void => {
    const session = store.session(run.sessionId);
    const job = store.job(run.jobId);
    if (session === undefined || job === undefined || !runs.has(run.sessionId)) return;
    run.step += 1;
    const at = now();
    const { workload } = job;
    const total = workload.objectCount;
    const items = session.logItems.map((item) => closeItem(item, at, workload.warns, run.step - 1));
    const next = (title: string, open: boolean): LogItemRecord => {
      const creationTime = stamp(at);
      return {
        id: randomUUID(),
        usn: (items.at(-1)?.usn ?? 0) + 1,
        title,
        creationTime,
        endTime: open ? null : creationTime,
        jobSessionId: session.id,
      };
    };
    const progress = run.step <= 1 ? 0 : Math.round((total * (run.step - 1)) / (SESSION_STEPS - 1));
    const done = run.step >= SESSION_STEPS;
    const warned = items.some((i) => i.title.startsWith('[Warning] '));
    const status: SessionStatusDto = !done ? 'Running' : run.fails ? 'Failed' : warned ? 'Warning' : 'Success';
    if (run.step === 1) items.push(next(`[Info] Found ${total} objects to process`, false));
    else if (!done) {
      const batch = Math.ceil(total / PROCESSING_STEPS);
      const first = (run.step - FIRST_PROCESSING_STEP) * batch;
      const more = Math.min(batch, total - first) - 1;
      items.push(next(`Processing ${objectLabel(workload, first)}${more > 0 ? ` and ${more} more objects` : ''}`, true));
    } else {
      const ended = formatUsDateTime(at);
      items.push(
        next(
          run.fails ? `[Failed] Job finished with errors at ${ended}: ${FAILURE}` : warned ? `[Warning] Job finished with warnings at ${ended}` : `[Success] Job finished at ${ended}`,
          false,
        ),
      );
    }
    const endTime = done ? items.at(-1)?.creationTime ?? stamp(at) : null;
    store.putSession({
      ...session,
      status,
      endTime,
      progress,
      details: done
        ? run.fails
          ? FAILURE
          : warned
            ? 'Processing finished with warnings. See the session log for details.'
            : ''
        : `Processed ${progress} of ${total} objects.`,
      statistics: statistics(progress, workload.bytesPerObject, at - run.startMs, done),
      logItems: items,
      eTag: session.eTag + 1,
    });
    if (!done) return;
    finish(run);
    putJob(job, { lastStatus: status, lastBackup: endTime });
    const organization = store.organization(job.organizationId);
    if (organization) {
      store.putOrganization({
        ...organization,
        isBackedup: true,
        firstBackuptime: organization.firstBackuptime ?? session.creationTime,
        lastBackuptime: endTime,
      });
    }
  };

  return {
    start(job, { full, fails = false }) {
      if (activeSession(job) !== undefined) throw new JobConflict(`Job '${job.name}' is already running.`);
      if (!job.isEnabled) throw new JobConflict(`Job '${job.name}' is disabled.`);
      const startMs = now();
      const creationTime = stamp(startMs);
      const id = randomUUID();
      const previous = store.sessionsOf(job.id)[0];
      const session: SessionRecord = {
        id,
        jobId: job.id,
        organizationId: job.organizationId,
        creationTime,
        endTime: null,
        progress: 0,
        status: 'Running',
        statistics: statistics(0, job.workload.bytesPerObject, 0, false),
        details: `Processed 0 of ${job.workload.objectCount} objects.`,
        retryCount: 0,
        logItems: [
          {
            id: randomUUID(),
            usn: 1,
            title: `[Success] Job started at ${formatUsDateTime(startMs)}`,
            creationTime,
            endTime: creationTime,
            jobSessionId: id,
          },
        ],
        jobType: 'Backup',
        mainSessionId: null,
        jobWillBeRetried: false,
        repositoryId: job.backupRepositoryId,
        jobSessionConfigType: full ? 'Full' : 'Incremental',
        eTag: 1,
        proxyId: previous?.proxyId ?? null,
        proxyPoolId: null,
      };
      store.putSession(session);
      putJob(job, { lastRun: creationTime, lastStatus: 'Running' });
      const run: Run = { sessionId: id, jobId: job.id, startMs, fails, step: 0, timer: undefined };
      runs.set(id, run);
      schedule(run);
      return session;
    },
    stop(job) {
      const session = activeSession(job);
      if (session === undefined) throw new JobConflict(`Job '${job.name}' is not running.`);
      const run = runs.get(session.id);
      if (run) finish(run);
      const at = now();
      const endTime = stamp(at);
      const items = session.logItems.map((item) => (item.endTime === null ? { ...item, endTime } : item));
      items.push({
        id: randomUUID(),
        usn: (items.at(-1)?.usn ?? 0) + 1,
        title: `[Info] Job stopped by user at ${formatUsDateTime(at)}`,
        creationTime: endTime,
        endTime,
        jobSessionId: session.id,
      });
      store.putSession({
        ...session,
        status: 'Stopped',
        endTime,
        details: 'Stopped by user.',
        logItems: items,
        ...(session.statistics ? { statistics: { ...session.statistics, bottleneck: 'NA' as const } } : {}),
        eTag: session.eTag + 1,
      });
      putJob(store.job(job.id) ?? job, { lastStatus: 'Stopped' });
    },
    setEnabled(job, enabled) {
      if (job.isEnabled !== enabled) putJob(job, { isEnabled: enabled });
    },
    advance(steps) {
      if (!Number.isSafeInteger(steps) || steps < 0) throw new RangeError(`steps must be a whole number >= 0, got ${steps}`);
      for (let i = 0; i < steps; i += 1) {
        virtualNow += stepMs;
        for (const run of [...runs.values()]) step(run);
      }
    },
    running: () => [...runs.keys()].flatMap((id) => store.session(id) ?? []).reverse(),
    close() {
      closed = true;
      for (const run of runs.values()) if (run.timer !== undefined) clearTimeout(run.timer);
    },
  };
}

/** The open "Processing ..." item of the previous step ends now, with a warning on the warning step. */
function closeItem(item: LogItemRecord, at: number, warns: boolean, openedAt: number): LogItemRecord {
  if (item.endTime !== null) return item;
  const endTime = formatStamp(at, 0, 'local');
  const title =
    warns && openedAt === WARNING_STEP
      ? `[Warning] ${item.title} finished with warning: ${WARNING}`
      : `[Success] ${item.title}`;
  return { ...item, title, endTime };
}

function statistics(processed: number, bytesPerObject: number, elapsedMs: number, done: boolean): JobSessionStatisticsDto {
  const transferred = processed * bytesPerObject;
  const seconds = Math.max(1, elapsedMs / 1000);
  const rate = Math.round(transferred / seconds);
  return {
    processingRateBytesPS: rate,
    processingRateItemsPS: Math.round((processed * 120) / seconds),
    readRateBytesPS: Math.round(rate * 1.2),
    writeRateBytesPS: Math.round(rate * 0.7),
    transferredDataBytes: transferred,
    processedObjects: processed,
    bottleneck: done ? 'Source' : processed === 0 ? 'Detecting' : 'Target',
  };
}
