import { facadeError } from '../../errors.js';
import type { LogItemStatus } from '../../schema-types.generated.js';
import type { JobModel, JobSessionModel, LogItemModel, OrganizationModel } from '../../model.js';
import { Fields, known, optionalKnown, type Decoder } from '../decode.js';
import { pathFromHref } from '../links.js';
import { resources } from '../routes.js';
import {
  BACKUP_TYPE,
  BOTTLENECK,
  CONFIG_TYPE,
  JOB_TYPE,
  ORGANIZATION_TYPE,
  SCHEDULE_TYPE,
  SESSION_STATUS,
  TITLE_STATUS,
} from './enums.js';
import type { ApiAdapter, SessionFilters } from './types.js';

/**
 * A session of any version: v5's fields, plus those later versions add (null when absent).
 * Each version's server sends only its own; reading them all here keeps one decoder.
 */
export const decodeJobSession: Decoder<JobSessionModel> = (value) => {
  const f = Fields.of(value, 'job session');
  const statusText = f.string('status');
  const statistics = f.optionalObject('statistics');
  return {
    id: f.guid('id'),
    status: known(SESSION_STATUS, statusText),
    statusText,
    creationTime: f.dateTime('creationTime'),
    endTime: f.optionalDateTime('endTime'),
    progress: f.optionalInt('progress'),
    details: f.optionalString('details'),
    retryCount: f.optionalInt('retryCount'),
    statistics: statistics && {
      processingRateBytesPS: statistics.optionalNumber('processingRateBytesPS'),
      processingRateItemsPS: statistics.optionalNumber('processingRateItemsPS'),
      readRateBytesPS: statistics.optionalNumber('readRateBytesPS'),
      writeRateBytesPS: statistics.optionalNumber('writeRateBytesPS'),
      transferredDataBytes: statistics.optionalNumber('transferredDataBytes'),
      processedObjects: statistics.optionalNumber('processedObjects'),
      bottleneck: optionalKnown(BOTTLENECK, statistics.optionalString('bottleneck')),
    },
    jobType: optionalKnown(JOB_TYPE, f.optionalString('jobType')),
    configType: optionalKnown(CONFIG_TYPE, f.optionalString('jobSessionConfigType')),
    willBeRetried: f.optionalBoolean('jobWillBeRetried'),
    mainSessionId: f.optionalGuid('mainSessionId'),
    repositoryId: f.optionalGuid('repositoryId'),
    proxyId: f.optionalGuid('proxyId'),
    jobId: f.optionalGuid('jobId'),
    links: f.links(),
  };
};

const PREFIX = /^\[([^\]]*)\]\s*/;

/** Splits `[Success] Job started at ...` into its status and message. */
export function parseTitle(title: string): { status: LogItemStatus; message: string } {
  const match = PREFIX.exec(title);
  if (!match) return { status: 'UNKNOWN', message: title };
  const status = TITLE_STATUS[(match[1] ?? '').trim().toLowerCase()] ?? 'UNKNOWN';
  return { status, message: title.slice(match[0].length) };
}

/** A v5-v7 log item: status and message come from its title. */
export const decodeTitledLogItem: Decoder<LogItemModel> = (value) => {
  const f = Fields.of(value, 'log item');
  const title = f.string('title');
  return {
    id: f.guid('id'),
    usn: f.long('usn'),
    title,
    ...parseTitle(title),
    creationTime: f.dateTime('creationTime'),
    endTime: f.optionalDateTime('endTime'),
    links: f.links(),
  };
};

/** The organization a job protects: v8 names it, older versions only link to it. */
function organizationIdOf(f: Fields, links: Record<string, string>): string | null {
  const stated = f.optionalGuid('organizationId');
  if (stated !== null || links.organization === undefined) return stated;
  try {
    return pathFromHref(links.organization, ['organization']).path.split('/')[2] ?? null;
  } catch {
    return null;
  }
}

export const decodeJob: Decoder<JobModel> = (value) => {
  const f = Fields.of(value, 'job');
  const policy = f.optionalObject('schedulePolicy');
  const links = f.links();
  const lastStatus = f.optionalString('lastStatus');
  return {
    id: f.guid('id'),
    name: f.string('name'),
    description: f.optionalString('description'),
    lastStatus: optionalKnown(SESSION_STATUS, lastStatus),
    lastRun: f.optionalDateTime('lastRun'),
    nextRun: f.optionalDateTime('nextRun'),
    lastBackup: f.optionalDateTime('lastBackup'),
    isEnabled: f.boolean('isEnabled'),
    backupType: known(BACKUP_TYPE, f.optionalString('backupType')),
    schedulePolicy: policy && {
      type: known(SCHEDULE_TYPE, policy.optionalString('type')),
      periodicallyEvery: policy.optionalString('periodicallyEvery'),
      dailyType: policy.optionalString('dailyType'),
      dailyTime: policy.optionalString('dailyTime'),
      retryEnabled: policy.optionalBoolean('retryEnabled'),
      retryNumber: policy.optionalInt('retryNumber'),
      retryWaitInterval: policy.optionalInt('retryWaitInterval'),
    },
    organizationId: organizationIdOf(f, links),
    links,
  };
};

