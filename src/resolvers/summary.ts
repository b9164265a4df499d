import type { BackupApi } from '../datasource/backup-api.js';
import { badUserInput } from '../errors.js';
import type { Resolvers } from '../generated/resolvers.generated.js';
import type { ServerApi } from '../servers/server-errors.js';
import { partOf, summary } from '../servers/summary.js';

/** The name of the one backup server `VBM_API_URL` configures. */
const SINGLE_SERVER = 'default';

/** The servers a request may summarize: today the one configured server. */
function serversOf(names: readonly string[] | null | undefined, api: BackupApi): ServerApi[] {
  const unknown = (names ?? []).find((name) => name !== SINGLE_SERVER);
  if (unknown !== undefined) throw badUserInput(`Argument "servers" names "${unknown.slice(0, 64)}", which is not a server of this session.`);
  return [{ name: SINGLE_SERVER, api }];
}

export const summaryResolvers: Resolvers = {
  Query: {
    summary: (_parent, { servers, since }, { api }) => summary(serversOf(servers, api), since),
  },
  ServerSummary: {
    server: (part) => ({ name: part.server }),
    sessions: (part) => partOf(part, part.sessions),
    failedJobs: (part) => partOf(part, part.failedJobs),
    repositoriesLowOnSpace: (part) => partOf(part, part.repositoriesLowOnSpace),
    license: (part) => partOf(part, part.license),
  },
};
