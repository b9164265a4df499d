import { badShape, Fields, type Decoder } from '../decode.js';
import { defineResource, fromVersion } from './define.js';

/** `RESTJobSessionUpdateEventStatus`. */
export const EVENT_SESSION_STATUSES = ['Stopped', 'Running', 'Success', 'Failed', 'Warning', 'NotConfigured'] as const;
export type EventSessionStatus = (typeof EVENT_SESSION_STATUSES)[number];

/** `RESTEventJobType`. */
export const EVENT_JOB_TYPES = ['Backup', 'Copy'] as const;
export type EventJobType = (typeof EVENT_JOB_TYPES)[number];

/**
 * One `RESTEvent` of the v8 feed: what changed, never the resource itself. `eventType` is kept as
 * the server writes it (about 30 types; a newer server may add more), so a reader picks the ones
 * it knows. Ids that are GUIDs are lowercased, as everywhere in the facade.
 */
export interface FeedEventModel {
  eventType: string;
  id: string | null;
  eTag: number | null;
  organizationId: string | null;
  jobId: string | null;
  jobType: EventJobType | null;
  status: EventSessionStatus | null;
  policyId: string | null;
  objectsEtag: number | null;
}

/** One answer of `GET /v8/Events`: the events after `from`, and the token to go on from. */
export interface EventPageModel {
  nextChangeToken: string;
  limit: number;
  setId: string | null;
  events: FeedEventModel[];
}

/** Events one answer may hold (the API's page maximum). */
export const MAX_EVENTS_PER_PAGE = 10_000;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const idOf = (value: string | null): string | null => (value !== null && GUID.test(value) ? value.toLowerCase() : value);

function oneOf<T extends string>(values: readonly T[], value: string | null, what: string): T | null {
  if (value === null) return null;
  return (values as readonly string[]).includes(value) ? (value as T) : badShape(what);
}

/** The fields each event type must have (`RESTJobSessionUpdateEvent` and the others' `required`). */
const REQUIRED: Readonly<Record<string, readonly (keyof FeedEventModel)[]>> = {
  JobSessionUpdate: ['id', 'eTag', 'jobId', 'status', 'jobType'],
  JobUpdate: ['id', 'eTag', 'jobType'],
  RestoreSessionUpdate: ['id', 'eTag'],
  RestorePointUpdate: ['id', 'eTag'],
};

/** `RESTEvent`: every field checked for its type; the ones its event type requires must be there. */
export const decodeEvent: Decoder<FeedEventModel> = (value) => {
  const what = 'event';
  const f = Fields.of(value, what);
  const event: FeedEventModel = {
    eventType: f.string('eventType'),
    id: idOf(f.optionalString('id')),
    eTag: f.optionalLong('eTag'),
    organizationId: f.optionalGuid('organizationId'),
    jobId: idOf(f.optionalString('jobId')),
    jobType: oneOf(EVENT_JOB_TYPES, f.optionalString('jobType'), what),
    status: oneOf(EVENT_SESSION_STATUSES, f.optionalString('status'), what),
    policyId: f.optionalString('policyId'),
    objectsEtag: f.optionalLong('objectsEtag'),
  };
  for (const field of REQUIRED[event.eventType] ?? []) if (event[field] === null) badShape(what);
  return event;
};

/** `Events_GetResponse`: `nextChangeToken`, `limit` and `results` are required. */
export const decodeEventPage: Decoder<EventPageModel> = (value) => {
  const f = Fields.of(value, 'event feed');
  const results = f.json.results;
  if (!Array.isArray(results) || results.length > MAX_EVENTS_PER_PAGE) badShape('event feed');
  const limit = f.long('limit');
  const nextChangeToken = f.string('nextChangeToken');
  if (nextChangeToken === '') badShape('event feed');
  f.links();
  return { nextChangeToken, limit, setId: f.optionalGuid('setId'), events: results.map(decodeEvent) };
};

/**
 * `GET /Events` (v8): the server's event feed, a long poll. It is read whole (one answer per
 * call), never as a list or a page of a connection, and no GraphQL field reads it directly.
 */
export default defineResource({
  name: 'eventFeed',
  what: 'event feed',
  routes: { eventFeed: 'events' },
  decoders: fromVersion({ v8: decodeEventPage }),
  costs: {},
});
