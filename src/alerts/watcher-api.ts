import { randomUUID } from 'node:crypto';
import { createBackupApi } from '../datasource/backup-api.js';
import { createUpstreamClient } from '../upstream/client.js';
import type { Upstream } from '../upstream/pool.js';
import type { ApiVersionState } from '../upstream/version-state.js';
import type { WatcherApi } from './watcher.js';

/** Upstream requests one evaluation of the watcher may make (every rule, every job). */
export const WATCHER_BUDGET = 1000;

/**
 * The watcher's data source: a fresh client per evaluation on its server's upstream (that
 * server's dispatcher, fair queue, breaker and retry budget), in the version that server speaks,
 * with the watcher's token for it. Its requests carry an `alerts-…` request id, so the backup
 * server's log tells them apart. `server` stamps what it reads with the server's name.
 */
export function upstreamWatcherApi(upstream: Upstream, versions: ApiVersionState, server?: string): WatcherApi {
  return (token, signal) =>
    createBackupApi({
      client: createUpstreamClient({ upstream, token, signal, scope: { requestId: `alerts-${randomUUID()}` }, budget: WATCHER_BUDGET, baseUrl: versions.baseUrl() }),
      adapter: versions.adapter(),
      server,
    });
}
