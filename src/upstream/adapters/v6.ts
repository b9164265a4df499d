import { registryReads } from './registry.js';
import type { ApiAdapter } from './types.js';
import { sessionFilterQuery, v5 } from './v5.js';

/** API v6: relative hrefs, `details`/`retryCount`, first filters, separate job-control routes. */
export const v6: ApiAdapter = {
  ...v5,
  version: 'v6',
  ...registryReads('v6'),
  sessionFilters: (filters) => sessionFilterQuery(filters, ['jobType', 'endedAfter'], 'v6'),
  jobAction: (jobId, action, full) => ({
    path: `/jobs/${jobId}/${action}`,
    template: `/jobs/{id}/${action}`,
    body: action === 'start' ? JSON.stringify({ full }) : undefined,
  }),
};
