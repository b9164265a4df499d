import type { Resolvers } from '../generated/resolvers.generated.js';
import { apiOf } from './server-of.js';
import license from '../upstream/resources/license.js';
import licensedUser from '../upstream/resources/licensed-user.js';
import organization from '../upstream/resources/organization.js';
import { optionalGuidArg, pageWindow } from './arguments.js';
import { connectionFields } from './connections.js';

export const licenseResolvers: Resolvers = {
  Query: {
    license: (_parent, _args, { api }) => api.singleton(license),
    licensedUsers: (_parent, args, { api, limits }) => {
      const window = pageWindow(args, limits.maxPageSize);
      const organizationId = optionalGuidArg(args.organizationId, 'organizationId');
      return api.page(licensedUser, window, organizationId === null ? {} : { organizationId });
    },
  },
  LicensedUser: {
    // The user's organization link where the server sends one, else its organizationId; both
    // go through the organization loader, so users of one organization read it once.
    organization: async (user, _args, context) =>
      (await apiOf(user, context).related(user.links, 'organization', organization)) ??
      (user.organizationId === null ? null : apiOf(user, context).item(organization, user.organizationId)),
  },
  LicensedUserConnection: connectionFields,
};
