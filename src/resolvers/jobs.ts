import type { Window } from '../datasource/pages.js';
import type { Resolvers } from '../generated/resolvers.generated.js';
import { apiOf, lookupApi } from './server-of.js';
import { guidArg, pageWindow, type PageArgs } from './arguments.js';
import { selectedChildren } from './lookahead.js';
import { crossServerRows, oneServer } from './cross-server.js';
import jobResource from '../upstream/resources/job.js';

export const jobResolvers: Resolvers = {
  Query: {
    job: (_parent, { id, server }, context, info) => {
      // Like Query.jobSession: the job's sessions page needs only the job id, so start it now.
      const sessionWindows: Window[] = [];
      for (const child of selectedChildren(info)) {
        if (child.name !== 'sessions') continue;
        try {
          sessionWindows.push(pageWindow(child.args as PageArgs, context.limits.maxPageSize));
        } catch {
          // Reported by Job.sessions with its code.
        }
      }
      const jobId = guidArg(id, 'id');
      return lookupApi(context, server).job(jobId, { sessionWindows });
    },
    jobs: (_parent, { servers }, context, info) => (oneServer(context) ? context.api.jobs() : crossServerRows(context, info, servers, jobResource)),
  },
  Job: {
    sessions: (job, args, context) => apiOf(job, context).sessionsOf(job, pageWindow(args, context.limits.maxPageSize)),
    organization: (job, _args, context) => apiOf(job, context).organizationOf(job),
  },
};
