import type { BackupType, Resolvers, ScheduleType } from '../generated/resolvers.generated.js';
import { upstreamDateTime } from '../scalars.js';
import { relationPath } from '../upstream/links.js';
import { guidArg, resources, upstreamGuid } from '../upstream/routes.js';
import type { BackupTypeDto, SchedulePolicyDto } from '../upstream/types.js';
import { connectionFields, loadConnection, pageWindow, type PageArgs } from './connections.js';
import { known } from './enums.js';
import { sessionStatus } from './job-sessions.js';
import { prefetch, selectedChildren } from './lookahead.js';

const BACKUP_TYPE: Record<BackupTypeDto, BackupType> = {
  SelectedItems: 'SELECTED_ITEMS',
  EntireOrganization: 'ENTIRE_ORGANIZATION',
};

const SCHEDULE_TYPE: Record<SchedulePolicyDto['type'], ScheduleType> = {
  Periodically: 'PERIODICALLY',
  Daily: 'DAILY',
  ManualOnly: 'MANUAL_ONLY',
};

export const jobResolvers: Resolvers = {
  Query: {
    job: (_parent, { id }, { loaders, limits }, info) => {
      const jobId = guidArg(id, 'id');
      // Like Query.jobSession: the job's sessions page needs only the job id, so start it now.
      for (const child of selectedChildren(info)) {
        if (child.name === 'sessions') {
          const window = child.args as PageArgs;
          prefetch(() => loadConnection(loaders.jobSessionPageByKey, resources.jobSessionsOfJob(jobId), pageWindow(window, limits.maxPageSize)));
        }
      }
      return loaders.jobByPath.load(resources.job(jobId));
    },
    jobs: (_parent, _args, { loaders }) => loaders.jobListByPath.load(resources.jobs()),
  },
  Job: {
    description: (job) => job.description ?? null,
    lastStatus: (job) => (job.lastStatus == null ? null : sessionStatus(job.lastStatus)),
    lastRun: (job) => upstreamDateTime(job.lastRun),
    nextRun: (job) => upstreamDateTime(job.nextRun),
    backupType: (job) => known(BACKUP_TYPE, job.backupType),
    schedulePolicy: (job) => job.schedulePolicy ?? null,
    sessions: (job, args, { loaders, limits }) => {
      const window = pageWindow(args, limits.maxPageSize);
      const sessions = relationPath(job._links?.jobsessions, ['jobSessionPageOfJob']) ?? resources.jobSessionsOfJob(upstreamGuid(job.id));
      return loadConnection(loaders.jobSessionPageByKey, sessions, window);
    },
    organization: (job, _args, { loaders }) => {
      const organization = relationPath(job._links?.organization, ['organization']);
      return organization ? loaders.organizationByPath.load(organization) : null;
    },
  },
  SchedulePolicy: {
    type: (policy) => known(SCHEDULE_TYPE, policy.type),
  },
};
