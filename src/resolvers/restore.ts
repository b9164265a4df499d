import type { Resolvers } from '../generated/resolvers.generated.js';
import backupRepository from '../upstream/resources/backup-repository.js';
import jobResource from '../upstream/resources/job.js';
import organizationResource from '../upstream/resources/organization.js';
import restorePoint from '../upstream/resources/restore-point.js';
import restoreSession from '../upstream/resources/restore-session.js';
import { guidArg, optionalGuidArg, pageWindow } from './arguments.js';
import { connectionFields } from './connections.js';

/** Query parameters from validated arguments; a filter left out is not sent. */
function query(parameters: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(parameters).filter((entry): entry is [string, string] => entry[1] !== null));
}

export const restoreResolvers: Resolvers = {
  Query: {
    restorePoints: (_parent, args, { api, limits }) => {
      const window = pageWindow(args, limits.maxPageSize);
      const filters = query({ organizationId: optionalGuidArg(args.organizationId, 'organizationId'), jobId: optionalGuidArg(args.jobId, 'jobId') });
      return api.page(restorePoint, window, filters);
    },
    restoreSessions: (_parent, args, { api, limits }) => {
      const window = pageWindow(args, limits.maxPageSize);
      return api.page(restoreSession, window, query({ startTimeFrom: args.startedAfter ?? null, startTimeTo: args.startedBefore ?? null }));
    },
    restoreSession: (_parent, { id }, { api }) => api.item(restoreSession, guidArg(id, 'id')),
  },
  RestorePoint: {
    organization: (point, _args, { api }) =>
      point.organizationId === null ? api.related(point.links, 'organization', organizationResource) : api.item(organizationResource, point.organizationId),
    job: (point, _args, { api }) => (point.jobId === null ? api.related(point.links, 'job', jobResource) : api.item(jobResource, point.jobId)),
    repository: (point, _args, { api }) =>
      point.repositoryId === null ? api.related(point.links, 'repository', backupRepository) : api.item(backupRepository, point.repositoryId),
  },
  RestoreSession: {
    // A real server may link `organization` to the session's own view of it (`/RestoreSessions/{id}/organization`).
    organization: (session, _args, { api }) => api.relatedIfOf(session.links, 'organization', organizationResource),
    events: (session, args, { api, limits }) => api.restoreSessionEvents(session, pageWindow(args, limits.maxPageSize)),
    statistics: (session, _args, { api }) => api.restoreSessionStatistics(session),
  },
  RestorePointConnection: connectionFields,
  RestoreSessionConnection: connectionFields,
  RestoreSessionEventConnection: connectionFields,
};
