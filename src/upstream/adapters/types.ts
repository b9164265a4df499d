import type { JobSessionStatus, JobType } from '../../schema-types.generated.js';
import type { JobModel, JobSessionModel, LogItemModel, OrganizationModel } from '../../model.js';
import type { ApiVersion } from '../api-version.js';
import type { Decoder } from '../decode.js';
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
 * Everything that differs between REST API versions, in one place: routes, JSON shapes and
 * sign-in details. The data source asks its adapter and never checks a version itself.
 */
export interface ApiAdapter {
  readonly version: ApiVersion;
  readonly decodeJobSession: Decoder<JobSessionModel>;
  readonly decodeLogItem: Decoder<LogItemModel>;
  readonly decodeJob: Decoder<JobModel>;
  readonly decodeOrganization: Decoder<OrganizationModel>;
  /** `/JobSessions` parameters for the filters; NOT_SUPPORTED_BY_SERVER for one this version cannot apply. */
  sessionFilters(filters: SessionFilters): Query;
  /** A job's sessions, from its id (and its `jobsessions` link, read only where the version follows it). */
  sessionsOfJob(jobId: string, link: () => ResourcePath | undefined): CollectionRequest;
  jobs(): CollectionRequest;
  organizations(): CollectionRequest;
  jobsOfOrganization(organizationId: string, link: () => ResourcePath | undefined): CollectionRequest;
  /** Whether `GET /ServiceInstance` exists (the product version). */
  readonly hasServiceInstance: boolean;
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