export const decodeOrganization: Decoder<OrganizationModel> = (value) => {
  const f = Fields.of(value, 'organization');
  return {
    id: f.guid('id'),
    name: f.string('name'),
    type: known(ORGANIZATION_TYPE, f.optionalString('type')),
    region: f.optionalString('region'),
    isExchangeOnline: f.optionalBoolean('isExchangeOnline'),
    isSharePointOnline: f.optionalBoolean('isSharePointOnline'),
    isTeamsOnline: f.optionalBoolean('isTeamsOnline'),
    isTeamsChatsOnline: f.optionalBoolean('isTeamsChatsOnline'),
    officeName: f.optionalString('officeName'),
    isBackedUp: f.optionalBoolean('isBackedup'),
    firstBackupTime: f.optionalDateTime('firstBackuptime'),
    lastBackupTime: f.optionalDateTime('lastBackuptime'),
    links: f.links(),
  };
};

/** The filters a version can apply, in the order versions added them. */
export type SessionFilter = keyof SessionFilters;

/** `/JobSessions` parameters of the filters in `supported`; any other filter given is refused. */
export function sessionFilterQuery(filters: SessionFilters, supported: readonly SessionFilter[], version: string): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(filters) as [SessionFilter, string | null | undefined][]) {
    if (value == null) continue;
    if (!supported.includes(name)) {
      throw facadeError('NOT_SUPPORTED_BY_SERVER', `The backup server speaks API ${version}, which cannot filter job sessions by "${name}".`);
    }
    const parameter = SESSION_FILTER_PARAMETERS[name];
    query[parameter.name] = parameter.value(value);
  }
  return query;
}

const UPSTREAM_JOB_TYPE: Readonly<Record<string, string>> = { BACKUP: 'Backup', COPY: 'Copy' };
// v8 spells a successful session "Succeeded" in this filter (and "Success" in the session itself).
const UPSTREAM_STATUS_FILTER: Readonly<Record<string, string>> = {
  STOPPED: 'Stopped',
  RUNNING: 'Running',
  SUCCESS: 'Succeeded',
  FAILED: 'Failed',
  WARNING: 'Warning',
};

const SESSION_FILTER_PARAMETERS: Record<SessionFilter, { name: string; value: (value: string) => string }> = {
  status: {
    name: 'status',
    value: (status) =>
      UPSTREAM_STATUS_FILTER[status] ??
      badFilter(`The backup server can filter job sessions by status STOPPED, RUNNING, SUCCESS, FAILED or WARNING only, not ${status}.`),
  },
  jobType: {
    name: 'jobType',
    value: (type) => UPSTREAM_JOB_TYPE[type] ?? badFilter('Argument "jobType" must be BACKUP or COPY.'),
  },
  jobId: { name: 'jobId', value: (id) => id },
  endedAfter: { name: 'endTimeLowerBound', value: (time) => time },
  endedBefore: { name: 'endTimeUpperBound', value: (time) => time },
};

function badFilter(message: string): never {
  throw facadeError('NOT_SUPPORTED_BY_SERVER', message);
}

const jobAction = (jobId: string, action: string) => ({
  path: `/jobs/${jobId}/action`,
  template: '/jobs/{id}/action',
  body: JSON.stringify({ [action]: null }),
});

/** API v5 (deprecated in product 8, still served): absolute hrefs, plain lists, `action` writes. */
export const v5: ApiAdapter = {
  version: 'v5',
  decodeJobSession,
  decodeLogItem: decodeTitledLogItem,
  decodeJob,
  decodeOrganization,
  sessionFilters: (filters) => sessionFilterQuery(filters, [], 'v5'),
  sessionsOfJob: (jobId, link) => ({ resource: link() ?? resources.jobSessionsOfJob(jobId), query: {}, paged: true }),
  jobs: () => ({ resource: resources.jobs(), query: {}, paged: false }),
  organizations: () => ({ resource: resources.organizations(), query: {}, paged: false }),
  jobsOfOrganization: (organizationId, link) => ({
    resource: link() ?? resources.jobsOfOrganization(organizationId),
    query: {},
    paged: false,
  }),
  hasServiceInstance: false,
  signInFields: {},
  logout: undefined,
  jobAction: (jobId, action, full) => {
    if (full) throw facadeError('NOT_SUPPORTED_BY_SERVER', 'API v5 cannot choose a full backup when starting a job.');
    return jobAction(jobId, action);
  },
  startReturnsSession: false,
  sessionChanges: () => undefined,
};
