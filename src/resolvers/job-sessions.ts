import { apiOf, lookupApi } from './server-of.js';
import type { GraphQLResolveInfo } from 'graphql';
import type { SessionLookahead } from '../datasource/backup-api.js';
import type { Window } from '../datasource/pages.js';
import type { QueryJobSessionsArgs, Resolvers } from '../generated/resolvers.generated.js';
import type { SessionFilters } from '../upstream/adapters/index.js';
import { guidArg, optionalGuidArg, pageWindow, type PageArgs } from './arguments.js';
import { connectionFields } from './connections.js';
import { selectedChildren } from './lookahead.js';
import { crossServerPage, oneServer } from './cross-server.js';
import { jobSessionsList } from '../servers/lists.js';

/** The filters of `jobSessions` (and `jobSessionsChanged`), validated. */
export function sessionFilters(args: Omit<Partial<QueryJobSessionsArgs>, 'first' | 'after' | 'servers'>): SessionFilters {
  return {
    status: args.status ?? null,
    jobType: args.jobType ?? null,
    jobId: optionalGuidArg(args.jobId, 'jobId'),
    endedAfter: args.endedAfter ?? null,
    endedBefore: args.endedBefore ?? null,
  };
}

/** Children addressed by arguments need only the session id: the data source starts them with it. */
function lookahead(info: GraphQLResolveInfo, maxPageSize: number): SessionLookahead {
  const logItemIds: string[] = [];
  const logItemWindows: Window[] = [];
  for (const child of selectedChildren(info)) {
    try {
      if (child.name === 'logItem' && typeof child.args.id === 'string') logItemIds.push(guidArg(child.args.id, 'id'));
      else if (child.name === 'logItems') logItemWindows.push(pageWindow(child.args as PageArgs, maxPageSize));
    } catch {
      // Invalid arguments: the child resolver reports them with their code.
    }
  }
  return { logItemIds, logItemWindows };
}

export const jobSessionResolvers: Resolvers = {
  Query: {
    jobSession: (_parent, { id, server }, context, info) => {
      const sessionId = guidArg(id, 'id');
      return lookupApi(context, server).jobSession(sessionId, lookahead(info, context.limits.maxPageSize));
    },
    jobSessions: (_parent, args, context, info) => {
      const filters = sessionFilters(args);
      if (oneServer(context)) return context.api.jobSessions(pageWindow(args, context.limits.maxPageSize), filters);
      return crossServerPage(context, info, args.servers, jobSessionsList(filters), args);
    },
  },
  JobSession: {
    job: (session, _args, context) => apiOf(session, context).jobOf(session),
    mainSession: (session, _args, context) => apiOf(session, context).mainSessionOf(session),
    logItems: (session, args, context) => apiOf(session, context).logItems(session, pageWindow(args, context.limits.maxPageSize)),
    logItem: (session, { id }, context) => {
      const itemId = guidArg(id, 'id');
      return apiOf(session, context).logItem(session, itemId);
    },
  },
  JobSessionConnection: connectionFields,
};
