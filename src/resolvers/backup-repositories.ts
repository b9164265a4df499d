import type { Resolvers } from '../generated/resolvers.generated.js';
import backupRepository from '../upstream/resources/backup-repository.js';
import objectStorage from '../upstream/resources/object-storage.js';
import proxy from '../upstream/resources/proxy.js';
import { guidArg } from './arguments.js';

export const backupRepositoryResolvers: Resolvers = {
  Query: {
    backupRepository: (_parent, { id }, { api }) => api.item(backupRepository, guidArg(id, 'id')),
    backupRepositories: (_parent, _args, { api }) => api.list(backupRepository),
  },
  BackupRepository: {
    // v8 nests the object storage; v5-v7 name it, and one read per distinct id serves every repository.
    objectStorage: (repository, _args, { api }) =>
      repository.objectStorage ?? (repository.objectStorageId === null ? null : api.item(objectStorage, repository.objectStorageId)),
    usedSpaceBytes: async (repository, _args, { api }) => {
      if (repository.usedSpaceBytes !== null || repository.objectStorageId === null || repository.objectStorage !== null) return repository.usedSpaceBytes;
      return (await api.item(objectStorage, repository.objectStorageId)).usedSpaceBytes;
    },
    proxy: async (repository, _args, { api }) =>
      (await api.related(repository.links, 'proxy', proxy)) ?? (repository.proxyId === null ? null : api.item(proxy, repository.proxyId)),
  },
  Job: {
    repository: async (job, _args, { api }) =>
      (await api.related(job.links, 'backupRepository', backupRepository)) ??
      (job.repositoryId === null ? null : api.item(backupRepository, job.repositoryId)),
  },
};
