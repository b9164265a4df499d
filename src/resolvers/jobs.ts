import type { Window } from '../datasource/pages.js';
import type { Resolvers } from '../generated/resolvers.generated.js';
import { guidArg, pageWindow, type PageArgs } from './arguments.js';
import { selectedChildren } from './lookahead.js';

export const jobResolvers: Resolvers = {
  Query: {
    job: (_parent, { id }, { api, limits }, info) => {
      // Like Query.jobSession: the job's sessions page needs only the job id, so start it now.
      const sessionWindows: Window[] = [];
      for (const child of selectedChildren(info)) {
        if (child.name !== 'sessions') continue;
        try {
          sessionWindows.push(pageWindow(child.args as PageArgs, limits.maxPageSize));
        } catch {
          // Reported by Job.sessions with its code.
        }
      }
      return api.job(guidArg(id, 'id'), { sessionWindows });
    },
    jobs: (_parent, _args, { api }) => api.jobs(),
  },
  Job: {
    sessions: (job, args, { api, limits }) => api.sessionsOf(job, pageWindow(args, limits.maxPageSize)),
    organization: (job, _args, { api }) => api.organizationOf(job),
  },
};
