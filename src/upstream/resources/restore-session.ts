import type { ConnectionModel, Links } from '../../model.js';
import { Fields, isSetTime, type Decoder } from '../decode.js';
import { defineResource, each, free, fromVersion, once, page } from './define.js';

/** A restore session of v6-v8 (the three write it alike). */
export interface RestoreSessionModel {
  id: string;
  name: string | null;
  /** `Vex`, `Veod`, `Vesp` or `Vet` (the explorer), as the server writes it. */
  type: string;
  /** `Working` or `Stopped`. */
  state: string;
  /** `Success`, `Warning` or `Failed`. */
  result: string;
  initiatedBy: string | null;
  clientHost: string | null;
  reason: string | null;
  details: string | null;
  creationTime: string;
  endTime: string | null;
  /** The session's `organization`: the organization's name, not its id. */
  organizationName: string | null;
  links: Links;
}

/** A page of them, as a connection resolves it. */
export type RestoreSessionConnectionModel = ConnectionModel<RestoreSessionModel>;

/** `RESTRestoreSession`: `id`, `type`, `creationTime`, `state` and `result` are required by the specs. */
export const decodeRestoreSession: Decoder<RestoreSessionModel> = (value) => {
  const f = Fields.of(value, 'restore session');
  return {
    id: f.guid('id'),
    name: f.optionalString('name'),
    type: f.string('type'),
    state: f.string('state'),
    result: f.string('result'),
    initiatedBy: f.optionalString('initiatedBy'),
    clientHost: f.optionalString('clientHost'),
    reason: f.optionalString('reason'),
    details: f.optionalString('details'),
    creationTime: f.dateTime('creationTime'),
    endTime: f.optionalDateTime('endTime'),
    organizationName: f.optionalString('organization'),
    links: f.links(),
  };
};

/** A session has ended when it has an end time or its state is `Stopped`; then neither it nor its events change. */
export const isFinishedRestoreSession = (session: RestoreSessionModel): boolean => isSetTime(session.endTime) || session.state === 'Stopped';

/** `/RestoreSessions/{id}` and pages of `/RestoreSessions` (filtered by start time), v6+. */
export default defineResource({
  name: 'restoreSession',
  what: 'restore session',
  routes: {
    restoreSession: 'restoresessions/{id}',
    restoreSessionPage: 'restoresessions',
  },
  list: 'restoreSessionPage',
  decoders: fromVersion({ v6: decodeRestoreSession }),
  paging: fromVersion({ v6: 'pages' }),
  finished: isFinishedRestoreSession,
  costs: {
    Query: { restoreSession: each, restoreSessions: page },
    RestoreSession: {
      id: free,
      name: free,
      type: free,
      state: free,
      result: free,
      initiatedBy: free,
      clientHost: free,
      reason: free,
      details: free,
      creationTime: free,
      endTime: free,
      organizationName: free,
      organization: once,
      events: page,
      statistics: each,
    },
    RestoreSessionConnection: 'free',
    RestoreSessionEdge: 'free',
  },
});
