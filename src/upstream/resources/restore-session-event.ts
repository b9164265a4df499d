import type { ConnectionModel, Links } from '../../model.js';
import { Fields, type Decoder } from '../decode.js';
import { defineResource, free, fromVersion } from './define.js';

/** An event of a restore session (an item viewed, restored, exported, ...), v6-v8. */
export interface RestoreSessionEventModel {
  id: string;
  itemName: string | null;
  itemType: string | null;
  itemSizeBytes: number | null;
  source: string | null;
  target: string | null;
  /** `None`, `Save`, `Export`, `Send`, `Restore` or `View`. */
  type: string | null;
  /** `Running`, `Success`, `Warning`, `Failed`, `Cancelled` or `Skipped`. */
  status: string;
  message: string;
  /** The event's `startTime`. */
  creationTime: string;
  endTime: string | null;
  links: Links;
}

/** A page of them, as a connection resolves it. */
export type RestoreSessionEventConnectionModel = ConnectionModel<RestoreSessionEventModel>;

/** `RESTRestoreSessionEvent`: `id`, `status`, `message`, `startTime` and `order` are required by the specs. */
export const decodeRestoreSessionEvent: Decoder<RestoreSessionEventModel> = (value) => {
  const f = Fields.of(value, 'restore session event');
  f.long('order');
  return {
    id: f.guid('id'),
    itemName: f.optionalString('itemName'),
    itemType: f.optionalString('itemType'),
    itemSizeBytes: f.optionalLong('itemSizeBytes'),
    source: f.optionalString('source'),
    target: f.optionalString('target'),
    type: f.optionalString('type'),
    status: f.string('status'),
    message: f.string('message'),
    creationTime: f.dateTime('startTime'),
    endTime: f.optionalDateTime('endTime'),
    links: f.links(),
  };
};

/** Pages of `/RestoreSessions/{id}/Events` (and one event by id), v6+. */
export default defineResource({
  name: 'restoreSessionEvent',
  what: 'restore session event',
  routes: {
    restoreSessionEvent: 'restoresessions/{id}/events/{id}',
    restoreSessionEventPage: 'restoresessions/{id}/events',
  },
  decoders: fromVersion({ v6: decodeRestoreSessionEvent }),
  costs: {
    RestoreSessionEvent: {
      id: free,
      itemName: free,
      itemType: free,
      itemSizeBytes: free,
      source: free,
      target: free,
      type: free,
      status: free,
      message: free,
      creationTime: free,
      endTime: free,
    },
    RestoreSessionEventConnection: 'free',
    RestoreSessionEventEdge: 'free',
  },
});
