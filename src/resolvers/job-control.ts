import type { GraphQLError } from 'graphql';
import type { GraphQLContext } from '../context.js';
import type { Resolvers } from '../generated/resolvers.generated.js';
import type { JobSessionModel } from '../model.js';
import type { JobAction } from '../upstream/adapters/index.js';
import type { BackupApi } from '../datasource/backup-api.js';
import { guidArg } from './arguments.js';
import { lookupApi } from './server-of.js';

/** Runs one job action and logs it at info: request id, operation, job id, outcome; never the token. */
async function audited<T>(context: GraphQLContext, action: JobAction, jobId: string, run: () => Promise<T>): Promise<T> {
  try {
    const result = await run();
    context.audit?.info({ requestId: context.requestId, operation: `${action}Job`, jobId, outcome: 'ok' }, 'job control');
    return result;
  } catch (error) {
    const code = (error as Partial<GraphQLError>).extensions?.code ?? 'INTERNAL_SERVER_ERROR';
    context.audit?.info({ requestId: context.requestId, operation: `${action}Job`, jobId, outcome: code }, 'job control');
    throw error;
  }
}

/** Statuses of a session that a start has just created. */
const JUST_STARTED: ReadonlySet<string> = new Set(['RUNNING', 'QUEUED']);

/**
 * The session a start created: v8 answers with it. Older versions answer without it; then it
 * is the job's newest session when that one is running or queued (the server refuses to start
 * a running job, so a running one is this start's), else null.
 */
async function startedSession(api: BackupApi, jobId: string, answered: JobSessionModel | undefined) {
  if (answered) return answered;
  const newest = await api.sessionsOf(jobId, { offset: 0, limit: 1 });
  const session = newest.items[0];
  return session && JUST_STARTED.has(session.status) ? session : null;
}

const act = (action: Exclude<JobAction, 'start'>) => async (_parent: unknown, { id, server }: { id: string; server?: string | null }, context: GraphQLContext) => {
  const jobId = guidArg(id, 'id');
  const api = lookupApi(context, server);
  return audited(context, action, jobId, async () => {
    await api.jobAction(jobId, action);
    return api.job(jobId);
  });
};

export const jobControlResolvers: Resolvers = {
  Mutation: {
    startJob: (_parent, { id, full, server }, context) => {
      const jobId = guidArg(id, 'id');
      const api = lookupApi(context, server);
      return audited(context, 'start', jobId, async () => {
        const answered = await api.jobAction(jobId, 'start', full ?? false);
        const [session, job] = await Promise.all([startedSession(api, jobId, answered), api.job(jobId)]);
        return { job, session };
      });
    },
    stopJob: act('stop'),
    enableJob: act('enable'),
    disableJob: act('disable'),
  },
};
