import type { Resolvers } from '../generated/resolvers.generated.js';
import { facadeError } from '../errors.js';
import type { JobSessionModel, LogItemModel } from '../model.js';
import { logCatchUp, logFollower, restoreSessionUpdates, sessionChanges, sessionUpdates } from '../live/sources.js';
import restoreSessionResource, { type RestoreSessionModel } from '../upstream/resources/restore-session.js';
import { guidArg } from './arguments.js';
import { sessionFilters } from './job-sessions.js';
import { oneServer } from './cross-server.js';
import { serverError } from '../servers/server-errors.js';
import { mergeStreams } from '../servers/streams.js';

const passThrough = <T>(payload: T) => payload;

export const subscriptionResolvers: Resolvers = {
  Subscription: {
    jobSessionUpdated: {
      subscribe: (_parent, { id, server }, { live }) => {
        const sessionId = guidArg(id, 'id');
        return live.subscribe<JobSessionModel, ReturnType<typeof sessionUpdates>>(`session:${sessionId}`, () => sessionUpdates(sessionId), undefined, server);
      },
      resolve: passThrough<JobSessionModel>,
    },
    logItemAdded: {
      subscribe: (_parent, { jobSessionId, afterUsn, server }, context) => {
        const sessionId = guidArg(jobSessionId, 'jobSessionId');
        const name = context.servers.pick(server);
        const api = context.servers.api(name);
        // Items strictly after the last one this subscriber got: no gaps, no repeats, usn order.
        let last = afterUsn ?? -1;
        return context.live.subscribe<LogItemModel, ReturnType<typeof logFollower>>(`log:${sessionId}`, () => logFollower(sessionId), {
          accept: (item) => {
            if (item.usn <= last) return false;
            last = item.usn;
            return true;
          },
          // A late joiner reads, with its own token, what the shared follower read before it came.
          prelude: (follower) => logCatchUp(api, sessionId, follower.offset, last),
        }, name);
      },
      resolve: passThrough<LogItemModel>,
    },
    jobSessionsChanged: {
      subscribe: (_parent, args, context) => {
        const filters = sessionFilters(args);
        const resource = `changes:${JSON.stringify(filters)}`;
        if (oneServer(context)) {
          context.api.checkSessionFilters(filters);
          return context.live.subscribe<JobSessionModel, ReturnType<typeof sessionChanges>>(resource, () => sessionChanges(filters));
        }
        // Every server named must apply the filters (no wrong rows), checked before any stream starts.
        const names = context.servers.select(args.servers);
        for (const name of names) {
          try {
            context.servers.api(name).checkSessionFilters(filters);
          } catch (error) {
            throw serverError(name, error);
          }
        }
        // Each server's own live hub, with the caller's token for it; each event is stamped with its server.
        const streams: { name: string; stream: AsyncIterableIterator<JobSessionModel> }[] = [];
        try {
          for (const name of names) {
            streams.push({ name, stream: context.live.subscribe<JobSessionModel, ReturnType<typeof sessionChanges>>(resource, () => sessionChanges(filters), undefined, name) });
          }
        } catch (error) {
          // A refused stream (e.g. too many subscriptions) ends the ones already started.
          for (const { stream } of streams) void stream.return?.();
          throw error;
        }
        return mergeStreams(streams);
      },
      resolve: passThrough<JobSessionModel>,
    },
    restoreSessionUpdated: {
      subscribe: (_parent, { id, server }, context) => {
        const sessionId = guidArg(id, 'id');
        const name = context.servers.pick(server);
        const api = context.servers.api(name);
        if (!api.serves(restoreSessionResource)) {
          throw facadeError('NOT_SUPPORTED_BY_SERVER', `The backup server speaks API ${api.version}, which has no restore sessions (v6+ has).`);
        }
        return context.live.subscribe<RestoreSessionModel, ReturnType<typeof restoreSessionUpdates>>(`restore:${sessionId}`, () => restoreSessionUpdates(sessionId), undefined, name);
      },
      resolve: passThrough<RestoreSessionModel>,
    },
  },
};
