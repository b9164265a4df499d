import type { BackupApi } from '../datasource/backup-api.js';
import type { GraphQLContext } from '../context.js';
import { facadeError } from '../errors.js';
import { serverOf } from '../model.js';

/** The data source of the server a lookup's `server:` names (or the only one held); errors before any upstream call. */
export function lookupApi(context: GraphQLContext, server: string | null | undefined): BackupApi {
  return context.servers.api(context.servers.pick(server));
}

/** The server an object was read from: its relations are read there, with that server's token. */
export function parentServer(parent: unknown, context: GraphQLContext): string {
  const name = serverOf(parent);
  if (name !== undefined) return name;
  // Every decoded object is stamped; an unstamped one can only come from the one server there is.
  if (context.servers.configured.length === 1) return context.servers.configured[0]!;
  throw facadeError('UPSTREAM_BAD_RESPONSE', 'The facade lost track of the backup server an object was read from.');
}

/** The data source of the server `parent` was read from. */
export function apiOf(parent: unknown, context: GraphQLContext): BackupApi {
  return context.servers.api(parentServer(parent, context));
}
