import { createHash } from 'node:crypto';
import { canSeeOrganization, type SimulatorData } from '../data.js';
import { ApiError } from '../errors.js';
import { API_VERSIONS, since } from '../versions.js';
import type { ReadContext, SimulatorResource } from './define.js';

const TIB = 1024 ** 4;

/** A repository of the demo data: every job's target, and each copy job's archive. */
interface RepositoryRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly path: string;
  readonly organizationId: string;
  readonly isLongTerm: boolean;
  readonly capacityBytes: number;
  readonly freeSpaceBytes: number;
}

/** A stable number in [0, 1) from an id: the demo's repository sizes. */
function fraction(id: string, salt: string): number {
  return createHash('sha256').update(`${salt}|${id}`).digest().readUInt32BE(0) / 2 ** 32;
}

function record(id: string, organizationId: string, name: string, isLongTerm: boolean): RepositoryRecord {
  const capacityBytes = (1 + Math.floor(fraction(id, 'capacity') * 8)) * TIB;
  return {
    id,
    name,
    description: isLongTerm ? `Long-term copies of ${name.replace(/ archive$/, '')}` : `Backups of ${name.replace(/ backups$/, '')}`,
    path: isLongTerm ? `E:\\Archive\\${id.slice(0, 8)}` : `D:\\Backups\\${id.slice(0, 8)}`,
    organizationId,
    isLongTerm,
    capacityBytes,
    freeSpaceBytes: Math.floor(capacityBytes * (0.1 + 0.7 * fraction(id, 'free'))),
  };
}

/** Repositories in a stable order: job targets first (by first use), then archives. */
function repositories(data: SimulatorData): RepositoryRecord[] {
  const found = new Map<string, RepositoryRecord>();
  const nameOf = (organizationId: string) => data.organizations.find((o) => o.id === organizationId)?.officeName ?? 'organization';
  for (const job of data.jobs) {
    if (!found.has(job.backupRepositoryId)) found.set(job.backupRepositoryId, record(job.backupRepositoryId, job.organizationId, `${nameOf(job.organizationId)} backups`, false));
  }
  for (const copy of data.copyJobs) {
    if (!found.has(copy.repositoryId)) found.set(copy.repositoryId, record(copy.repositoryId, copy.organizationId, `${nameOf(copy.organizationId)} archive`, true));
  }
  return [...found.values()];
}

/** `RESTBackupRepository` as each version writes it (field order of the specs; v8 adds organizationId, isOutdated, isIndexed). */
function render({ version, render: renderer }: ReadContext, r: RepositoryRecord) {
  const v8 = since(version, 'v8');
  return {
    capacityBytes: r.capacityBytes,
    freeSpaceBytes: r.freeSpaceBytes,
    id: r.id,
    name: r.name,
    description: r.description,
    path: r.path,
    retentionType: 'ItemLevel',
    retentionPeriodType: 'Yearly',
    yearlyRetentionPeriod: r.isLongTerm ? 'Years10' : 'Years3',
    ...(v8 ? { organizationId: r.organizationId } : {}),
    isLongTerm: r.isLongTerm,
    ...(v8 ? { isOutdated: false } : {}),
    isOutOfSync: false,
    ...(v8 ? { isIndexed: !r.isLongTerm } : {}),
    _links: { self: renderer.link(`backuprepositories/${r.id}`) },
  };
}

const visible = (context: ReadContext) => repositories(context.store.data).filter((r) => canSeeOrganization(context.user, r.organizationId));

/**
 * `GET /BackupRepositories` (a plain array on v5-v7, pages on v8) and `/BackupRepositories/{id}`.
 * v5's shape is not documented (its jobs link to a repository); it is served as v6 writes it.
 */
export default {
  routes: [
    {
      pattern: ['backuprepositories'],
      versions: API_VERSIONS,
      read: (context) => {
        const all = visible(context);
        const item = (r: RepositoryRecord) => render(context, r);
        return since(context.version, 'v8') ? context.render.page('backuprepositories', context.window(), all, item) : all.map(item);
      },
    },
    {
      pattern: ['backuprepositories', '{id}'],
      versions: API_VERSIONS,
      read: (context) => {
        const id = context.ids[0] ?? '';
        const found = visible(context).find((r) => r.id === id);
        if (found === undefined) throw new ApiError(404, `Backup repository with ID '${id}' was not found.`);
        return render(context, found);
      },
    },
  ],
} satisfies SimulatorResource;
