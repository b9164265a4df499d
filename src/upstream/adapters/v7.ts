import { resources } from '../routes.js';
import { registryReads } from './registry.js';
import type { ApiAdapter } from './types.js';
import { sessionFilterQuery } from './v5.js';
import { v6 } from './v6.js';

/** API v7: `/Jobs/{id}/JobSessions` is gone (`/JobSessions?jobId=`), retries and job types, logout. */
export const v7: ApiAdapter = {
  ...v6,
  version: 'v7',
  ...registryReads('v7'),
  sessionFilters: (filters) => sessionFilterQuery(filters, ['jobType', 'endedAfter', 'jobId', 'endedBefore'], 'v7'),
  sessionsOfJob: (jobId) => ({ resource: resources.jobSessions(), query: { jobId }, paged: true }),
  logout: { path: '/token/logout', template: '/token/logout', body: undefined },
  sessionChanges: ({ status, jobId, endedAfter, endedBefore, jobType }) => {
    if (status || jobId || endedAfter || endedBefore) return undefined;
    const query = sessionFilterQuery({ jobType }, ['jobType'], 'v7');
    return { request: { resource: resources.jobSessionChanges(), query, paged: true } };
  },
};
