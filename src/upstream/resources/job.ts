import type { JobModel } from '../../model.js';
import { BACKUP_TYPE, SCHEDULE_TYPE, SESSION_STATUS } from '../enums.js';
import { Fields, known, optionalKnown, type Decoder } from '../decode.js';
import { defineResource, each, free, fromVersion, once, page } from './define.js';

const ORGANIZATION_HREF = /\/v\d+\/organizations\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?(?:[?#]|$)/i;

/** The organization a job protects: v8 names it, older versions only link to it. */
function organizationIdOf(f: Fields, links: Record<string, string>): string | null {
  const stated = f.optionalGuid('organizationId');
  if (stated !== null || links.organization === undefined) return stated;
  return ORGANIZATION_HREF.exec(links.organization)?.[1]?.toLowerCase() ?? null;
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
    repositoryId: f.optionalGuid('repositoryId'),
    links,
  };
};

/** `/Jobs/{id}` and `/Jobs` (a plain array before v8, pages on v8); v5-v7 also list an organization's jobs. */
export default defineResource({
  name: 'job',
  what: 'job',
  routes: {
    job: 'jobs/{id}',
    jobList: 'jobs',
    jobListOfOrganization: 'organizations/{id}/jobs',
  },
  list: 'jobList',
  decoders: fromVersion({ v5: decodeJob }),
  paging: fromVersion({ v5: 'array', v8: 'pages' }),
  costs: {
    Query: { job: each, jobs: each },
    Job: {
      id: free,
      name: free,
      description: free,
      lastStatus: free,
      lastRun: free,
      nextRun: free,
      lastBackup: free,
      isEnabled: free,
      backupType: free,
      schedulePolicy: free,
      organizationId: free,
      sessions: page,
      organization: once,
    },
    SchedulePolicy: 'free',
  },
});
