import type { Resolvers } from '../generated/resolvers.generated.js';
import { apiOf } from './server-of.js';
import { connectionFields } from './connections.js';

export const logItemResolvers: Resolvers = {
  LogItemConnection: connectionFields,
  LogItem: {
    // The item's own link, not the parent's id: the seed links to another session than its URL.
    jobSession: (item, _args, context) => apiOf(item, context).sessionOf(item),
  },
};
