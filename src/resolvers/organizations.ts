import type { Resolvers } from '../generated/resolvers.generated.js';
import { guidArg } from './arguments.js';

export const organizationResolvers: Resolvers = {
  Query: {
    organization: (_parent, { id }, { api }) => api.organization(guidArg(id, 'id')),
    organizations: (_parent, _args, { api }) => api.organizations(),
  },
  Organization: {
    jobs: (organization, _args, { api }) => api.jobsOf(organization),
  },
};
