import type { Resolvers } from '../generated/resolvers.generated.js';
import { stampServer } from '../model.js';
import { apiOf } from './server-of.js';

export const serverResolvers: Resolvers = {
  Query: {
    // No call: the version is known. Stamped like a decoded object, so its fields read that server.
    server: (_parent, { server }, context) => {
      const name = context.servers.pick(server);
      return stampServer({ apiVersion: context.servers.api(name).version }, name);
    },
  },
  ServerInfo: {
    productVersion: (info, _args, context) => apiOf(info, context).productVersion(),
  },
};
