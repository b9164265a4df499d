import type { JobSessionDto, JobSessionStatisticsDto, LogItemDto, SessionStatusDto } from './wire-v5.js';
import { pick, pickWeighted, randomGuid, randomInt, type Random } from './prng.js';
import { formatStamp, formatUsDateTime, type StampStyle } from './time-format.js';

export type ObjectKind = 'mailbox' | 'site' | 'team' | 'onedrive';

export interface PinnedSession {
  readonly status: SessionStatusDto;
  readonly id?: string;
  readonly startMs?: number;
  readonly startTicks?: number;
  readonly logItemCount?: number;
  readonly firstLogItemId?: string;
}

/** What buildSessions needs to know about one job. */
export interface SessionPlan {
  readonly jobId: string;
  readonly organizationId: string;
  /** Mail domain of the organization, for object names. */
  readonly domain: string;
  readonly objectKind: ObjectKind;
  /** Objects a full run processes. */
  readonly objectCount: number;
  /** Average bytes transferred per object. */
  readonly bytesPerObject: number;
  /** The simulated world's "now" (epoch ms): running sessions are open up to it. */
  readonly now: number;
  /** Scheduled start of the newest session; older ones go back by `intervalMs`. */
  readonly newestStart: number;
  readonly intervalMs: number;
  readonly jitterMs: number;
  readonly sessionCount: number;
  /** Sessions (by index, 0 = newest) with fixed properties; index 0 sets the job's lastStatus. */
  readonly pinned: Readonly<Record<number, PinnedSession>>;
}

export type LogItemRecord = Readonly<
  Omit<LogItemDto, '_links'> & {
    /** The session the item belongs to (and its links name). */
    jobSessionId: string;
  }
>;

/** A session as v5 knows it, plus its relations. */
export type BaseSessionRecord = Readonly<
  Omit<JobSessionDto, '_links'> & {
    jobId: string;
    organizationId: string;
    /** usn ascending. */
    logItems: readonly LogItemRecord[];
  }
>;

export interface SessionDraft {
  readonly startMs: number;
  readonly session: BaseSessionRecord;
}

const HISTORY_STATUSES: readonly (readonly [SessionStatusDto, number])[] = [
  ['Success', 62],
  ['Warning', 18],
  ['Failed', 10],
  ['Stopped', 4],
  ['Disconnected', 3],
  ['NotConfigured', 3],
];

const STAMP_STYLES: readonly (readonly [StampStyle, number])[] = [
  ['local', 85],
  ['utc', 10],
  ['short', 5],
];

/** A job's sessions, newest first. */
export function buildSessions(random: Random, plan: SessionPlan): SessionDraft[] {
  return Array.from({ length: plan.sessionCount }, (_, index) => buildSession(random, plan, index));
}

function buildSession(random: Random, plan: SessionPlan, index: number): SessionDraft {
  const pin = plan.pinned[index];
  const status = pin?.status ?? pickWeighted(random, HISTORY_STATUSES);
  const id = pin?.id ?? randomGuid(random);
  const startMs =
    pin?.startMs ??
    plan.newestStart - index * plan.intervalMs - randomInt(random, 0, plan.jitterMs) + randomInt(random, 0, 999);
  const style = pin?.id === undefined ? pickStyle(random) : 'local';
  const creationTime = formatStamp(startMs, pin?.startTicks ?? randomInt(random, 0, 9999), style);
  const total = pin?.logItemCount === undefined ? plan.objectCount : pin.logItemCount - 2;
  const processed = processedObjects(random, status, total);
  const endMs = runEnd(random, status, startMs, processed);
  const logCount =
    pin?.logItemCount ?? (status === 'Queued' || status === 'NotConfigured' ? 3 : randomInt(random, 3, 15));

  const session: BaseSessionRecord = {
    id,
    jobId: plan.jobId,
    organizationId: plan.organizationId,
    creationTime,
    // v5 servers write null for a running session's end; a queued one here omits the field.
    ...(status === 'Queued'
      ? {}
      : { endTime: endMs === undefined ? null : formatStamp(endMs, randomInt(random, 0, 9999), style) }),
    progress: processed,
    status,
    statistics: buildStatistics(random, status, processed, plan.bytesPerObject, (endMs ?? plan.now) - startMs),
    ...(random() < 0.55 ? { details: sessionDetails(status, processed, total) } : {}),
    ...(random() < 0.5 ? { retryCount: status === 'Failed' ? randomInt(random, 1, 3) : 0 } : {}),
    logItems: buildLogItems(random, {
      sessionId: id,
      status,
      startMs,
      creationTime,
      endMs,
      now: plan.now,
      total,
      titles: logTitles(random, { status, startMs, endMs, now: plan.now, total, count: logCount }, (k) => objectLabel(plan, k)),
      ...(pin?.firstLogItemId === undefined ? {} : { firstItemId: pin.firstLogItemId }),
    }),
  };
  return { startMs, session };
}

