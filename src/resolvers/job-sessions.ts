import type { Bottleneck, JobSessionStatus, Resolvers } from '../generated/resolvers.generated.js';
import { relationPath } from '../upstream/links.js';
import { guidArg, resources } from '../upstream/routes.js';
import type { BottleneckDto, JobSessionDto, SessionStatusDto } from '../upstream/types.js';

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

/** Maps an upstream status spelling to the enum, UNKNOWN for values newer servers may add. */
export function sessionStatus(value: string | null | undefined): JobSessionStatus {
  return (value && Object.hasOwn(SESSION_STATUS, value) ? SESSION_STATUS[value as SessionStatusDto] : undefined) ?? 'UNKNOWN';
}

/** The session's log collection: its `log` link when it has one, else the v5 path by id. */
export function logItemsOf(session: JobSessionDto) {
  return relationPath(session._links?.log, ['logItemPage']) ?? resources.logItems(guidArg(session.id, 'id'));
}

export const jobSessionResolvers: Resolvers = {
  Query: {
    jobSession: (_parent, { id }, { loaders }) => loaders.jobSessionByPath.load(resources.jobSession(guidArg(id, 'id'))),
  },
  JobSession: {
    status: (session) => sessionStatus(session.status),
    statusText: (session) => session.status,
    endTime: (session) => session.endTime ?? null,
    details: (session) => session.details ?? null,
    retryCount: (session) => session.retryCount ?? null,
    logItem: (session, { id }, { loaders }) => {
      const logItemId = guidArg(id, 'id');
      return loaders.logItemByPath.load(resources.itemOf(logItemsOf(session), logItemId));
    },
  },
  JobSessionStatistics: {
    bottleneck: (statistics) =>
      statistics.bottleneck && Object.hasOwn(BOTTLENECK, statistics.bottleneck) ? BOTTLENECK[statistics.bottleneck] : 'UNKNOWN',
  },
};
