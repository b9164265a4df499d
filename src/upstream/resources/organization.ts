import type { OrganizationModel } from '../../model.js';
import { ORGANIZATION_TYPE } from '../enums.js';
import { Fields, known, type Decoder } from '../decode.js';
import { defineResource, each, free, fromVersion } from './define.js';

export const decodeOrganization: Decoder<OrganizationModel> = (value) => {
  const f = Fields.of(value, 'organization');
  return {
    id: f.guid('id'),
    name: f.string('name'),
    type: known(ORGANIZATION_TYPE, f.optionalString('type')),
    region: f.optionalString('region'),
    isExchangeOnline: f.optionalBoolean('isExchangeOnline'),
    isSharePointOnline: f.optionalBoolean('isSharePointOnline'),
    isTeamsOnline: f.optionalBoolean('isTeamsOnline'),
    isTeamsChatsOnline: f.optionalBoolean('isTeamsChatsOnline'),
    officeName: f.optionalString('officeName'),
    isBackedUp: f.optionalBoolean('isBackedup'),
    firstBackupTime: f.optionalDateTime('firstBackuptime'),
    lastBackupTime: f.optionalDateTime('lastBackuptime'),
    links: f.links(),
  };
};

/** `/Organizations/{id}` and `/Organizations` (a plain array before v8, pages on v8). */
export default defineResource({
  name: 'organization',
  what: 'organization',
  routes: {
    organization: 'organizations/{id}',
    organizationList: 'organizations',
  },
  list: 'organizationList',
  decoders: fromVersion({ v5: decodeOrganization }),
  paging: fromVersion({ v5: 'array', v8: 'pages' }),
  costs: {
    Query: { organization: each, organizations: each },
    Organization: {
      id: free,
      name: free,
      type: free,
      region: free,
      isExchangeOnline: free,
      isSharePointOnline: free,
      isTeamsOnline: free,
      isTeamsChatsOnline: free,
      officeName: free,
      isBackedUp: free,
      firstBackupTime: free,
      lastBackupTime: free,
      jobs: each,
    },
  },
});
