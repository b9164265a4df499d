import type { GraphQLResolveInfo } from 'graphql';
import type { GraphQLContext } from '../context.js';
import type { Readable } from '../datasource/backup-api.js';
import type { ConnectionModel } from '../model.js';
import { mergedRows } from '../servers/lists.js';
import { mergedPage, type MergedList } from '../servers/merge.js';
import { reported } from '../servers/partial-errors.js';
import type { ServerApi } from '../servers/server-errors.js';
import type { ResourceDefinition } from '../upstream/resources/define.js';
import { DEFAULT_PAGE_SIZE } from './costs.js';
import { mergedConnection } from './connections.js';

/**
 * Whether the lists answer as one server's: with one configured server (`VBM_API_URL`, or one
 * in SERVERS_FILE) a list is that server's own, its errors the field's; with several, a list
 * reads the servers of `servers:` and merges them, each failed server one error beside the rest.
 */
export const oneServer = (context: GraphQLContext): boolean => context.servers.configured.length === 1;

/** The servers a list reads, each with its data source: `servers` checked (BAD_USER_INPUT, UNAUTHENTICATED) before any upstream call. */
export function serverApis(context: GraphQLContext, servers: readonly string[] | null | undefined): ServerApi[] {
  return context.servers.select(servers).map((name) => ({ name, api: context.servers.api(name) }));
}

/** A whole list over the servers of `servers`: the rows of those that answered; one error per server that did not. */
export async function crossServerRows<T extends Readable & { name?: string; hostName?: string }>(
  context: GraphQLContext,
  info: GraphQLResolveInfo,
  servers: readonly string[] | null | undefined,
  resource: ResourceDefinition<T>,
): Promise<T[]> {
  const answer = reported(await mergedRows(serverApis(context, servers), resource), context.partialErrors, info);
  return answer.rows.map((row) => row.node);
}

/** A page of a list merged over the servers of `servers` (its cursor holds each server's position). */
export async function crossServerPage<T>(
  context: GraphQLContext,
  info: GraphQLResolveInfo,
  servers: readonly string[] | null | undefined,
  list: MergedList<T>,
  args: { first?: number | null; after?: string | null },
): Promise<ConnectionModel<T>> {
  const selected = serverApis(context, servers);
  const page = await mergedPage(selected, list, { first: args.first ?? DEFAULT_PAGE_SIZE, after: args.after, maxPageSize: context.limits.maxPageSize });
  return mergedConnection(reported(page, context.partialErrors, info));
}
