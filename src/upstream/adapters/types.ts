import type { JobSessionStatus, JobType } from '../../schema-types.generated.js';
import type { ApiVersion } from '../api-version.js';
import type { Decoder } from '../decode.js';
import type { ResourceDefinition } from '../resources/define.js';
import type { ResourcePath } from '../routes.js';

/** Query parameters sent with a collection read, as the version spells them. */
export type Query = Readonly<Record<string, string>>;

/** A collection read: where, with which parameters, and whether the server pages it. */
export interface CollectionRequest {
  resource: ResourcePath;
  query: Query;
  /** `{offset, limit, results}` pages (true) or a plain JSON array (false). */
  paged: boolean;
}

/** Filters of `/JobSessions`, as the GraphQL arguments give them (already validated). */
export interface SessionFilters {
  status?: JobSessionStatus | null;
  jobType?: JobType | null;
  jobId?: string | null;
  endedAfter?: string | null;
  endedBefore?: string | null;
}

export type JobAction = 'start' | 'stop' | 'enable' | 'disable';

/** A write: method POST, its path below the version segment, and its JSON body. */
export interface WriteRequest {
  path: string;
  template: string;
  body: string | undefined;
}

/**
 * Everything that differs between REST API versions: each resource's routes, JSON shapes and
 * paging per version (read from the resource registry, src/upstream/resources/), and what is not
 * one resource's (filters, sign-in, logout, job actions). The data source asks its adapter and
 * never checks a version itself.
 */
export interface ApiAdapter {
  readonly version: ApiVersion;
  /** How this version writes a resource (from the registry); NOT_SUPPORTED_BY_SERVER where it does not serve it. */
  decoder<T extends object>(resource: ResourceDefinition<T>): Decoder<T>;
  /** Whether this version serves the resource at all. */
  serves(resource: ResourceDefinition): boolean;
  /**
   * The whole collection of a resource, as this version sends it (a plain array or pages);
   * `parentIds` fill the `{id}`s of a collection below an object (already checked GUIDs).
   */
  list(resource: ResourceDefinition, query?: Query, parentIds?: readonly string[]): CollectionRequest;
  /** `/JobSessions` parameters for the filters; NOT_SUPPORTED_BY_SERVER for one this version cannot apply. */
  sessionFilters(filters: SessionFilters): Query;
  /** A job's sessions, from its id (and its `jobsessions` link, read only where the version follows it). */
  sessionsOfJob(jobId: string, link: () => ResourcePath | undefined): CollectionRequest;
  jobsOfOrganization(organizationId: string, link: () => ResourcePath | undefined): CollectionRequest;
  /** Extra form fields of every `POST /token` grant. */
  readonly signInFields: Query;
  /** `POST /token/logout`, or undefined where the version cannot revoke a token. */
  readonly logout: WriteRequest | undefined;
  jobAction(jobId: string, action: JobAction, full: boolean): WriteRequest;
  /** Whether `start` answers with the session it started (v8). */
  readonly startReturnsSession: boolean;
  /**
   * The change feed of job sessions (`/JobSessions/Changes`, v7 only), for these filters; undefined
   * where the version has none or cannot filter it so (it takes `jobType` only).
   */
  sessionChanges(filters: SessionFilters): { request: CollectionRequest } | undefined;
}
