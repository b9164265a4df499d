import type { Resolvers } from '../generated/resolvers.generated.js';
import serverHealth from '../upstream/resources/server-health.js';

export const serverHealthResolvers: Resolvers = {
  Query: {
    serverHealth: (_parent, _args, { api }) => api.singleton(serverHealth),
  },
};
