import { facadeError } from '../../errors.js';
import { resources } from '../routes.js';
import { registryReads } from './registry.js';
import type { ApiAdapter, SessionFilters } from './types.js';

export { decodeJobSession } from '../resources/job-session.js';

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
  ...registryReads('v5'),
  sessionFilters: (filters) => sessionFilterQuery(filters, [], 'v5'),
  sessionsOfJob: (jobId, link) => ({ resource: link() ?? resources.jobSessionsOfJob(jobId), query: {}, paged: true }),
  jobsOfOrganization: (organizationId, link) => ({
    resource: link() ?? resources.jobsOfOrganization(organizationId),
    query: {},
    paged: false,
  }),
  signInFields: {},
  logout: undefined,
  jobAction: (jobId, action, full) => {
    if (full) throw facadeError('NOT_SUPPORTED_BY_SERVER', 'API v5 cannot choose a full backup when starting a job.');
    return jobAction(jobId, action);
  },
  startReturnsSession: false,
  sessionChanges: () => undefined,
};
