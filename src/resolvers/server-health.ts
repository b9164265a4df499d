import type { Resolvers } from '../generated/resolvers.generated.js';
import { badUserInput } from '../errors.js';
import serverHealth from '../upstream/resources/server-health.js';
import { lookupApi } from './server-of.js';

export const serverHealthResolvers: Resolvers = {
  Query: {
    serverHealth: (_parent, { server }, context) => {
      if (server == null && context.servers.names.length > 1) {
        throw badUserInput(`The session holds several servers (${context.servers.names.join(', ')}): name one with the argument "server", or read every server's health as "servers { name health { ... } }".`);
      }
      return lookupApi(context, server).singleton(serverHealth);
    },
  },
};
