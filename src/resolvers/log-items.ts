import type { LogItemStatus, Resolvers } from '../generated/resolvers.generated.js';
import { upstreamDateTime } from '../scalars.js';
import { relationPath } from '../upstream/links.js';
import { connectionFields } from './connections.js';

const PREFIX = /^\[([^\]]*)\]\s*/;
const LOG_STATUS: Record<string, LogItemStatus> = { success: 'SUCCESS', warning: 'WARNING', failed: 'FAILED' };

/** Splits `[Success] Job started at ...` into its status and message. */
export function parseTitle(title: string): { status: LogItemStatus; message: string } {
  const match = PREFIX.exec(title);
  if (!match) return { status: 'UNKNOWN', message: title };
  const status = LOG_STATUS[(match[1] ?? '').trim().toLowerCase()] ?? 'UNKNOWN';
  return { status, message: title.slice(match[0].length) };
}

export const logItemResolvers: Resolvers = {
  LogItemConnection: connectionFields,
  LogItem: {
    status: (item) => parseTitle(item.title).status,
    message: (item) => parseTitle(item.title).message,
    creationTime: (item) => upstreamDateTime(item.creationTime) ?? '',
    endTime: (item) => upstreamDateTime(item.endTime),
    jobSession: (item, _args, { loaders }) => {
      // The item's own link, not the parent's id: the seed links to another session than its URL.
      const session = relationPath(item._links?.jobsessions, ['jobSession']);
      return session ? loaders.jobSessionByPath.load(session) : null;
    },
  },
};
