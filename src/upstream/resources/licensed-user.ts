import type { ConnectionModel, Links } from '../../model.js';
import { Fields, isSetTime, type Decoder } from '../decode.js';
import { defineResource, free, fromVersion, once, page } from './define.js';

/** A licensed user (`RESTLicensedUser`); its id is a plain string, not a GUID. */
export interface LicensedUserModel {
  id: string;
  name: string;
  isBackedUp: boolean | null;
  /** Null when never backed up (.NET's `0001-01-01` "not set" included). */
  lastBackupDate: string | null;
  licenseState: string | null;
  organizationId: string | null;
  organizationName: string | null;
  links: Links;
}

export type LicensedUserConnectionModel = ConnectionModel<LicensedUserModel>;

export const decodeLicensedUser: Decoder<LicensedUserModel> = (value) => {
  const f = Fields.of(value, 'licensed user');
  const lastBackupDate = f.optionalDateTime('lastBackupDate');
  return {
    id: f.segment('id'),
    name: f.string('name'),
    isBackedUp: f.optionalBoolean('isBackedUp'),
    lastBackupDate: isSetTime(lastBackupDate) ? lastBackupDate : null,
    licenseState: f.optionalString('licenseState'),
    organizationId: f.optionalGuid('organizationId'),
    organizationName: f.optionalString('organizationName'),
    links: f.links(),
  };
};

/**
 * Pages of `/LicensedUsers` (v6+, `organizationId` filter). There is no GET of one licensed user.
 * Veeam's v5 reference documents the route but not how it pages, so v5 is not served.
 */
export default defineResource({
  name: 'licensedUser',
  what: 'licensed user',
  routes: { licensedUserList: 'licensedusers' },
  list: 'licensedUserList',
  listOnly: true,
  decoders: fromVersion({ v6: decodeLicensedUser }),
  paging: fromVersion({ v6: 'pages' }),
  costs: {
    Query: { licensedUsers: page },
    LicensedUser: {
      id: free,
      name: free,
      isBackedUp: free,
      lastBackupDate: free,
      licenseState: free,
      organizationName: free,
      organization: once,
    },
    LicensedUserConnection: 'free',
    LicensedUserEdge: 'free',
  },
});
