import type { ConnectionModel } from '../model.js';
import { encodeCursor } from './arguments.js';

/** Edges and page info of any connection model. */
export const connectionFields = {
  edges: <T>(c: ConnectionModel<T>) => c.items.map((node, i) => ({ cursor: encodeCursor(c.offset + i), node })),
  pageInfo: <T>(c: ConnectionModel<T>) => ({
    hasNextPage: c.hasNextPage,
    hasPreviousPage: c.offset > 0,
    startCursor: c.items.length > 0 ? encodeCursor(c.offset) : null,
    endCursor: c.items.length > 0 ? encodeCursor(c.offset + c.items.length - 1) : null,
  }),
  totalCount: <T>(c: ConnectionModel<T>) => c.totalCount,
};