function pickStyle(random: Random): StampStyle {
  return pickWeighted(random, STAMP_STYLES);
}

function processedObjects(random: Random, status: SessionStatusDto, total: number): number {
  switch (status) {
    case 'Success':
    case 'Warning':
      return total;
    case 'Queued':
    case 'NotConfigured':
      return 0;
    default:
      return randomInt(random, 1, Math.max(1, total - 1));
  }
}

/** End of the run in epoch ms; undefined while it is still open. */
function runEnd(random: Random, status: SessionStatusDto, startMs: number, processed: number): number | undefined {
  if (status === 'Running' || status === 'Queued') return undefined;
  if (status === 'NotConfigured') return startMs + randomInt(random, 2_000, 8_000);
  return startMs + processed * randomInt(random, 8_000, 40_000) + randomInt(random, 20_000, 90_000);
}

function buildStatistics(
  random: Random,
  status: SessionStatusDto,
  processed: number,
  bytesPerObject: number,
  durationMs: number,
): JobSessionStatisticsDto {
  if (processed === 0) {
    return {
      processingRateBytesPS: 0,
      processingRateItemsPS: 0,
      readRateBytesPS: 0,
      writeRateBytesPS: 0,
      transferredDataBytes: 0,
      processedObjects: 0,
      bottleneck: 'NA',
    };
  }
  const transferred = Math.round(processed * bytesPerObject * (0.6 + random() * 0.8));
  const seconds = Math.max(1, durationMs / 1000);
  const rate = Math.round(transferred / seconds);
  return {
    processingRateBytesPS: rate,
    processingRateItemsPS: Math.max(1, Math.round((processed * randomInt(random, 40, 400)) / seconds)),
    readRateBytesPS: Math.round(rate * (1.05 + random() * 0.5)),
    writeRateBytesPS: Math.round(rate * (0.5 + random() * 0.45)),
    transferredDataBytes: transferred,
    processedObjects: processed,
    bottleneck: status === 'Running' ? 'Detecting' : pick(random, ['Source', 'Target', 'NA'] as const),
  };
}

function sessionDetails(status: SessionStatusDto, processed: number, total: number): string {
  switch (status) {
    case 'Success':
      return '';
    case 'Warning':
      return 'Processing finished with warnings. See the session log for details.';
    case 'Failed':
      return `Failed to process ${total - processed} of ${total} objects.`;
    case 'Running':
      return `Processed ${processed} of ${total} objects.`;
    case 'Queued':
      return 'Waiting for available backup proxy resources.';
    case 'Stopped':
      return 'Stopped by user.';
    case 'Disconnected':
      return 'Connection to the backup proxy was lost.';
    case 'NotConfigured':
      return 'No objects are selected for backup.';
  }
}

interface TitlePlan {
  readonly status: SessionStatusDto;
  readonly startMs: number;
  readonly endMs: number | undefined;
  /** Where an open session's log ends. */
  readonly now: number;
  readonly total: number;
  readonly count: number;
}

const WARNINGS = [
  'Item size exceeds the maximum allowed size and was skipped',
  'Some items were skipped because they are in use',
  'Microsoft 365 throttled the requests; processing was slowed down',
] as const;

const ERRORS = [
  'The remote server returned an error: (503) Server Unavailable.',
  'Access is denied to the specified object.',
  'The operation has timed out.',
] as const;

/** Titles in usn order; the status lives only in the bracketed prefix, some have none. */
function logTitles(random: Random, plan: TitlePlan, label: (k: number) => string): string[] {
  const started = `[Success] Job started at ${formatUsDateTime(plan.startMs)}`;
  const ended = formatUsDateTime(plan.endMs ?? plan.now);
  switch (plan.status) {
    case 'Queued':
      return [
        started,
        '[Info] Job is queued: waiting for available backup proxy resources',
        'Waiting for the backup repository to become available',
      ];
    case 'NotConfigured':
      return [started, '[Warning] No objects are selected for backup', `[Failed] Job finished with errors at ${ended}`];
    case 'Running': {
      const middle = middleTitles(random, plan, plan.count - 1, label);
      return [started, ...middle];
    }
    default: {
      const middle = middleTitles(random, plan, plan.count - 2, label);
      return [started, ...middle, finalTitle(plan.status, ended)];
    }
  }
}

function middleTitles(random: Random, plan: TitlePlan, count: number, label: (k: number) => string): string[] {
  return Array.from({ length: count }, (_, k) => {
    if (k === count - 1) {
      const closing = closingTitle(random, plan.status, label(k));
      if (closing !== undefined) return closing;
    }
    if (k === 0 && count > 1) return `[Info] Found ${plan.total} objects to process`;
    return processingTitle(random, plan.status, label(k));
  });
}

