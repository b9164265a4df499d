import type { ConnectionModel, Links } from '../../model.js';
import { Fields, type Decoder } from '../decode.js';
import { defineResource, free, fromVersion, once, page } from './define.js';

/** A restore point as every version is decoded into; a field a version does not send is null. */
export interface RestorePointModel {
  /** A plain string id (not a GUID), checked to be a safe path segment. */
  id: string;
  backupTime: string;
  isExchange: boolean | null;
  isOneDrive: boolean | null;
  isSharePoint: boolean | null;
  isTeams: boolean | null;
  /** v7+. */
  isCopy: boolean | null;
  /** v8 `immutabilityExpiresOn`. */
  immutableUntil: string | null;
  organizationId: string | null;
  jobId: string | null;
  repositoryId: string | null;
  links: Links;
}

/** A page of them, as a connection resolves it. */
export type RestorePointConnectionModel = ConnectionModel<RestorePointModel>;

/**
 * `RESTRestorePoint` of the v6-v8 specs (v7 adds `isCopy`, v8 `immutabilityExpiresOn`). The specs
 * mark no field required; `id` and `backupTime` are what a restore point is without.
 */
export const decodeRestorePoint: Decoder<RestorePointModel> = (value) => {
  const f = Fields.of(value, 'restore point');
  return {
    id: f.segment('id'),
    backupTime: f.dateTime('backupTime'),
    isExchange: f.optionalBoolean('isExchange'),
    isOneDrive: f.optionalBoolean('isOneDrive'),
    isSharePoint: f.optionalBoolean('isSharePoint'),
    isTeams: f.optionalBoolean('isTeams'),
    isCopy: f.optionalBoolean('isCopy'),
    immutableUntil: f.optionalDateTime('immutabilityExpiresOn'),
    organizationId: f.optionalGuid('organizationId'),
    jobId: f.optionalGuid('jobId'),
    repositoryId: f.optionalGuid('repositoryId'),
    links: f.links(),
  };
};

/**
 * `GET /RestorePoints`: v6 answers one plain array, v7/v8 pages; every version takes the
 * `organizationId` and `jobId` filters; `/RestorePoints/{id}` names one (its id is a plain string,
 * `{key}`). v5 has no restore point resource.
 */
export default defineResource({
  name: 'restorePoint',
  what: 'restore point',
  routes: {
    restorePoint: 'restorepoints/{key}',
    restorePointList: 'restorepoints',
  },
  list: 'restorePointList',
  decoders: fromVersion({ v6: decodeRestorePoint }),
  paging: fromVersion({ v6: 'array', v7: 'pages' }),
  costs: {
    Query: { restorePoints: page },
    RestorePoint: {
      id: free,
      backupTime: free,
      isExchange: free,
      isOneDrive: free,
      isSharePoint: free,
      isTeams: free,
      isCopy: free,
      immutableUntil: free,
      organization: once,
      job: once,
      repository: once,
    },
    RestorePointConnection: 'free',
    RestorePointEdge: 'free',
  },
});
