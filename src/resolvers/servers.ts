import type { GraphQLContext } from '../context.js';
import type { BackupApi } from '../datasource/backup-api.js';
import type { BackupServerModel } from '../model.js';
import type { Resolvers } from '../generated/resolvers.generated.js';
import license from '../upstream/resources/license.js';
import serverHealth from '../upstream/resources/server-health.js';
import { serverError } from '../servers/server-errors.js';
import { SERVER_STAMPED_TYPES } from './costs.js';
import { parentServer } from './server-of.js';

/** `server` of any object read from a backup server: the server its data source stamped it with. */
const serverField = { server: (parent: unknown, _args: unknown, context: GraphQLContext): BackupServerModel => ({ name: parentServer(parent, context) }) };

/** The status of a server, or a clear error for one the configuration no longer names. */
const statusOf = (server: BackupServerModel, context: GraphQLContext) => context.servers.status(server.name);

/**
 * A field read on the server itself with the session's token: null when the session is not
 * signed in there. Any failure names the server (`extensions.server`), as a list's does, so a
 * query over `servers` tells which server failed while the others answer.
 */
async function readOn<T>(server: BackupServerModel, context: GraphQLContext, read: (api: BackupApi) => Promise<T>): Promise<T | null> {
  if (!statusOf(server, context)?.signedIn) return null;
  try {
    return await read(context.servers.api(server.name));
  } catch (error) {
    throw serverError(server.name, error);
  }
}

export const serverListResolvers: Resolvers = {
  Query: {
    servers: (_parent, _args, context) => {
      context.servers.requireCredential();
      return context.servers.configured.map((name) => ({ name }));
    },
  },
  Mutation: {
    createSession: (_parent, { credentials }, context) => context.sessions.create(credentials),
    refreshSession: (_parent, { token }, context) => context.sessions.refresh(token),
    signOutSession: (_parent, _args, context) => context.sessions.signOut(),
  },
  BackupServer: {
    name: (server) => server.name,
    apiVersion: (server, _args, context) => statusOf(server, context)?.apiVersion ?? null,
    reachable: async (server, _args, context) => (await statusOf(server, context)?.reachable()) ?? false,
    signedIn: (server, _args, context) => statusOf(server, context)?.signedIn ?? false,
    productVersion: (server, _args, context) => readOn(server, context, (api) => api.productVersion()),
    license: (server, _args, context) => readOn(server, context, (api) => api.singleton(license)),
    // v8+: an older version's NOT_SUPPORTED_BY_SERVER comes without a call, naming the server like any failure.
    health: (server, _args, context) => readOn(server, context, (api) => api.singleton(serverHealth)),
  },
  ...(Object.fromEntries(SERVER_STAMPED_TYPES.map((type) => [type, serverField])) as Resolvers),
};
