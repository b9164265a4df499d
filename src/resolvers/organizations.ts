import type { Resolvers } from '../generated/resolvers.generated.js';
import { apiOf, lookupApi } from './server-of.js';
import { guidArg } from './arguments.js';

export const organizationResolvers: Resolvers = {
  Query: {
    organization: (_parent, { id, server }, context) => {
      const organizationId = guidArg(id, 'id');
      return lookupApi(context, server).organization(organizationId);
    },
    organizations: (_parent, _args, { api }) => api.organizations(),
  },
  Organization: {
    jobs: (organization, _args, context) => apiOf(organization, context).jobsOf(organization),
  },
};
