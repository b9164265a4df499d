import type { Resolvers } from '../generated/resolvers.generated.js';
import backupRepository from '../upstream/resources/backup-repository.js';
import { guidArg } from './arguments.js';

export const backupRepositoryResolvers: Resolvers = {
  Query: {
    backupRepository: (_parent, { id }, { api }) => api.item(backupRepository, guidArg(id, 'id')),
    backupRepositories: (_parent, _args, { api }) => api.list(backupRepository),
  },
};
