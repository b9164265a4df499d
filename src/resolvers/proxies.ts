import type { Resolvers } from '../generated/resolvers.generated.js';
import { lookupApi } from './server-of.js';
import proxy from '../upstream/resources/proxy.js';
import { guidArg } from './arguments.js';
import { crossServerRows, oneServer } from './cross-server.js';

export const proxyResolvers: Resolvers = {
  Query: {
    proxy: (_parent, { id, server }, context) => {
      const proxyId = guidArg(id, 'id');
      return lookupApi(context, server).item(proxy, proxyId);
    },
    proxies: (_parent, { servers }, context, info) => (oneServer(context) ? context.api.list(proxy) : crossServerRows(context, info, servers, proxy)),
  },
};
