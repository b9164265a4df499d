import type { LogItemModel } from '../../model.js';
import { Fields, type Decoder } from '../decode.js';
import { resources } from '../routes.js';
import { LOG_TYPE } from './enums.js';
import type { ApiAdapter } from './types.js';
import { sessionFilterQuery } from './v5.js';
import { v7 } from './v7.js';

/**
 * A v8 log item has `type` and `message` instead of a title. The title is composed as
 * `[<Word>] <message>` with the word v5-v7 titles use for that status, so it reads the same
 * on every version.
 */
export const decodeTypedLogItem: Decoder<LogItemModel> = (value) => {
  const f = Fields.of(value, 'log item');
  const type = f.optionalString('type');
  const message = f.string('message');
  const known = type !== null && Object.hasOwn(LOG_TYPE, type) ? LOG_TYPE[type] : undefined;
  const word = known?.word ?? type;
  return {
    id: f.guid('id'),
    usn: f.long('usn'),
    title: word === null ? message : `[${word}] ${message}`,
    status: known?.status ?? 'UNKNOWN',
    message,
    creationTime: f.dateTime('creationTime'),
    endTime: f.optionalDateTime('endTime'),
    links: f.links(),
  };
};

/** API v8 (current): typed log items, paged job and organization lists, status filter, antiforgery opt-out. */
export const v8: ApiAdapter = {
  ...v7,
  version: 'v8',
  decodeLogItem: decodeTypedLogItem,
  sessionFilters: (filters) =>
    sessionFilterQuery(filters, ['jobType', 'endedAfter', 'jobId', 'endedBefore', 'status'], 'v8'),
  jobs: () => ({ resource: resources.jobs(), query: {}, paged: true }),
  organizations: () => ({ resource: resources.organizations(), query: {}, paged: true }),
  jobsOfOrganization: (organizationId) => ({ resource: resources.jobs(), query: { organizationId }, paged: true }),
  // A server-side client has no cookie jar for the antiforgery token v8 asks for by default.
  signInFields: { disable_antiforgery_token: 'true' },
  startReturnsSession: true,
  // v8 removed the change feed.
  sessionChanges: () => undefined,
};
