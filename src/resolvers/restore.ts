import type { Resolvers } from '../generated/resolvers.generated.js';
import { apiOf, lookupApi } from './server-of.js';
import backupRepository from '../upstream/resources/backup-repository.js';
import jobResource from '../upstream/resources/job.js';
import organizationResource from '../upstream/resources/organization.js';
import restorePoint from '../upstream/resources/restore-point.js';
import restoreSession from '../upstream/resources/restore-session.js';
import { guidArg, optionalGuidArg, pageWindow } from './arguments.js';
import { connectionFields } from './connections.js';
import { crossServerPage, oneServer } from './cross-server.js';
import { resourceList } from '../servers/lists.js';

/** Query parameters from validated arguments; a filter left out is not sent. */
function query(parameters: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(parameters).filter((entry): entry is [string, string] => entry[1] !== null));
}

export const restoreResolvers: Resolvers = {
  Query: {
    restorePoints: (_parent, args, context, info) => {
      const filters = query({ organizationId: optionalGuidArg(args.organizationId, 'organizationId'), jobId: optionalGuidArg(args.jobId, 'jobId') });
      if (oneServer(context)) return context.api.page(restorePoint, pageWindow(args, context.limits.maxPageSize), filters);
      // Every version lists restore points newest first by the time of their backup.
      return crossServerPage(context, info, args.servers, resourceList(restorePoint, filters, (point) => point.backupTime), args);
    },
    restoreSessions: (_parent, args, context, info) => {
      const filters = query({ startTimeFrom: args.startedAfter ?? null, startTimeTo: args.startedBefore ?? null });
      if (oneServer(context)) return context.api.page(restoreSession, pageWindow(args, context.limits.maxPageSize), filters);
      // Restore sessions come newest first by their start (v8 documents `orderBy=CreationTime`, descending, as the default).
      return crossServerPage(context, info, args.servers, resourceList(restoreSession, filters, (session) => session.creationTime), args);
    },
    restoreSession: (_parent, { id, server }, context) => {
      const sessionId = guidArg(id, 'id');
      return lookupApi(context, server).item(restoreSession, sessionId);
    },
  },
  RestorePoint: {
    organization: (point, _args, context) =>
      point.organizationId === null ? apiOf(point, context).related(point.links, 'organization', organizationResource) : apiOf(point, context).item(organizationResource, point.organizationId),
    job: (point, _args, context) => (point.jobId === null ? apiOf(point, context).related(point.links, 'job', jobResource) : apiOf(point, context).item(jobResource, point.jobId)),
    repository: (point, _args, context) =>
      point.repositoryId === null ? apiOf(point, context).related(point.links, 'repository', backupRepository) : apiOf(point, context).item(backupRepository, point.repositoryId),
  },
  RestoreSession: {
    // A real server may link `organization` to the session's own view of it (`/RestoreSessions/{id}/organization`).
    organization: (session, _args, context) => apiOf(session, context).relatedIfOf(session.links, 'organization', organizationResource),
    events: (session, args, context) => apiOf(session, context).restoreSessionEvents(session, pageWindow(args, context.limits.maxPageSize)),
    statistics: (session, _args, context) => apiOf(session, context).restoreSessionStatistics(session),
  },
  RestorePointConnection: connectionFields,
  RestoreSessionConnection: connectionFields,
  RestoreSessionEventConnection: connectionFields,
};
