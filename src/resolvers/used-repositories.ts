import type { Resolvers } from '../generated/resolvers.generated.js';
import backupRepository from '../upstream/resources/backup-repository.js';
import usedRepository from '../upstream/resources/used-repository.js';

export const usedRepositoryResolvers: Resolvers = {
  Organization: {
    usedRepositories: (organization, _args, { api }) => api.listUnder(usedRepository, organization.id),
  },
  RepositoryUsage: {
    // The item loader reads a repository named by several entries (or organizations) once.
    repository: (usage, _args, { api }) => {
      if (usage.links.backupRepository !== undefined) return api.related(usage.links, 'backupRepository', backupRepository);
      return usage.repositoryId === null ? null : api.item(backupRepository, usage.repositoryId);
    },
  },
};
