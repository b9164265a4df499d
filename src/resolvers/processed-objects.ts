import type { Resolvers } from '../generated/resolvers.generated.js';
import processedObject from '../upstream/resources/processed-object.js';
import { pageWindow } from './arguments.js';
import { connectionFields } from './connections.js';

export const processedObjectResolvers: Resolvers = {
  JobSession: {
    // Null, without a call, where the version has no such collection (before v7).
    processedObjects: (session, args, { api, limits }) => {
      const window = pageWindow(args, limits.maxPageSize);
      return api.serves(processedObject) ? api.pageUnder(processedObject, session.id, window) : null;
    },
  },
  ProcessedObjectConnection: connectionFields,
};
