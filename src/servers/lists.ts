import type { GraphQLError } from 'graphql';
import type { BackupApi, Readable } from '../datasource/backup-api.js';
import { facadeError } from '../errors.js';
import type { JobSessionModel } from '../model.js';
import type { SessionFilters } from '../upstream/adapters/index.js';
import type { ResourceDefinition } from '../upstream/resources/define.js';
import type { MergedList } from './merge.js';
import { checkServerNames, serverError, type ServerApi } from './server-errors.js';

/** NOT_SUPPORTED_BY_SERVER, before any call, where the server's version has no such resource. */
function checkServes(api: BackupApi, resource: ResourceDefinition): void {
  if (!api.serves(resource)) {
    throw facadeError('NOT_SUPPORTED_BY_SERVER', `The backup server speaks API ${api.version}, which has no ${resource.what} resource.`);
  }
}

/** Whether a session left the walk's filters' start state by ending (the filters depend on the end). */
const dependsOnEnd = (filters: SessionFilters) => filters.status != null || filters.endedAfter != null || filters.endedBefore != null;

/**
 * `jobSessions` over several servers: newest first by `creationTime`; each server applies the
 * filters (a version that cannot is NOT_SUPPORTED_BY_SERVER for that server, with no call). A
 * session that matches the filters only because it ended after the walk started is left out of
 * the walk's later pages.
 */
export function jobSessionsList(filters: SessionFilters): MergedList<JobSessionModel> {
  const canonical: SessionFilters = {
    status: filters.status ?? null,
    jobType: filters.jobType ?? null,
    jobId: filters.jobId ?? null,
    endedAfter: filters.endedAfter ?? null,
    endedBefore: filters.endedBefore ?? null,
  };
  const endMatters = dependsOnEnd(canonical);
  return {
    name: 'jobSessions',
    fingerprint: JSON.stringify(canonical),
    check: (api) => api.checkSessionFilters(canonical),
    read: (api, window) => api.jobSessions(window, canonical),
    id: (session) => session.id,
    time: (session) => session.creationTime,
    joinedAfter: (session, startedAt) => endMatters && session.endTime !== null && Date.parse(session.endTime) > startedAt,
  };
}

/**
 * Any registry resource's collection over several servers, page by page, each server applying
 * the `query` filters (`licensedUsers` takes `{ organizationId }`, `restorePoints`
 * `{ organizationId, jobId }`, `restoreSessions` `{ startTimeFrom, startTimeTo }`). With `time`,
 * the time each server lists its rows newest first by, the pages are newest first across
 * servers (`restorePoints` by `backupTime`, `restoreSessions` by `creationTime`); without it,
 * server after server by name, each in its own order (`licensedUsers` carry no such time). A
 * version without the resource (v5 has no restore points) is NOT_SUPPORTED_BY_SERVER with no call.
 */
export function resourceList<T extends Readable>(
  resource: ResourceDefinition<T>,
  query: Readonly<Record<string, string>> = {},
  time?: (row: T) => string,
): MergedList<T> {
  return {
    name: resource.name,
    fingerprint: JSON.stringify(Object.entries(query).sort(([a], [b]) => (a < b ? -1 : 1))),
    check: (api) => checkServes(api, resource),
    read: (api, window) => api.page(resource, window, query),
    id: (row) => row.id,
    ...(time ? { time } : {}),
  };
}

/** A row and the server it comes from. */
export interface ServerRow<T> {
  readonly server: string;
  readonly node: T;
}

export interface MergedRows<T> {
  rows: ServerRow<T>[];
  /** One per server that failed or does not serve the resource; each carries `extensions.server`. */
  errors: GraphQLError[];
}

/**
 * A whole list (`jobs`, `organizations`, `backupRepositories`, `proxies`) from several servers,
 * read in parallel (one `api.list` each, which is one call where the version sends a plain array
 * and page after page where it pages), ordered by `name`, then server name, then id. A server
 * that fails contributes its error instead of rows.
 */
export async function mergedRows<T extends Readable & { name?: string; hostName?: string }>(
  servers: readonly ServerApi[],
  resource: ResourceDefinition<T>,
): Promise<MergedRows<T>> {
  checkServerNames(servers);
  const errors: GraphQLError[] = [];
  const parts = await Promise.all(
    servers.map(async ({ name, api }): Promise<ServerRow<T>[]> => {
      try {
        checkServes(api, resource);
        return (await api.list(resource)).map((node) => ({ server: name, node }));
      } catch (error) {
        errors.push(serverError(name, error));
        return [];
      }
    }),
  );
  const names = servers.map((s) => s.name);
  errors.sort((a, b) => names.indexOf(a.extensions.server ?? '') - names.indexOf(b.extensions.server ?? ''));
  const label = (node: T) => node.name ?? node.hostName ?? '';
  const rows = parts.flat().sort((a, b) => compare(label(a.node), label(b.node)) || compare(a.server, b.server) || compare(a.node.id, b.node.id));
  return { rows, errors };
}

/** Code-unit order: the same on every machine, whatever its locale. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
