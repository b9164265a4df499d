import { GraphQLError } from 'graphql';
import type { BackupApi } from '../datasource/backup-api.js';
import { badUserInput, facadeError } from '../errors.js';
import type { JobModel, JobSessionModel } from '../model.js';
import type { BackupRepositoryModel } from '../upstream/resources/backup-repository.js';
import backupRepository from '../upstream/resources/backup-repository.js';
import license, { type LicenseModel } from '../upstream/resources/license.js';
import { timeKey } from './merge.js';
import { checkServerNames, serverError, type ServerApi } from './server-errors.js';

/** Sessions by status. */
export interface SummaryCountsModel {
  success: number;
  warning: number;
  failed: number;
  running: number;
  /** Stopped, queued, disconnected, not configured, unknown. */
  other: number;
}

/** A field of one server's part: its value, or the error that kept it from being read (the field is then null). */
export type Part<T> = T | GraphQLError;

/** One server's part of the summary; each field is read on its own and fails on its own. */
export interface ServerSummaryModel {
  /** The server's configured name. */
  server: string;
  sessions: Part<SummaryCountsModel>;
  failedJobs: Part<JobModel[]>;
  repositoriesLowOnSpace: Part<BackupRepositoryModel[]>;
  license: Part<LicenseModel>;
}

export interface SummaryModel {
  /** The `since` asked for, as given. */
  since: string;
  /** The sum of the servers whose sessions could be read. */
  total: SummaryCountsModel;
  servers: ServerSummaryModel[];
  /** Every failed read, one per server and error (naming the fields it left null), with `extensions.server`. */
  errors: GraphQLError[];
}

/** A repository is low on space under this share of free bytes. */
export const LOW_SPACE_SHARE = 0.15;
/** Sessions per page of the newest-first read (the servers' page maximum is higher). */
export const SESSIONS_PAGE = 1000;
/** Pages of sessions per server at most: more than this many sessions since `since` is refused. */
export const MAX_SESSION_PAGES = 20;

const emptyCounts = (): SummaryCountsModel => ({ success: 0, warning: 0, failed: 0, running: 0, other: 0 });

function count(counts: SummaryCountsModel, session: JobSessionModel): void {
  switch (session.status) {
    case 'SUCCESS':
      counts.success += 1;
      break;
    case 'WARNING':
      counts.warning += 1;
      break;
    case 'FAILED':
      counts.failed += 1;
      break;
    case 'RUNNING':
      counts.running += 1;
      break;
    default:
      counts.other += 1;
  }
}

/**
 * The sessions created since `since`, by their status now: the newest-first list, page after
 * page, until a page reaches a session created before `since`. This is one call per 1000
 * sessions on every version (v5 included), running sessions included; an `endedAfter` read (v6+)
 * would leave out the running ones (they have no end) and need a second read for them. A page is
 * decoded, and parsed, only down to its first older session: the rest of it is never read.
 */
async function sessionsSince(api: BackupApi, since: string): Promise<SummaryCountsModel> {
  const from = timeKey(since);
  const counts = emptyCounts();
  const isSince = (session: JobSessionModel) => timeKey(session.creationTime) >= from;
  for (let page = 0; page < MAX_SESSION_PAGES; page += 1) {
    const read = await api.jobSessionsWhile({ offset: page * SESSIONS_PAGE, limit: SESSIONS_PAGE }, isSince);
    for (const session of read.items) count(counts, session);
    if (read.ended || !read.hasNextPage || read.items.length === 0) return counts;
  }
  throw facadeError('UPSTREAM_BUDGET_EXHAUSTED', `More than ${MAX_SESSION_PAGES * SESSIONS_PAGE} sessions since then: ask for a later "since".`);
}

/** Repositories whose free space is under `LOW_SPACE_SHARE` of their capacity (those that report both). */
function lowOnSpace(repositories: readonly BackupRepositoryModel[]): BackupRepositoryModel[] {
  return repositories.filter(
    (r) => r.capacityBytes !== null && r.capacityBytes > 0 && r.freeSpaceBytes !== null && r.freeSpaceBytes < LOW_SPACE_SHARE * r.capacityBytes,
  );
}

const settle = <T>(read: () => Promise<T>): Promise<Part<T>> =>
  read().then(
    (value) => value,
    (error: unknown) => (error instanceof GraphQLError ? error : new GraphQLError('Unexpected error.', { originalError: error instanceof Error ? error : undefined })),
  );

/** One server's part: four reads at once (sessions, jobs, repositories, license), each its own call. */
async function serverSummary({ name, api }: ServerApi, since: string): Promise<ServerSummaryModel> {
  const [sessions, failedJobs, repositoriesLowOnSpace, licenseRead] = await Promise.all([
    settle(() => sessionsSince(api, since)),
    settle(async () => (await api.jobs()).filter((job) => job.lastStatus === 'FAILED')),
    settle(async () => lowOnSpace(await api.list(backupRepository))),
    settle(() => api.singleton(license)),
  ]);
  return { server: name, sessions, failedJobs, repositoriesLowOnSpace, license: licenseRead };
}

const FIELDS = ['sessions', 'failedJobs', 'repositoriesLowOnSpace', 'license'] as const;

/** One error per server and distinct failure, naming the fields it left null. */
function errorsOf(part: ServerSummaryModel): GraphQLError[] {
  const byMessage = new Map<string, { error: GraphQLError; fields: string[] }>();
  for (const field of FIELDS) {
    const value = part[field];
    if (!(value instanceof GraphQLError)) continue;
    const key = `${value.extensions.code ?? ''}\u0000${value.message}`;
    const entry = byMessage.get(key) ?? { error: value, fields: [] };
    entry.fields.push(field);
    byMessage.set(key, entry);
  }
  return [...byMessage.values()].map(({ error, fields }) => {
    const named = serverError(part.server, error);
    return new GraphQLError(`${named.message} (${fields.join(', ')} left out)`, { extensions: named.extensions });
  });
}

/**
 * The front page over several servers: per server, sessions by status since `since` (created
 * since then), jobs whose last session failed, repositories under 15 % free, the license; and
 * the sessions' total. Every server's four reads run at once, all servers in parallel, at one
 * call each (the sessions' read: one per 1000 sessions since then). A failed read leaves its field
 * of that server an error (null in the answer) and the rest whole; it never throws for a server.
 */
export async function summary(servers: readonly ServerApi[], since: string): Promise<SummaryModel> {
  checkServerNames(servers);
  try {
    timeKey(since);
  } catch {
    throw badUserInput('Argument "since" must be an ISO 8601 date-time.');
  }
  const parts = await Promise.all(servers.map((server) => serverSummary(server, since)));
  const total = emptyCounts();
  for (const { sessions } of parts) {
    if (sessions instanceof GraphQLError) continue;
    for (const key of Object.keys(total) as (keyof SummaryCountsModel)[]) total[key] += sessions[key];
  }
  return { since, total, servers: parts, errors: parts.flatMap(errorsOf) };
}

/** A field of a server's part in a resolver: its value, or its error thrown (the field becomes null, the error names the server). */
export function partOf<T>(part: ServerSummaryModel, value: Part<T>): T {
  if (value instanceof GraphQLError) throw serverError(part.server, value);
  return value;
}
