import type { Links } from '../../model.js';
import { Fields, type Decoder } from '../decode.js';
import { defineResource, each, free, fromVersion } from './define.js';

/** A backup repository as every version is decoded into; a field a version does not send is null. */
export interface BackupRepositoryModel {
  id: string;
  name: string;
  description: string | null;
  path: string | null;
  capacityBytes: number | null;
  freeSpaceBytes: number | null;
  /** Sent by no version's repository object: capacity minus free space. */
  usedSpaceBytes: number | null;
  isOutOfSync: boolean | null;
  /** v8. */
  isOutdated: boolean | null;
  /** v8. */
  isIndexed: boolean | null;
  links: Links;
}

/**
 * `RESTBackupRepository` of the v6-v8 specs (v8 adds `isOutdated` and `isIndexed`). Only `id` and
 * `name` are required: the specs mark no field required, and v5's shape is not documented.
 */
export const decodeBackupRepository: Decoder<BackupRepositoryModel> = (value) => {
  const f = Fields.of(value, 'backup repository');
  const capacityBytes = f.optionalLong('capacityBytes');
  const freeSpaceBytes = f.optionalLong('freeSpaceBytes');
  const used = f.optionalLong('usedSpaceBytes');
  return {
    id: f.guid('id'),
    name: f.string('name'),
    description: f.optionalString('description'),
    path: f.optionalString('path'),
    capacityBytes,
    freeSpaceBytes,
    usedSpaceBytes: used ?? (capacityBytes !== null && freeSpaceBytes !== null ? Math.max(0, capacityBytes - freeSpaceBytes) : null),
    isOutOfSync: f.optionalBoolean('isOutOfSync'),
    isOutdated: f.optionalBoolean('isOutdated'),
    isIndexed: f.optionalBoolean('isIndexed'),
    links: f.links(),
  };
};

/**
 * `/BackupRepositories/{id}` and `/BackupRepositories`: a plain array on v5-v7 (v5 jobs link to
 * their repository, so v5 serves it), pages on v8.
 */
export default defineResource({
  name: 'backupRepository',
  what: 'backup repository',
  routes: {
    backupRepository: 'backuprepositories/{id}',
    backupRepositoryList: 'backuprepositories',
  },
  list: 'backupRepositoryList',
  decoders: fromVersion({ v5: decodeBackupRepository }),
  paging: fromVersion({ v5: 'array', v8: 'pages' }),
  costs: {
    Query: { backupRepository: each, backupRepositories: each },
    BackupRepository: {
      id: free,
      name: free,
      description: free,
      path: free,
      capacityBytes: free,
      freeSpaceBytes: free,
      usedSpaceBytes: free,
      isOutOfSync: free,
      isOutdated: free,
      isIndexed: free,
    },
  },
});
