import type { Resolvers } from '../generated/resolvers.generated.js';

export const serverResolvers: Resolvers = {
  Query: {
    server: (_parent, _args, { api }) => ({ apiVersion: api.version }),
  },
  ServerInfo: {
    productVersion: (_server, _args, { api }) => api.productVersion(),
  },
};
