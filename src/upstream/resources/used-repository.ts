import type { Links } from '../../model.js';
import { Fields, type Decoder } from '../decode.js';
import { defineResource, each, free, fromVersion, once } from './define.js';

/** How much of one backup repository an organization's backups take (`RESTOrganizationStorageSpaceUsage`). */
export interface RepositoryUsageModel {
  /** v8 names the repository (`repositoryId`); v5-v7 link to it only (`_links.backupRepository`). */
  repositoryId: string | null;
  usedSpaceBytes: number | null;
  localCacheUsedSpaceBytes: number | null;
  objectStorageUsedSpaceBytes: number | null;
  isAvailable: boolean | null;
  details: string | null;
  links: Links;
}

/** One entry of `/Organizations/{id}/UsedRepositories`, v5 to v8 (v8 adds `repositoryId` and `protectedObjectsCount`). */
export const decodeRepositoryUsage: Decoder<RepositoryUsageModel> = (value) => {
  const f = Fields.of(value, 'used repository');
  return {
    repositoryId: f.optionalGuid('repositoryId'),
    usedSpaceBytes: f.optionalLong('usedSpaceBytes'),
    localCacheUsedSpaceBytes: f.optionalLong('localCacheUsedSpaceBytes'),
    objectStorageUsedSpaceBytes: f.optionalLong('objectStorageUsedSpaceBytes'),
    isAvailable: f.optionalBoolean('isAvailable'),
    details: f.optionalString('details'),
    links: f.links(),
  };
};

/** `/Organizations/{id}/UsedRepositories`: pages on every version, read whole. */
export default defineResource({
  // Entries have no route of their own: the resource is named by its collection's route.
  name: 'usedRepositories',
  what: 'used repository',
  routes: { usedRepositories: 'organizations/{id}/usedrepositories' },
  list: 'usedRepositories',
  decoders: fromVersion({ v5: decodeRepositoryUsage }),
  paging: fromVersion({ v5: 'pages' }),
  costs: {
    // At least one page per organization; the budget bounds the rest.
    Organization: { usedRepositories: each },
    RepositoryUsage: {
      repository: once,
      usedSpaceBytes: free,
      localCacheUsedSpaceBytes: free,
      objectStorageUsedSpaceBytes: free,
      isAvailable: free,
      details: free,
    },
  },
});
