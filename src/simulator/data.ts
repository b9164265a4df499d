import type {
  BackupTypeDto,
  JobDto,
  JobSessionDto,
  OrganizationDto,
  SchedulePolicyDto,
  SessionStatusDto,
} from './wire-v5.js';
import { createRandom, randomGuid } from './prng.js';
import {
  buildSessions,
  type BaseSessionRecord,
  type ObjectKind,
  type SessionDraft,
  type SessionPlan,
} from './sessions.js';
import { formatStamp, serverTime } from './time-format.js';
import type { JobSessionConfigTypeDto, JobTypeDto } from './wire.js';

export type { LogItemRecord } from './sessions.js';

/** Records are the DTOs without `_links` (links depend on the advertised base) plus their relations. */
export type OrganizationRecord = Readonly<
  Omit<OrganizationDto, '_links'> & {
    officeName: string;
    /** v6+. */
    isTeamsChatsOnline: boolean;
    isBackedup: boolean;
    firstBackuptime: string | null;
    lastBackuptime: string | null;
  }
>;

/** What a run of the job processes; drives the sessions a started job creates. */
export interface JobWorkload {
  readonly objectKind: ObjectKind;
  readonly objectCount: number;
  readonly bytesPerObject: number;
  /** Mail domain of the organization, for object names. */
  readonly domain: string;
  /** Runs of this job log one warning and end with Warning. */
  readonly warns: boolean;
}

export type JobRecord = Readonly<
  Omit<JobDto, '_links'> & {
    organizationId: string;
    backupRepositoryId: string;
    /** v7+: end of the newest session that backed something up. */
    lastBackup: string | null;
    /** v8. */
    eTag: number;
    workload: JobWorkload;
  }
>;

/** A backup copy job: only its sessions (jobType Copy, v6+) and its own record are served. */
export interface CopyJobRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly backupJobId: string;
  readonly organizationId: string;
  readonly repositoryId: string;
  readonly isEnabled: boolean;
  readonly lastRun: string | null;
  readonly lastStatus: SessionStatusDto | null;
}
/** A session with the fields v7 and v8 add. */
export type SessionRecord = BaseSessionRecord &
  Readonly<{
    jobType: JobTypeDto;
    /** The main session this one retries (v7+), or null. */
    mainSessionId: string | null;
    jobWillBeRetried: boolean;
    repositoryId: string;
    jobSessionConfigType: JobSessionConfigTypeDto;
    eTag: number;
    proxyId: string | null;
    proxyPoolId: string | null;
  }>;

/**
 * `GET /jobsessions/{jobSessionId}/logitems/{logItemId}` answered with another session's item,
 * as in Veeam's own documented example (the seed).
 */
export interface LogItemAlias {
  readonly jobSessionId: string;
  readonly logItemId: string;
  readonly servedJobSessionId: string;
  readonly servedLogItemId: string;
}

export interface SimulatorData {
  readonly organizations: readonly OrganizationRecord[];
  readonly jobs: readonly JobRecord[];
  /** Every backup session (the ones v5 lists), newest first. */
  readonly sessions: readonly SessionRecord[];
  /** Backup copy jobs (v6+ list their sessions too). */
  readonly copyJobs: readonly CopyJobRecord[];
  /** Sessions of the copy jobs (jobType Copy), newest first; v5 does not know them. */
  readonly copySessions: readonly SessionRecord[];
  readonly logItemAliases: readonly LogItemAlias[];
}

export interface DemoUser {
  readonly userName: string;
  readonly password: string;
  /** Organization ids the user may see, or every organization. */
  readonly organizations: 'all' | readonly string[];
}

export const ORGANIZATION_IDS = Object.freeze({
  contoso: '3f1c6a2e-8d4b-4e57-9a0c-5b7e21d9c4f8',
  fabrikam: '7b9e0d41-2c6f-4a83-b5d2-e0f13a6c8b97',
  northwind: 'a4d2f7c9-61e8-4b05-8f3a-9c27b5e4d016',
});
type OrganizationKey = keyof typeof ORGANIZATION_IDS;
const ORGANIZATION_KEYS: readonly OrganizationKey[] = ['contoso', 'fabrikam', 'northwind'];

