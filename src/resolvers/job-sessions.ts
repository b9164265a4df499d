import type { Bottleneck, JobSessionStatus, Resolvers } from '../generated/resolvers.generated.js';
import { upstreamDateTime } from '../scalars.js';
import { relationPath } from '../upstream/links.js';
import { guidArg, resources, upstreamGuid } from '../upstream/routes.js';
import type { BottleneckDto, JobSessionDto, SessionStatusDto } from '../upstream/types.js';
import { known } from './enums.js';
import { connectionFields, loadConnection, pageWindow, type PageArgs } from './connections.js';
import { prefetch, selectedChildren } from './lookahead.js';

const SESSION_STATUS: Record<SessionStatusDto, JobSessionStatus> = {
  Stopped: 'STOPPED',
  Running: 'RUNNING',
  Success: 'SUCCESS',
  Warning: 'WARNING',
  Failed: 'FAILED',
  Disconnected: 'DISCONNECTED',
  NotConfigured: 'NOT_CONFIGURED',
  Queued: 'QUEUED',
};

const BOTTLENECK: Record<BottleneckDto, Bottleneck> = {
  NA: 'NA',
  Detecting: 'DETECTING',
  Source: 'SOURCE',
  Target: 'TARGET',
};

export function sessionStatus(value: string | null | undefined): JobSessionStatus {
  return known(SESSION_STATUS, value);
}

/** The session's log collection: its `log` link when it has one, else the v5 path by id. */
export function logItemsOf(session: JobSessionDto) {
  return relationPath(session._links?.log, ['logItemPage']) ?? resources.logItems(upstreamGuid(session.id));
}

export const jobSessionResolvers: Resolvers = {
  Query: {
    jobSession: (_parent, { id }, { loaders, limits }, info) => {
      const sessionId = guidArg(id, 'id');
      // The floor is one round trip: children addressed by arguments need only the session id.
      for (const child of selectedChildren(info)) {
        if (child.name === 'logItem' && typeof child.args.id === 'string') {
          const logItemId = child.args.id;
          prefetch(() => loaders.logItemByPath.load(resources.logItem(sessionId, guidArg(logItemId, 'id'))));
        } else if (child.name === 'logItems') {
          const window = child.args as PageArgs;
          prefetch(() => loadConnection(loaders.logItemPageByKey, resources.logItems(sessionId), pageWindow(window, limits.maxPageSize)));
        }
      }
      return loaders.jobSessionByPath.load(resources.jobSession(sessionId));
    },
    jobSessions: (_parent, args, { loaders, limits }) =>
      loadConnection(loaders.jobSessionPageByKey, resources.jobSessions(), pageWindow(args, limits.maxPageSize)),
  },
  JobSession: {
    status: (session) => sessionStatus(session.status),
    statusText: (session) => session.status,
    creationTime: (session) => upstreamDateTime(session.creationTime) ?? '',
    endTime: (session) => upstreamDateTime(session.endTime),
    details: (session) => session.details ?? null,
    retryCount: (session) => session.retryCount ?? null,
    job: (session, _args, { loaders }) => {
      const job = relationPath(session._links?.job, ['job']);
      return job ? loaders.jobByPath.load(job) : null;
    },
    logItems: (session, args, { loaders, limits }) => {
      const window = pageWindow(args, limits.maxPageSize);
      return loadConnection(loaders.logItemPageByKey, logItemsOf(session), window);
    },
    logItem: (session, { id }, { loaders }) => {
      const logItemId = guidArg(id, 'id');
      return loaders.logItemByPath.load(resources.itemOf(logItemsOf(session), logItemId));
    },
  },
  JobSessionStatistics: {
    bottleneck: (statistics) => known(BOTTLENECK, statistics.bottleneck),
  },
  JobSessionConnection: connectionFields,
};
