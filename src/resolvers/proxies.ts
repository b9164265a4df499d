import type { Resolvers } from '../generated/resolvers.generated.js';
import proxy from '../upstream/resources/proxy.js';
import { guidArg } from './arguments.js';

export const proxyResolvers: Resolvers = {
  Query: {
    proxy: (_parent, { id }, { api }) => api.item(proxy, guidArg(id, 'id')),
    proxies: (_parent, _args, { api }) => api.list(proxy),
  },
};
