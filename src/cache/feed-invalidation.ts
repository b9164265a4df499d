import { keyOf } from './cache-key.js';
import type { UpstreamCache } from './types.js';

/** A resource the server's feed says changed (the live layer's `FeedChange`). */
export interface ChangedResource {
  kind: 'JobSession' | 'Job' | 'RestoreSession';
  id: string;
  jobId?: string;
}

/** The page of `/JobSessions` lists read first (a connection's default `first`, from the start). */
const FIRST_SESSION_PAGE = '/jobsessions?limit=30&offset=0';

/**
 * The cached paths (below `basePath`, e.g. `/v8`) a change makes stale: the resource itself; for
 * a session also its job (its last run and status) and the first page of the session list. Other
 * windows of lists keep their short lifetime (CACHE_TTL_MS).
 */
export function stalePaths(change: ChangedResource, basePath: string): string[] {
  switch (change.kind) {
    case 'JobSession':
      return [`${basePath}/jobsessions/${change.id}`, `${basePath}${FIRST_SESSION_PAGE}`, ...(change.jobId ? [`${basePath}/jobs/${change.jobId}`] : [])];
    case 'Job':
      return [`${basePath}/jobs/${change.id}`];
    case 'RestoreSession':
      return [`${basePath}/restoresessions/${change.id}`];
  }
}

/** Drops one caller's entries that the changes made stale (`caller`: the cache's `tokenHash(token, secret)`). */
export async function dropChanged(cache: UpstreamCache, caller: string, basePath: string, changes: readonly ChangedResource[]): Promise<void> {
  const paths = new Set(changes.flatMap((change) => stalePaths(change, basePath)));
  await Promise.all([...paths].map((path) => cache.delete(keyOf(caller, path))));
}
