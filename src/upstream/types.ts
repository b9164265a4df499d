/**
 * DTOs spelled exactly as the Veeam Backup for Microsoft 365 REST API v5 spells them: links,
 * the `/token` answer and its errors (which the client and the GraphQL `Token` type use as they
 * are), and the v5 resource shapes the tests hold the simulator's answers to. The decoders of
 * `upstream/resources/` read raw JSON into `src/model.ts`, not these types.
 */

export interface LinkDto {
  href: string;
}

export type LinksDto<Rel extends string> = Partial<Record<Rel, LinkDto>> & Record<string, LinkDto | undefined>;

/** The eight session statuses of v5, spelled as the API spells them. */
export type SessionStatusDto =
  | 'Stopped'
  | 'Running'
  | 'Success'
  | 'Warning'
  | 'Failed'
  | 'Disconnected'
  | 'NotConfigured'
  | 'Queued';

export type BottleneckDto = 'NA' | 'Detecting' | 'Source' | 'Target';

export interface JobSessionStatisticsDto {
  processingRateBytesPS: number;
  processingRateItemsPS: number;
  readRateBytesPS: number;
  writeRateBytesPS: number;
  transferredDataBytes: number;
  processedObjects: number;
  bottleneck: BottleneckDto;
}

export interface JobSessionDto {
  id: string;
  creationTime: string;
  endTime?: string | null;
  progress: number;
  status: SessionStatusDto;
  statistics?: JobSessionStatisticsDto | null;
  /** v6 addition; may be absent from a v5 server. */
  details?: string | null;
  /** v6 addition; may be absent from a v5 server. */
  retryCount?: number | null;
  _links: LinksDto<'self' | 'log' | 'job'>;
}

export interface LogItemDto {
  id: string;
  usn: number;
  /** `[Success] Job started at ...`: the status is only the bracketed prefix. */
  title: string;
  creationTime: string;
  endTime?: string | null;
  _links: LinksDto<'self' | 'jobsessions'>;
}

export type BackupTypeDto = 'SelectedItems' | 'EntireOrganization';

export interface SchedulePolicyDto {
  type: 'Periodically' | 'Daily' | 'ManualOnly';
  periodicallyEvery?: string | null;
  dailyType?: string | null;
  dailyTime?: string | null;
  retryEnabled?: boolean | null;
  retryNumber?: number | null;
  retryWaitInterval?: number | null;
  backupWindowEnabled?: boolean | null;
}

export interface JobDto {
  id: string;
  name: string;
  description?: string | null;
  lastStatus?: SessionStatusDto | null;
  lastRun?: string | null;
  nextRun?: string | null;
  isEnabled: boolean;
  backupType: BackupTypeDto;
  schedulePolicy?: SchedulePolicyDto | null;
  _links: LinksDto<'self' | 'organization' | 'backupRepository' | 'jobsessions'>;
}

export type OrganizationTypeDto = 'Office365' | 'OnPremises' | 'Hybrid';

export interface OrganizationDto {
  id: string;
  name: string;
  type: OrganizationTypeDto;
  region?: string | null;
  isExchangeOnline?: boolean | null;
  isSharePointOnline?: boolean | null;
  isTeamsOnline?: boolean | null;
  _links: LinksDto<'self' | 'jobs'>;
}

/** A v5 list page. `totalCount` may be present; never rely on it. */
export interface PageDto<T> {
  offset: number;
  limit: number;
  totalCount?: number | null;
  results: T[];
  _links?: LinksDto<'first' | 'prev' | 'self' | 'next'>;
}

/** `POST /v5/token` success body. */
export interface TokenDto {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
  userName?: string;
  '.issued'?: string;
  '.expires'?: string;
}

/** `POST /v5/token` failure body (OAuth style). */
export interface TokenErrorDto {
  error: string;
  error_description?: string;
}

/** Resource error body. */
export interface ErrorDto {
  message: string;
}
