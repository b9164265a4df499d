import { GraphQLError } from 'graphql';
import type { BackupApi } from '../datasource/backup-api.js';

declare module 'graphql' {
  interface GraphQLErrorExtensions {
    /** The backup server (its configured name) an error of a cross-server answer comes from. */
    server?: string;
  }
}

/** One backup server of a cross-server read: its configured name and the request's data source for it. */
export interface ServerApi {
  readonly name: string;
  readonly api: BackupApi;
}

/**
 * What went wrong on one server, named: the facade's error keeps its code (UPSTREAM_UNAVAILABLE,
 * UPSTREAM_TIMEOUT, UNAUTHENTICATED, NOT_SUPPORTED_BY_SERVER, ...) and gains `extensions.server`.
 * Anything else (a bug) keeps the server's name but not its message, which may hold anything.
 */
export function serverError(server: string, error: unknown): GraphQLError {
  if (error instanceof GraphQLError) {
    return new GraphQLError(`Server "${server}": ${error.message}`, { extensions: { ...error.extensions, server } });
  }
  return new GraphQLError(`Server "${server}": unexpected error.`, { extensions: { server } });
}

/** Every name once: a cross-server read names each server at most once. */
export function checkServerNames(servers: readonly ServerApi[]): void {
  const seen = new Set<string>();
  for (const { name } of servers) {
    if (seen.has(name)) throw new Error(`Server "${name}" is named twice`);
    seen.add(name);
  }
}
