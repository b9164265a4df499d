import { createHash } from 'node:crypto';
import { canSeeOrganization, type SimulatorData } from '../data.js';
import { ApiError } from '../errors.js';
import { API_VERSIONS, since } from '../versions.js';
import type { ReadContext, SimulatorResource } from './define.js';
import { derivedGuid, proxies } from './proxies.js';

const TIB = 1024 ** 4;
const GIB = 1024 ** 3;

/** The object storage behind an archive repository (each archive keeps its data in its own bucket folder). */
export interface ObjectStorageRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly sizeLimitGB: number | null;
  readonly usedSpaceBytes: number;
  /** v7+. */
  readonly enableImmutability: boolean;
  /** v8. */
  readonly immutabilityPeriodDays: number | null;
}

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
  /** Archives keep their data in object storage (and have no local capacity on v8). */
  readonly objectStorage: ObjectStorageRecord | null;
}

/** A stable number in [0, 1) from an id: the demo's repository sizes. */
function fraction(id: string, salt: string): number {
  return createHash('sha256').update(`${salt}|${id}`).digest().readUInt32BE(0) / 2 ** 32;
}

function objectStorageOf(id: string, name: string, index: number): ObjectStorageRecord {
  const limited = index % 2 === 0;
  return {
    id: derivedGuid('object-storage', id),
    name: `${name} bucket`,
    description: `S3-compatible bucket folder of ${name}`,
    sizeLimitGB: limited ? 10240 : null,
    usedSpaceBytes: Math.floor((0.5 + 2 * fraction(id, 'object-used')) * TIB),
    enableImmutability: limited,
    immutabilityPeriodDays: limited ? 30 : null,
  };
}

function record(id: string, organizationId: string, name: string, isLongTerm: boolean, index: number): RepositoryRecord {
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
    objectStorage: isLongTerm ? objectStorageOf(id, name, index) : null,
  };
}

/** Repositories in a stable order: job targets first (by first use), then archives. */
export function repositories(data: SimulatorData): RepositoryRecord[] {
  const found = new Map<string, RepositoryRecord>();
  const nameOf = (organizationId: string) => data.organizations.find((o) => o.id === organizationId)?.officeName ?? 'organization';
  for (const job of data.jobs) {
    if (!found.has(job.backupRepositoryId)) found.set(job.backupRepositoryId, record(job.backupRepositoryId, job.organizationId, `${nameOf(job.organizationId)} backups`, false, found.size));
  }
  for (const copy of data.copyJobs) {
    if (!found.has(copy.repositoryId)) found.set(copy.repositoryId, record(copy.repositoryId, copy.organizationId, `${nameOf(copy.organizationId)} archive`, true, found.size));
  }
  return [...found.values()];
}

/** `RESTObjectStorageComposed` as v8 nests it in a repository (S3-compatible; no name). */
export function renderObjectStorage({ version, render: renderer }: ReadContext, o: ObjectStorageRecord, nested: boolean) {
  const v7 = since(version, 'v7');
  const v8 = since(version, 'v8');
  return {
    amazonBucketS3Compatible: { name: 'vb365-archive', s3Connection: { serviceEndpoint: 'https://s3.backup.invalid' } },
    s3Folder: o.name.replace(/ /g, '-').toLowerCase(),
    id: o.id,
    ...(nested ? {} : { name: o.name, description: o.description }),
    accountId: derivedGuid('object-storage-account', o.id),
    sizeLimitEnabled: o.sizeLimitGB !== null,
    ...(o.sizeLimitGB === null ? {} : { sizeLimitGB: o.sizeLimitGB }),
    usedSpaceBytes: o.usedSpaceBytes,
    ...(o.sizeLimitGB === null ? {} : { freeSpaceBytes: Math.max(0, o.sizeLimitGB * GIB - o.usedSpaceBytes) }),
    ...(v7 ? { enableImmutability: o.enableImmutability } : {}),
    ...(v8 ? { enableImmutabilityGovernanceMode: false, immutabilityPeriodDays: o.immutabilityPeriodDays } : {}),
    type: 'AmazonS3Compatible',
    ...(nested ? {} : { _links: { self: renderer.link(`objectstoragerepositories/${o.id}`) } }),
  };
}

/**
 * `RESTBackupRepository` as each version writes it (field order of the specs). v5-v7 name the
 * object storage by `objectStorageId`; v8 nests it and adds organizationId, proxyPoolId,
 * isOutdated, isIndexed. A repository in object storage sends no local capacity.
 */
function render(context: ReadContext, r: RepositoryRecord) {
  const { version, render: renderer } = context;
  const v8 = since(version, 'v8');
  const proxy = proxies(context.store.data).find((p) => p.organizationId === r.organizationId);
  const pool = v8 ? (proxy?.proxyPoolId ?? null) : null;
  const o = r.objectStorage;
  return {
    ...(o !== null && !v8 ? { objectStorageId: o.id, objectStorageCachePath: `C:\\VBOCache\\${r.id.slice(0, 8)}` } : {}),
    ...(o !== null ? { objectStorageEncryptionEnabled: false } : {}),
    ...(o === null ? { capacityBytes: r.capacityBytes, freeSpaceBytes: context.store.infrastructure.repositoryFreeBytes.get(r.id) ?? r.freeSpaceBytes } : {}),
    id: r.id,
    name: r.name,
    description: r.description,
    path: r.path,
    retentionType: 'ItemLevel',
    retentionPeriodType: 'Yearly',
    yearlyRetentionPeriod: r.isLongTerm ? 'Years10' : 'Years3',
    ...(pool === null ? { proxyId: proxy?.id ?? null } : {}),
    ...(v8 ? { proxyPoolId: pool, organizationId: r.organizationId } : {}),
    isLongTerm: r.isLongTerm,
    ...(v8 ? { isOutdated: false } : {}),
    isOutOfSync: false,
    ...(v8 ? { isIndexed: !r.isLongTerm } : {}),
    _links: { self: renderer.link(`backuprepositories/${r.id}`) },
    ...(v8 && o !== null ? { objectStorage: renderObjectStorage(context, o, true) } : {}),
  };
}

export const visible = (context: ReadContext) => repositories(context.store.data).filter((r) => canSeeOrganization(context.user, r.organizationId));

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
