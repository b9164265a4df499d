import type { ConnectionModel, Links } from '../../model.js';
import { badShape, Fields, type Decoder } from '../decode.js';
import { defineResource, free, fromVersion, page } from './define.js';

/** An object a job session processed (`RESTJobSessionObject`, v7+). */
export interface ProcessedObjectModel {
  /** A plain string (not a GUID), as the server names the object. */
  id: string;
  /** `User`, `Group`, `Site` or `Team` in the v7/v8 specs, passed through as the server spells it. */
  type: string | null;
  /** `Success`, `Warning` or `Failed` in the v7/v8 specs, passed through as the server spells it. */
  status: string | null;
  links: Links;
}

/** A page of a session's processed objects. */
export type ProcessedObjectConnectionModel = ConnectionModel<ProcessedObjectModel>;

export const decodeProcessedObject: Decoder<ProcessedObjectModel> = (value) => {
  const f = Fields.of(value, 'processed object');
  const id = f.string('id');
  if (id.length === 0) badShape('processed object');
  return {
    id,
    type: f.optionalString('type'),
    status: f.optionalString('status'),
    links: f.links(),
  };
};

/** Pages of `/JobSessions/{id}/ProcessedObjects` (v7+). */
export default defineResource({
  // Objects have no route of their own: the resource is named by its collection's route.
  name: 'processedObjects',
  what: 'processed object',
  routes: { processedObjects: 'jobsessions/{id}/processedobjects' },
  list: 'processedObjects',
  decoders: fromVersion({ v7: decodeProcessedObject }),
  paging: fromVersion({ v7: 'pages' }),
  costs: {
    JobSession: { processedObjects: page },
    ProcessedObject: { id: free, type: free, status: free },
    ProcessedObjectConnection: 'free',
    ProcessedObjectEdge: 'free',
  },
});
