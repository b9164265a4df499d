import type DataLoader from 'dataloader';
import { badUserInput } from '../errors.js';
import type { PageKey } from '../loaders.js';
import type { ConnectionModel } from '../models.js';
import type { ResourcePath } from '../upstream/routes.js';
import type { PageDto } from '../upstream/types.js';

const CURSOR = /^o:(\d{1,9})$/;

/** Cursors are opaque to clients; inside they are the item's upstream offset. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || encodeCursor(Number(match[1])) !== cursor) {
    throw badUserInput('Argument "after" is not a cursor of this connection.');
  }
  return Number(match[1]);
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** Validates `first` and `after` before any upstream call and turns them into offset and limit. */
export function pageWindow(args: PageArgs, maxPageSize: number): { offset: number; limit: number } {
  const limit = args.first ?? 30;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxPageSize) {
    throw badUserInput(`Argument "first" must be from 1 to ${maxPageSize}.`);
  }
  const offset = args.after == null ? 0 : decodeCursor(args.after) + 1;
  return { offset, limit };
}

/** Reads one upstream page through its loader and keeps what the connection needs. */
export async function loadConnection<T>(
  loader: DataLoader<PageKey, PageDto<T>, string>,
  resource: ResourcePath,
  window: { offset: number; limit: number },
): Promise<ConnectionModel<T>> {
  const page = await loader.load({ resource, ...window });
  // Links to other pages are present only where such a page exists; a server that sends no
  // links at all has more items at most when it filled the page.
  const hasNextPage = page._links ? typeof page._links.next?.href === 'string' : page.results.length >= window.limit;
  return {
    items: page.results,
    offset: window.offset,
    hasNextPage,
    totalCount: typeof page.totalCount === 'number' ? page.totalCount : null,
  };
}

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
