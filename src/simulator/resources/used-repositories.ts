import { createHash } from 'node:crypto';
import { canSeeOrganization } from '../data.js';
import { ApiError } from '../errors.js';
import { API_VERSIONS, since } from '../versions.js';
import type { ReadContext, SimulatorResource } from './define.js';

const GIB = 1024 ** 3;

/** A repository an organization's jobs (backup and copy) write to, and whether it is the copies' archive. */
interface Usage {
  readonly repositoryId: string;
  readonly isArchive: boolean;
}

/** A stable number in [0, 1) from an id: the demo's sizes. */
function fraction(id: string, salt: string): number {
  return createHash('sha256').update(`${salt}|${id}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** The repositories an organization's jobs use, in job order, each once. */
function usages(context: ReadContext, organizationId: string): Usage[] {
  const found = new Map<string, Usage>();
  const { jobs, copyJobs } = context.store.data;
  for (const job of jobs.filter((j) => j.organizationId === organizationId)) {
    if (!found.has(job.backupRepositoryId)) found.set(job.backupRepositoryId, { repositoryId: job.backupRepositoryId, isArchive: false });
  }
  for (const copy of copyJobs.filter((c) => c.organizationId === organizationId)) {
    if (!found.has(copy.repositoryId)) found.set(copy.repositoryId, { repositoryId: copy.repositoryId, isArchive: true });
  }
  return [...found.values()];
}

/**
 * `RESTOrganizationStorageSpaceUsage` as each version writes it: v8 names the repository
 * (`repositoryId`) and counts protected objects; v5-v7 link to the repository only.
 */
function render({ version, render: renderer }: ReadContext, organizationId: string, usage: Usage) {
  const key = `${organizationId}|${usage.repositoryId}`;
  const usedSpaceBytes = Math.floor((5 + fraction(key, 'used') * 400) * GIB);
  // An archive keeps a local cache and offloads to object storage; a job's repository is local.
  const objectStorageUsedSpaceBytes = usage.isArchive ? Math.floor(usedSpaceBytes * 0.9) : null;
  const localCacheUsedSpaceBytes = usage.isArchive ? usedSpaceBytes - (objectStorageUsedSpaceBytes ?? 0) : null;
  const v8 = since(version, 'v8');
  return {
    ...(v8 ? { repositoryId: usage.repositoryId } : {}),
    usedSpaceBytes,
    localCacheUsedSpaceBytes,
    objectStorageUsedSpaceBytes,
    isAvailable: true,
    details: '',
    ...(v8 ? { protectedObjectsCount: 10 + Math.floor(fraction(key, 'objects') * 90) } : {}),
    _links: v8 ? { organization: renderer.link(`organizations/${organizationId}`) } : { backupRepository: renderer.link(`backuprepositories/${usage.repositoryId}`) },
  };
}

/** `GET /Organizations/{id}/UsedRepositories`: pages on every version. */
export default {
  routes: [
    {
      pattern: ['organizations', '{id}', 'usedrepositories'],
      versions: API_VERSIONS,
      read: (context) => {
        const id = context.ids[0] ?? '';
        if (context.store.organization(id) === undefined || !canSeeOrganization(context.user, id)) {
          throw new ApiError(404, `Organization with ID '${id}' was not found.`);
        }
        return context.render.page(`organizations/${id}/usedrepositories`, context.window(), usages(context, id), (usage) => render(context, id, usage));
      },
    },
  ],
} satisfies SimulatorResource;
