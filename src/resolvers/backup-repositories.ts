import type { Resolvers } from '../generated/resolvers.generated.js';
import { apiOf, lookupApi } from './server-of.js';
import backupRepository from '../upstream/resources/backup-repository.js';
import objectStorage from '../upstream/resources/object-storage.js';
import proxy from '../upstream/resources/proxy.js';
import { guidArg } from './arguments.js';
import { crossServerRows, oneServer } from './cross-server.js';

export const backupRepositoryResolvers: Resolvers = {
  Query: {
    backupRepository: (_parent, { id, server }, context) => {
      const repositoryId = guidArg(id, 'id');
      return lookupApi(context, server).item(backupRepository, repositoryId);
    },
    backupRepositories: (_parent, { servers }, context, info) =>
      oneServer(context) ? context.api.list(backupRepository) : crossServerRows(context, info, servers, backupRepository),
  },
  BackupRepository: {
    // v8 nests the object storage; v5-v7 name it, and one read per distinct id serves every repository.
    objectStorage: (repository, _args, context) =>
      repository.objectStorage ?? (repository.objectStorageId === null ? null : apiOf(repository, context).item(objectStorage, repository.objectStorageId)),
    usedSpaceBytes: async (repository, _args, context) => {
      if (repository.usedSpaceBytes !== null || repository.objectStorageId === null || repository.objectStorage !== null) return repository.usedSpaceBytes;
      return (await apiOf(repository, context).item(objectStorage, repository.objectStorageId)).usedSpaceBytes;
    },
    proxy: async (repository, _args, context) =>
      (await apiOf(repository, context).related(repository.links, 'proxy', proxy)) ?? (repository.proxyId === null ? null : apiOf(repository, context).item(proxy, repository.proxyId)),
  },
  Job: {
    repository: async (job, _args, context) =>
      (await apiOf(job, context).related(job.links, 'backupRepository', backupRepository)) ??
      (job.repositoryId === null ? null : apiOf(job, context).item(backupRepository, job.repositoryId)),
  },
};
