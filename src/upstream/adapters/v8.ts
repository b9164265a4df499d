import { routePath } from '../routes.js';
import { registryReads } from './registry.js';
import type { ApiAdapter } from './types.js';
import { sessionFilterQuery } from './v5.js';
import { v7 } from './v7.js';

/** API v8 (current): typed log items and paged lists (see the resource modules), status filter, antiforgery opt-out. */
export const v8: ApiAdapter = {
  ...v7,
  version: 'v8',
  ...registryReads('v8'),
  sessionFilters: (filters) =>
    sessionFilterQuery(filters, ['jobType', 'endedAfter', 'jobId', 'endedBefore', 'status'], 'v8'),
  jobsOfOrganization: (organizationId) => ({ resource: routePath('jobList'), query: { organizationId }, paged: true }),
  // A server-side client has no cookie jar for the antiforgery token v8 asks for by default.
  signInFields: { disable_antiforgery_token: 'true' },
  startReturnsSession: true,
  // v8 removed the change feed.
  sessionChanges: () => undefined,
};