/** The item that explains the session's status, when the status needs one. */
function closingTitle(random: Random, status: SessionStatusDto, label: string): string | undefined {
  switch (status) {
    case 'Warning':
      return `[Warning] Processing ${label} finished with warning: ${pick(random, WARNINGS)}`;
    case 'Failed':
      return `[Failed] Processing ${label} failed: ${pick(random, ERRORS)}`;
    case 'Disconnected':
      return `[Failed] Lost connection to the backup proxy while processing ${label}`;
    case 'Stopped':
    case 'Running':
      return `Processing ${label}`;
    default:
      return undefined;
  }
}

function processingTitle(random: Random, status: SessionStatusDto, label: string): string {
  const prefix = pickWeighted(random, [
    ['Success', 82],
    ['', 12],
    ['Warning', status === 'Success' ? 0 : 6],
  ] as const);
  if (prefix === 'Warning') return `[Warning] Processing ${label} finished with warning: ${pick(random, WARNINGS)}`;
  return prefix === '' ? `Processing ${label}` : `[Success] Processing ${label}`;
}

function finalTitle(status: SessionStatusDto, ended: string): string {
  switch (status) {
    case 'Warning':
      return `[Warning] Job finished with warnings at ${ended}`;
    case 'Failed':
      return `[Failed] Job finished with errors at ${ended}`;
    case 'Stopped':
      return `[Info] Job stopped by user at ${ended}`;
    case 'Disconnected':
      return `[Failed] Job session disconnected at ${ended}`;
    default:
      return `[Success] Job finished at ${ended}`;
  }
}

const PEOPLE = [
  'adele.vance',
  'alex.wilber',
  'diego.siciliani',
  'grady.archie',
  'henrietta.mueller',
  'isaiah.langer',
  'johanna.lorenz',
  'joni.sherman',
  'lee.gu',
  'lidia.holloway',
  'lynne.robbins',
  'megan.bowen',
  'miriam.graham',
  'nestor.wilke',
  'patti.fernandez',
  'pradeep.gupta',
] as const;
const SITES = [
  'Marketing',
  'Sales and Marketing',
  'Human Resources',
  'Engineering',
  'Mark 8 Project Team',
  'Retail',
  'Legal',
  'Operations',
  'Finance',
] as const;
const TEAMS = [
  'Sales Team',
  'Design',
  'Digital Initiative Public Relations',
  'Leadership',
  'U.S. Sales',
  'Project Falcon',
] as const;

/** Name of the k-th object a job processes, unique per job. */
export function objectLabel(plan: Pick<SessionPlan, 'objectKind' | 'domain'>, k: number): string {
  const named = (pool: readonly string[], separator: string): string => {
    const round = Math.floor(k / pool.length);
    return `${pool[k % pool.length] ?? ''}${round === 0 ? '' : `${separator}${round}`}`;
  };
  switch (plan.objectKind) {
    case 'mailbox':
      return `mailbox ${named(PEOPLE, '')}@${plan.domain}`;
    case 'onedrive':
      return `OneDrive of ${named(PEOPLE, '')}@${plan.domain}`;
    case 'site':
      return `site ${named(SITES, ' ')}`;
    case 'team':
      return `team ${named(TEAMS, ' ')}`;
  }
}

interface LogPlan {
  readonly sessionId: string;
  readonly status: SessionStatusDto;
  readonly startMs: number;
  /** The session's creationTime, reused verbatim by the first item. */
  readonly creationTime: string;
  readonly endMs: number | undefined;
  /** Where an open session's log ends. */
  readonly now: number;
  readonly total: number;
  readonly titles: readonly string[];
  readonly firstItemId?: string;
}

function buildLogItems(random: Random, plan: LogPlan): LogItemRecord[] {
  const open = plan.endMs === undefined;
  const spanEnd = plan.endMs ?? plan.now;
  const slot = (spanEnd - plan.startMs) / plan.titles.length;
  const lastIndex = plan.titles.length - 1;
  return plan.titles.map((title, j): LogItemRecord => {
    const base = {
      id: j === 0 && plan.firstItemId !== undefined ? plan.firstItemId : randomGuid(random),
      usn: j + 1,
      title,
    };
    if (j === 0)
      return { ...base, creationTime: plan.creationTime, endTime: plan.creationTime, jobSessionId: plan.sessionId };
    const style = pickStyle(random);
    if (j === lastIndex && plan.endMs !== undefined) {
      const stamp = formatStamp(plan.endMs, randomInt(random, 0, 9999), style);
      return { ...base, creationTime: stamp, endTime: stamp, jobSessionId: plan.sessionId };
    }
    const creationMs = Math.round(plan.startMs + j * slot + random() * slot * 0.1);
    const endMs = creationMs + Math.round(slot * (0.2 + random() * 0.6));
    return {
      ...base,
      creationTime: formatStamp(creationMs, randomInt(random, 0, 9999), style),
      endTime: j === lastIndex && open ? null : formatStamp(endMs, randomInt(random, 0, 9999), style),
      jobSessionId: plan.sessionId,
    };
  });
}
