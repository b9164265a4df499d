import type { Resolvers } from '../generated/resolvers.generated.js';
import { apiOf, lookupApi } from './server-of.js';
import { badUserInput } from '../errors.js';
import { resourceList } from '../servers/lists.js';
import { crossServerPage, oneServer } from './cross-server.js';
import license from '../upstream/resources/license.js';
import licensedUser from '../upstream/resources/licensed-user.js';
import organization from '../upstream/resources/organization.js';
import { optionalGuidArg, pageWindow } from './arguments.js';
import { connectionFields } from './connections.js';

export const licenseResolvers: Resolvers = {
  Query: {
    license: (_parent, { server }, context) => {
      if (server == null && context.servers.names.length > 1) {
        throw badUserInput(`The session holds several servers (${context.servers.names.join(', ')}): name one with the argument "server", or read every server's license as "servers { name license { ... } }".`);
      }
      return lookupApi(context, server).singleton(license);
    },
    licensedUsers: (_parent, args, context, info) => {
      const organizationId = optionalGuidArg(args.organizationId, 'organizationId');
      const query: Record<string, string> = organizationId === null ? {} : { organizationId };
      if (oneServer(context)) return context.api.page(licensedUser, pageWindow(args, context.limits.maxPageSize), query);
      return crossServerPage(context, info, args.servers, resourceList(licensedUser, query), args);
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
