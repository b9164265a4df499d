import type { JobSessionDto, LogItemDto } from './upstream/types.js';

/** A page read from the upstream, before edges and cursors are made from it. */
export interface ConnectionModel<T> {
  items: readonly T[];
  /** Upstream offset of `items[0]`. */
  offset: number;
  hasNextPage: boolean;
  totalCount: number | null;
}

export type JobSessionConnectionModel = ConnectionModel<JobSessionDto>;
export type LogItemConnectionModel = ConnectionModel<LogItemDto>;
