import type { Resolvers } from '../generated/resolvers.generated.js';
import { partOf, summary } from '../servers/summary.js';
import { serverApis } from './cross-server.js';

export const summaryResolvers: Resolvers = {
  Query: {
    // The servers are checked (BAD_USER_INPUT, UNAUTHENTICATED) before any upstream call.
    summary: (_parent, { servers, since }, context) => summary(serverApis(context, servers), since),
  },
  ServerSummary: {
    // The full BackupServer: its version, reachability and sign-in come from BackupServer's resolvers.
    server: (part) => ({ name: part.server }),
    sessions: (part) => partOf(part, part.sessions),
    failedJobs: (part) => partOf(part, part.failedJobs),
    repositoriesLowOnSpace: (part) => partOf(part, part.repositoriesLowOnSpace),
    license: (part) => partOf(part, part.license),
  },
};
