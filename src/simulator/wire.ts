import type {
  JobDto,
  JobSessionDto,
  LinkDto,
  LinksDto,
  LogItemDto,
  OrganizationDto,
  PageDto,
} from './wire-v5.js';

/**
 * The JSON the simulator writes for v6, v7 and v8, beside the v5 DTOs of wire-v5.ts. Optional
 * fields are the ones some versions leave out.
 */

export type JobTypeDto = 'Backup' | 'Copy';
export type JobSessionConfigTypeDto = 'Full' | 'Incremental';
/** v8 log item `type`. */
export type LogItemTypeDto = 'Running' | 'Warning' | 'Error' | 'Success' | 'Stop';
/** v8 `GET /JobSessions?status=`: note `Succeeded` for sessions whose status is `Success`. */
export type SessionStatusFilterDto = 'Stopped' | 'Running' | 'Succeeded' | 'Failed' | 'Warning';

/** `errorCode` values of v7 and v8. */
export type ErrorCodeDto =
  | 'ProxyOffline'
  | 'OutdatedChangeToken'
  | 'ResourceAccessDenied'
  | 'ResourceNotFound'
  | 'ParameterValidationFailure'
  | 'OrganizationTransfer'
  | 'RepositoryOwnerChangeTooManyLinks'
  | 'Timeout'
  | 'OperationConflict'
  | 'HttpError';

/** RESTExceptionInfo: `message` always, `errorCode` from v7, `stackTrace` in v8. */
export interface ErrorBodyDto {
  message: string;
  errorCode?: ErrorCodeDto;
  stackTrace?: string;
}

export interface VersionedOrganizationDto extends OrganizationDto {
  officeName: string;
  isTeamsChatsOnline?: boolean;
  isBackedup: boolean;
  firstBackuptime: string | null;
  lastBackuptime: string | null;
}

export interface VersionedJobDto extends JobDto {
  lastBackup?: string | null;
  repositoryId?: string;
  organizationId?: string;
  runNow?: boolean;
  selectedItems?: unknown[];
  excludedItems?: unknown[];
  eTag?: number;
}

export interface VersionedJobSessionDto extends JobSessionDto {
  jobId?: string;
  repositoryId?: string;
  mainSessionId?: string | null;
  jobWillBeRetried?: boolean;
  jobType?: JobTypeDto;
  jobSessionConfigType?: JobSessionConfigTypeDto;
  eTag?: number;
  proxyId?: string | null;
  proxyPoolId?: string | null;
}

/** v5–v7 carry `title`; v8 `type` and `message` instead. */
export interface VersionedLogItemDto extends Omit<LogItemDto, 'title'> {
  title?: string;
  type?: LogItemTypeDto;
  message?: string;
}

export interface VersionedPageDto<T> extends PageDto<T> {
  setId?: string;
}

/** `GET /v7/JobSessions/Changes`. */
export interface JobSessionChangesDto {
  nextChangeToken: string;
  limit: number;
  setId: string;
  totalCount: number;
  results: VersionedJobSessionDto[];
  _links: LinksDto<'self' | 'next'>;
}

/** `RESTEvent` as the simulator writes it (the thin fields of its event types). */
export interface EventDto {
  eventType: 'JobSessionUpdate' | 'JobUpdate' | 'RestoreSessionUpdate';
  id: string;
  eTag: number;
  organizationId: string;
  jobId?: string;
  status?: 'Stopped' | 'Running' | 'Success' | 'Failed' | 'Warning' | 'NotConfigured';
  jobType?: 'Backup' | 'Copy';
}

/** `Events_GetResponse` (v8 `/Events`). */
export interface EventsDto {
  nextChangeToken: string;
  limit: number;
  setId: string;
  results: EventDto[];
}

export interface ServiceInstanceDto {
  installationId: string;
  version: string;
}

/** A backup copy job, as far as a copy session's `job` link needs it. */
export interface CopyJobDto {
  id: string;
  name: string;
  description: string;
  backupJobId: string;
  repositoryId: string;
  isEnabled: boolean;
  lastRun: string | null;
  lastStatus: string | null;
  _links: Record<string, LinkDto>;
}
