import type { ConnectionModel } from '../model.js';
import type { MergedPage } from '../servers/merge.js';
import { encodeCursor } from './arguments.js';

/** Edges and page info of any connection model (one server's page, or a page merged over several). */
export const connectionFields = {
  edges: <T>(c: ConnectionModel<T>) => c.items.map((node, i) => ({ cursor: c.merged ? c.merged.cursors[i]! : encodeCursor(c.offset + i), node })),
  pageInfo: <T>(c: ConnectionModel<T>) =>
    c.merged
      ? { hasNextPage: c.hasNextPage, hasPreviousPage: c.merged.hasPreviousPage, startCursor: c.merged.startCursor, endCursor: c.merged.endCursor }
      : {
          hasNextPage: c.hasNextPage,
          hasPreviousPage: c.offset > 0,
          startCursor: c.items.length > 0 ? encodeCursor(c.offset) : null,
          endCursor: c.items.length > 0 ? encodeCursor(c.offset + c.items.length - 1) : null,
        },
  totalCount: <T>(c: ConnectionModel<T>) => c.totalCount,
};

/** A merged page as a connection: its rows (each stamped with its server) and its own cursors; no total. */
export function mergedConnection<T>(page: MergedPage<T>): ConnectionModel<T> {
  return {
    items: page.edges.map((edge) => edge.node),
    offset: 0,
    hasNextPage: page.pageInfo.hasNextPage,
    totalCount: null,
    merged: {
      cursors: page.edges.map((edge) => edge.cursor),
      hasPreviousPage: page.pageInfo.hasPreviousPage,
      startCursor: page.pageInfo.startCursor,
      endCursor: page.pageInfo.endCursor,
    },
  };
}
