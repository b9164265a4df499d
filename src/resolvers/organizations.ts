import type { OrganizationType, Resolvers } from '../generated/resolvers.generated.js';
import { guidArg, resources } from '../upstream/routes.js';
import type { OrganizationTypeDto } from '../upstream/types.js';
import { known } from './enums.js';

const ORGANIZATION_TYPE: Record<OrganizationTypeDto, OrganizationType> = {
  Office365: 'OFFICE365',
  OnPremises: 'ON_PREMISES',
  Hybrid: 'HYBRID',
};

export const organizationResolvers: Resolvers = {
  Query: {
    organization: (_parent, { id }, { loaders }) => loaders.organizationByPath.load(resources.organization(guidArg(id, 'id'))),
  },
  Organization: {
    type: (organization) => known(ORGANIZATION_TYPE, organization.type),
  },
};
