import type { Resolvers } from '../generated/resolvers.generated.js';
import { apiOf } from './server-of.js';
import processedObject from '../upstream/resources/processed-object.js';
import { pageWindow } from './arguments.js';
import { connectionFields } from './connections.js';

export const processedObjectResolvers: Resolvers = {
  JobSession: {
    // Null, without a call, where the version has no such collection (before v7).
    processedObjects: (session, args, context) => {
      const window = pageWindow(args, context.limits.maxPageSize);
      return apiOf(session, context).serves(processedObject) ? apiOf(session, context).pageUnder(processedObject, session.id, window) : null;
    },
  },
  ProcessedObjectConnection: connectionFields,
};
