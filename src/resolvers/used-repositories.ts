import type { Resolvers } from '../generated/resolvers.generated.js';
import { apiOf } from './server-of.js';
import backupRepository from '../upstream/resources/backup-repository.js';
import usedRepository from '../upstream/resources/used-repository.js';

export const usedRepositoryResolvers: Resolvers = {
  Organization: {
    usedRepositories: (organization, _args, context) => apiOf(organization, context).listUnder(usedRepository, organization.id),
  },
  RepositoryUsage: {
    // The item loader reads a repository named by several entries (or organizations) once.
    repository: (usage, _args, context) => {
      if (usage.links.backupRepository !== undefined) return apiOf(usage, context).related(usage.links, 'backupRepository', backupRepository);
      return usage.repositoryId === null ? null : apiOf(usage, context).item(backupRepository, usage.repositoryId);
    },
  },
};
