import type { Resolvers } from '../generated/resolvers.generated.js';
import { apiOf, lookupApi } from './server-of.js';
import { guidArg } from './arguments.js';
import { crossServerRows, oneServer } from './cross-server.js';
import organizationResource from '../upstream/resources/organization.js';

export const organizationResolvers: Resolvers = {
  Query: {
    organization: (_parent, { id, server }, context) => {
      const organizationId = guidArg(id, 'id');
      return lookupApi(context, server).organization(organizationId);
    },
    organizations: (_parent, { servers }, context, info) =>
      oneServer(context) ? context.api.organizations() : crossServerRows(context, info, servers, organizationResource),
  },
  Organization: {
    jobs: (organization, _args, context) => apiOf(organization, context).jobsOf(organization),
  },
};