/** The ids of Veeam's documented example (the seed page). */
export const SEED = Object.freeze({
  jobSessionId: 'be376069-2865-4156-a9bc-825cef7d687e',
  logItemId: 'e7668151-524f-4fa5-a30a-c647bf7ca8c5',
  linkedJobSessionId: '859277ed-b238-458c-9dec-2830e45e15fc',
  servedLogItemId: '6e61733d-738b-41e1-bd0d-d0b3340159d5',
});

export const DEMO_USERS: readonly DemoUser[] = Object.freeze([
  Object.freeze({ userName: 'admin', password: 'demo-password', organizations: 'all' as const }),
  Object.freeze({
    userName: 'fabrikam-operator',
    password: 'demo-password-2',
    organizations: Object.freeze([ORGANIZATION_IDS.fabrikam]),
  }),
]);

export function canSeeOrganization(user: DemoUser, organizationId: string): boolean {
  return user.organizations === 'all' || user.organizations.includes(organizationId);
}

type OrganizationSettings = Omit<
  OrganizationRecord,
  'id' | 'isBackedup' | 'firstBackuptime' | 'lastBackuptime'
>;

const ORGANIZATIONS: Readonly<Record<OrganizationKey, OrganizationSettings>> = {
  contoso: {
    name: 'contoso.onmicrosoft.com',
    officeName: 'Contoso',
    type: 'Office365',
    region: 'Worldwide',
    isExchangeOnline: true,
    isSharePointOnline: true,
    isTeamsOnline: true,
    isTeamsChatsOnline: true,
  },
  fabrikam: {
    name: 'fabrikam.onmicrosoft.com',
    officeName: 'Fabrikam',
    type: 'Office365',
    region: 'Germany',
    isExchangeOnline: true,
    isSharePointOnline: true,
    isTeamsOnline: false,
    isTeamsChatsOnline: false,
  },
  northwind: {
    name: 'northwind.local',
    officeName: 'Northwind Traders',
    type: 'Hybrid',
    region: 'Worldwide',
    isExchangeOnline: true,
    isSharePointOnline: false,
    isTeamsOnline: false,
    isTeamsChatsOnline: false,
  },
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The moment the job specs below are written for (their `newestStart`s are wall-clock times of a
 * server in +03:00 shortly before it). The data is moved by the simulator's start minus this, so
 * it ends when the simulator starts: sessions of the last two weeks, the running one started
 * minutes ago. Only the seed's pinned session (`startMs`) keeps its documented time.
 */
const SPECS_WRITTEN_FOR = serverTime(2021, 3, 8, 12, 0);

/** A job's own settings plus how to generate its sessions (the plan, less what the job decides). */
interface JobSpec extends Omit<SessionPlan, 'jobId' | 'organizationId' | 'domain' | 'now'> {
  readonly organization: OrganizationKey;
  readonly name: string;
  readonly description: string;
  readonly backupType: BackupTypeDto;
  readonly schedulePolicy: SchedulePolicyDto;
  readonly isEnabled: boolean;
}

function daily(dailyTime: string, dailyType = 'Everyday'): SchedulePolicyDto {
  return {
    type: 'Daily',
    dailyType,
    dailyTime,
    retryEnabled: true,
    retryNumber: 3,
    retryWaitInterval: 10,
    backupWindowEnabled: false,
  };
}

function periodically(periodicallyEvery: string): SchedulePolicyDto {
  return {
    type: 'Periodically',
    periodicallyEvery,
    retryEnabled: true,
    retryNumber: 2,
    retryWaitInterval: 5,
    backupWindowEnabled: false,
  };
}

const MANUAL_ONLY: SchedulePolicyDto = { type: 'ManualOnly', retryEnabled: false };

const JOB_SPECS: readonly JobSpec[] = [
  {
    organization: 'contoso',
    name: 'Contoso Exchange Daily',
    description: 'Executive and shared mailboxes',
    backupType: 'SelectedItems',
    schedulePolicy: daily('01:00:00'),
    isEnabled: true,
    objectKind: 'mailbox',
    objectCount: 48,
    bytesPerObject: 45_000_000,
    newestStart: serverTime(2021, 3, 8, 1, 0),
    intervalMs: DAY,
    jitterMs: 0,
    sessionCount: 14,
    pinned: {
      0: { status: 'Success' },
      // Recent enough to be on the first page of sessions (100, newest first).
      3: { id: SEED.jobSessionId, status: 'Success' },
      // 2021-02-26T01:00:00.1732347+03:00, the seed log item's timestamp
      10: {
        id: SEED.linkedJobSessionId,
        status: 'Warning',
        startMs: Date.UTC(2021, 1, 25, 22, 0, 0, 173),
        startTicks: 2347,
        firstLogItemId: SEED.servedLogItemId,
      },
    },
  },
  {
    organization: 'contoso',
    name: 'Contoso SharePoint Online',
    description: 'All sites of the organization',
    backupType: 'EntireOrganization',
    schedulePolicy: periodically('Hours8'),
    isEnabled: true,
    objectKind: 'site',
    objectCount: 36,
    bytesPerObject: 180_000_000,
    newestStart: serverTime(2021, 3, 8, 11, 30),
    intervalMs: 8 * HOUR,
    jitterMs: 120_000,
    sessionCount: 40,
    pinned: { 0: { status: 'Running' } },
  },
  {
    organization: 'contoso',
    name: 'Contoso Teams',
    description: 'Run on demand before team archival',
    backupType: 'SelectedItems',
    schedulePolicy: MANUAL_ONLY,
    isEnabled: true,
    objectKind: 'team',
    objectCount: 12,
    bytesPerObject: 30_000_000,
    newestStart: serverTime(2021, 3, 5, 16, 12),
    intervalMs: 3 * DAY,
    jitterMs: 6 * HOUR,
    sessionCount: 4,
    pinned: { 0: { status: 'Stopped' } },
  },
  {
    organization: 'fabrikam',
    name: 'Fabrikam Mailboxes',
    description: 'Every mailbox of the organization',
    backupType: 'EntireOrganization',
    schedulePolicy: daily('22:00:00'),
    isEnabled: true,
    objectKind: 'mailbox',
    objectCount: 64,
    bytesPerObject: 90_000_000,
    newestStart: serverTime(2021, 3, 7, 22, 0),
    intervalMs: DAY,
    jitterMs: 0,
    sessionCount: 14,
    pinned: { 0: { status: 'Failed' }, 2: { status: 'Success', logItemCount: 312 } },
  },
  {
    organization: 'fabrikam',
    name: 'Fabrikam OneDrive',
    description: 'OneDrive of the sales department',
    backupType: 'SelectedItems',
    schedulePolicy: periodically('Hours4'),
    isEnabled: true,
    objectKind: 'onedrive',
    objectCount: 20,
    bytesPerObject: 120_000_000,
    newestStart: serverTime(2021, 3, 8, 11, 58, 41),
    intervalMs: 4 * HOUR,
    jitterMs: 60_000,
    sessionCount: 40,
    pinned: { 0: { status: 'Queued' } },
  },
  {
    organization: 'northwind',
    name: 'Northwind Exchange On-Premises',
    description: 'On-premises mailboxes of the hybrid organization',
    backupType: 'SelectedItems',
    schedulePolicy: daily('23:30:00'),
    isEnabled: true,
    objectKind: 'mailbox',
    objectCount: 30,
    bytesPerObject: 25_000_000,
    newestStart: serverTime(2021, 3, 7, 23, 30),
    intervalMs: DAY,
    jitterMs: 0,
    sessionCount: 14,
    pinned: { 0: { status: 'Disconnected' } },
  },
  {
    organization: 'northwind',
    name: 'Northwind Archive Mailboxes',
    description: '',
    backupType: 'EntireOrganization',
    schedulePolicy: daily('03:00:00', 'Saturday'),
    isEnabled: false,
    objectKind: 'mailbox',
    objectCount: 15,
    bytesPerObject: 400_000_000,
    newestStart: serverTime(2021, 3, 6, 3, 0),
    intervalMs: 7 * DAY,
    jitterMs: 0,
    sessionCount: 2,
    pinned: { 0: { status: 'NotConfigured' } },
  },
];

const DATA_SEED = 20210226;
/** A second source for what v6+ add, so the v5 data does not depend on them. */
const EXTRA_SEED = 20240801;

/** 0 for the default dataset; any other variant name gives other job and session ids, statuses and counts' order. */
function variantSalt(variant: string): number {
  let hash = 0;
  for (const char of variant) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0;
  return hash;
}

/** Backup copy jobs: which backup job each copies, and how many sessions it has. */
const COPY_SPECS: readonly { readonly source: string; readonly sessionCount: number }[] = [
  { source: 'Contoso Exchange Daily', sessionCount: 6 },
  { source: 'Fabrikam Mailboxes', sessionCount: 5 },
];

/**
 * Builds the dataset as of `now` (epoch ms, the simulator's start). Pure: equal `now` and
 * `variant`, equal data; the ids, statuses and counts do not depend on `now` at all. `variant`
 * (default 0, the documented data) draws other ids, statuses and times for the same jobs, so
 * several simulators stand for different servers.
 */
export function createSimulatorData(now: number, variant = ''): SimulatorData {
  const shift = now - SPECS_WRITTEN_FOR;
  const salt = variantSalt(variant);
  const random = createRandom(DATA_SEED ^ salt);
  const repositoryIds: Record<OrganizationKey, string> = {
    contoso: randomGuid(random),
    fabrikam: randomGuid(random),
    northwind: randomGuid(random),
  };
  const jobs: JobRecord[] = [];
  const drafts: Draft[] = [];
  const plans = new Map<string, SessionPlan>();

  for (const spec of JOB_SPECS) {
    const organizationId = ORGANIZATION_IDS[spec.organization];
    const jobId = randomGuid(random);
    const plan: SessionPlan = {
      jobId,
      organizationId,
      domain: ORGANIZATIONS[spec.organization].name,
      ...spec,
      now,
      newestStart: spec.newestStart + shift,
    };
    plans.set(spec.name, plan);
    const jobDrafts = buildSessions(random, plan);
    drafts.push(...jobDrafts.map((draft) => ({ ...draft, spec })));
    jobs.push(buildJob(spec, plan, repositoryIds[spec.organization], jobDrafts));
  }

  const extra = createRandom(EXTRA_SEED ^ salt);
  const proxyIds: Record<OrganizationKey, string> = {
    contoso: randomGuid(extra),
    fabrikam: randomGuid(extra),
    northwind: randomGuid(extra),
  };
  const copyJobs: CopyJobRecord[] = [];
  const copyDrafts: Draft[] = [];
  for (const copy of COPY_SPECS) {
    const spec = JOB_SPECS.find((s) => s.name === copy.source);
    const plan = plans.get(copy.source);
    if (spec === undefined || plan === undefined) throw new Error(`No job named ${copy.source}`);
    const copyJobId = randomGuid(extra);
    const jobDrafts = buildSessions(extra, {
      ...plan,
      jobId: copyJobId,
      newestStart: plan.newestStart + 2 * HOUR,
      sessionCount: copy.sessionCount,
      pinned: {},
    });
    copyDrafts.push(...jobDrafts.map((draft) => ({ ...draft, spec })));
    copyJobs.push({
      id: copyJobId,
      name: `${spec.name} (copy)`,
      description: `Copies the backups of ${spec.name} to the archive repository`,
      backupJobId: plan.jobId,
      organizationId: plan.organizationId,
      repositoryId: randomGuid(extra),
      isEnabled: true,
      lastRun: jobDrafts[0]?.session.creationTime ?? null,
      lastStatus: jobDrafts[0]?.session.status ?? null,
    });
  }

  const repositoryOf = (draft: Draft): string =>
    copyJobs.find((c) => c.id === draft.session.jobId)?.repositoryId ?? repositoryIds[draft.spec.organization];
  const decorate = (all: Draft[], jobType: 'Backup' | 'Copy'): SessionRecord[] =>
    decorateSessions(all, jobType, (draft) => ({ repositoryId: repositoryOf(draft), proxyId: proxyIds[draft.spec.organization] }));

  drafts.sort((a, b) => b.startMs - a.startMs);
  copyDrafts.sort((a, b) => b.startMs - a.startMs);
  const sessions = decorate(drafts, 'Backup');
  const copySessions = decorate(copyDrafts, 'Copy');
  return {
    organizations: ORGANIZATION_KEYS.map((key): OrganizationRecord => ({
      id: ORGANIZATION_IDS[key],
      ...ORGANIZATIONS[key],
      ...backupTimes(sessions.filter((s) => s.organizationId === ORGANIZATION_IDS[key])),
    })),
    jobs,
    sessions,
    copyJobs,
    copySessions,
    logItemAliases: [
      {
        jobSessionId: SEED.jobSessionId,
        logItemId: SEED.logItemId,
        servedJobSessionId: SEED.linkedJobSessionId,
        servedLogItemId: SEED.servedLogItemId,
      },
    ],
  };
}

interface Draft extends SessionDraft {
  readonly spec: JobSpec;
}

const BACKED_UP: readonly SessionStatusDto[] = ['Success', 'Warning'];

/**
 * Adds the v7/v8 fields. A session right after a failed one of the same job is its retry
 * (`mainSessionId` names the first failed session of the chain); a job's oldest session was a full run.
 */
function decorateSessions(
  drafts: readonly Draft[],
  jobType: 'Backup' | 'Copy',
  placement: (draft: Draft) => { repositoryId: string; proxyId: string },
): SessionRecord[] {
  const byJob = new Map<string, Draft[]>();
  for (const draft of drafts) byJob.set(draft.session.jobId, [...(byJob.get(draft.session.jobId) ?? []), draft]);
  const mains = new Map<string, string>();
  for (const jobDrafts of byJob.values()) {
    // Oldest first, so a chain of failures points at its first session.
    for (let i = jobDrafts.length - 2; i >= 0; i -= 1) {
      const previous = jobDrafts[i + 1]?.session;
      const current = jobDrafts[i]?.session;
      if (previous?.status === 'Failed' && current !== undefined) {
        mains.set(current.id, mains.get(previous.id) ?? previous.id);
      }
    }
  }
  const retried = new Set(mains.values());
  return drafts.map((draft): SessionRecord => {
    const jobDrafts = byJob.get(draft.session.jobId) ?? [];
    const mainSessionId = mains.get(draft.session.id) ?? null;
    return {
      ...draft.session,
      jobType,
      mainSessionId,
      jobWillBeRetried: retried.has(draft.session.id),
      ...placement(draft),
      jobSessionConfigType: jobDrafts.at(-1) === draft && mainSessionId === null ? 'Full' : 'Incremental',
      eTag: 1,
      proxyPoolId: null,
    };
  });
}

function backupTimes(
  sessions: readonly SessionRecord[],
): Pick<OrganizationRecord, 'isBackedup' | 'firstBackuptime' | 'lastBackuptime'> {
  const backedUp = sessions.filter((s) => BACKED_UP.includes(s.status));
  return {
    isBackedup: backedUp.length > 0,
    firstBackuptime: backedUp.at(-1)?.creationTime ?? null,
    lastBackuptime: backedUp[0]?.endTime ?? null,
  };
}

function buildJob(spec: JobSpec, plan: SessionPlan, backupRepositoryId: string, drafts: readonly SessionDraft[]): JobRecord {
  const newest = drafts[0]?.session;
  return {
    id: plan.jobId,
    organizationId: plan.organizationId,
    backupRepositoryId,
    name: spec.name,
    description: spec.description,
    lastStatus: newest?.status ?? null,
    lastRun: newest?.creationTime ?? null,
    nextRun: nextRun(spec, plan.newestStart),
    isEnabled: spec.isEnabled,
    backupType: spec.backupType,
    schedulePolicy: spec.schedulePolicy,
    lastBackup: drafts.find((d) => BACKED_UP.includes(d.session.status))?.session.endTime ?? null,
    eTag: 1,
    workload: {
      objectKind: spec.objectKind,
      objectCount: spec.objectCount,
      bytesPerObject: spec.bytesPerObject,
      domain: ORGANIZATIONS[spec.organization].name,
      warns: spec.backupType === 'EntireOrganization',
    },
  };
}

function nextRun(spec: JobSpec, newestStart: number): string | null {
  if (!spec.isEnabled || spec.schedulePolicy.type === 'ManualOnly') return null;
  return formatStamp(newestStart + spec.intervalMs, 0, 'short');
}

/** Every status a session can have, in the API's spelling. */
export const SESSION_STATUSES: readonly SessionStatusDto[] = Object.freeze([
  'Stopped',
  'Running',
  'Success',
  'Warning',
  'Failed',
  'Disconnected',
  'NotConfigured',
  'Queued',
]);
