import type { Links } from '../../model.js';
import { Fields, type Decoder } from '../decode.js';
import { defineResource, each, free, fromVersion, once } from './define.js';
import { decodeObjectStorage, type ObjectStorageModel } from './object-storage.js';

/** A backup repository as every version is decoded into; a field a version does not send is null. */
export interface BackupRepositoryModel {
  id: string;
  name: string;
  description: string | null;
  path: string | null;
  /** v8: of the local (JET) repository; null for an object-storage repository. */
  capacityBytes: number | null;
  freeSpaceBytes: number | null;
  /**
   * Capacity minus free space when both are sent, else the used bytes of the object storage the
   * repository carries (v8); null when neither is known here (v5-v7 read the object storage).
   */
  usedSpaceBytes: number | null;
  isOutOfSync: boolean | null;
  /** v8. */
  isOutdated: boolean | null;
  /** v8. */
  isIndexed: boolean | null;
  /** The object storage's GUID: `objectStorageId` on v5-v7, the nested object's id on v8. */
  objectStorageId: string | null;
  /** v8: the object storage as the repository carries it; v5-v7 name it by `objectStorageId` only. */
  objectStorage: ObjectStorageModel | null;
  proxyId: string | null;
  /** v8: the proxy pool the repository uses instead of one proxy. */
  proxyPoolId: string | null;
  links: Links;
}

const difference = (capacityBytes: number | null, freeSpaceBytes: number | null) =>
  capacityBytes !== null && freeSpaceBytes !== null ? Math.max(0, capacityBytes - freeSpaceBytes) : null;

function common(f: Fields) {
  const capacityBytes = f.optionalLong('capacityBytes');
  const freeSpaceBytes = f.optionalLong('freeSpaceBytes');
  return {
    id: f.guid('id'),
    name: f.string('name'),
    description: f.optionalString('description'),
    path: f.optionalString('path'),
    capacityBytes,
    freeSpaceBytes,
    usedSpaceBytes: f.optionalLong('usedSpaceBytes') ?? difference(capacityBytes, freeSpaceBytes),
    isOutOfSync: f.optionalBoolean('isOutOfSync'),
    isOutdated: f.optionalBoolean('isOutdated'),
    isIndexed: f.optionalBoolean('isIndexed'),
    proxyId: f.optionalGuid('proxyId'),
    proxyPoolId: f.optionalGuid('proxyPoolId'),
    links: f.links(),
  };
}

/**
 * `RESTBackupRepository` of v5-v7: the object storage is named by `objectStorageId` and read from
 * `/ObjectStorageRepositories/{id}`. Only `id` and `name` are required: the specs mark no field
 * required.
 */
export const decodeBackupRepository: Decoder<BackupRepositoryModel> = (value) => {
  const f = Fields.of(value, 'backup repository');
  return { ...common(f), objectStorageId: f.optionalGuid('objectStorageId'), objectStorage: null };
};

/**
 * v8's `RESTBackupRepository`: adds `isOutdated`, `isIndexed` and `proxyPoolId`, and nests the
 * object storage (`objectStorage`); `capacityBytes` and `freeSpaceBytes` describe a local (JET)
 * repository only, so an object-storage repository's used space is its object storage's.
 */
export const decodeBackupRepositoryV8: Decoder<BackupRepositoryModel> = (value) => {
  const f = Fields.of(value, 'backup repository');
  const nested = f.json.objectStorage;
  const objectStorage = nested === undefined || nested === null ? null : decodeObjectStorage(nested);
  const base = common(f);
  return {
    ...base,
    usedSpaceBytes: base.usedSpaceBytes ?? objectStorage?.usedSpaceBytes ?? null,
    objectStorageId: objectStorage?.id ?? null,
    objectStorage,
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
  decoders: fromVersion({ v5: decodeBackupRepository, v8: decodeBackupRepositoryV8 }),
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
      // v5-v7: an object-storage repository's used space is read from its object storage.
      usedSpaceBytes: once,
      isOutOfSync: free,
      isOutdated: free,
      isIndexed: free,
      objectStorage: once,
      proxy: once,
      proxyPoolId: free,
    },
    Job: { repository: once },
  },
});
