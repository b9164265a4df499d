import type {
  BackupType,
  Bottleneck,
  JobSessionConfigType,
  JobSessionStatus,
  JobType,
  LogItemStatus,
  OrganizationType,
  ScheduleType,
} from './schema-types.generated.js';

/**
 * The one internal model every API version is decoded into (by its adapter). GraphQL mappers
 * point here, so resolvers read the same shape whatever version the server speaks; a field a
 * version does not send is null. Relations stay as the server's raw hrefs until followed: the
 * data source pins them to a known route of the configured upstream when it does.
 */
export interface Links {
  readonly self?: string;
  readonly [rel: string]: string | undefined;
}

export interface JobSessionStatisticsModel {
  processingRateBytesPS: number | null;
  processingRateItemsPS: number | null;
  readRateBytesPS: number | null;
  writeRateBytesPS: number | null;
  transferredDataBytes: number | null;
  processedObjects: number | null;
  bottleneck: Bottleneck | null;
}

export interface JobSessionModel {
  id: string;
  status: JobSessionStatus;
  /** The status as the server spelled it. */
  statusText: string;
  creationTime: string;
  endTime: string | null;
  progress: number | null;
  details: string | null;
  retryCount: number | null;
  statistics: JobSessionStatisticsModel | null;
  jobType: JobType | null;
  configType: JobSessionConfigType | null;
  willBeRetried: boolean | null;
  mainSessionId: string | null;
  repositoryId: string | null;
  proxyId: string | null;
  /** v8 sends the job's id; older versions only link to the job. */
  jobId: string | null;
  links: Links;
}

export interface LogItemModel {
  id: string;
  usn: number;
  title: string;
  status: LogItemStatus;
  message: string;
  creationTime: string;
  endTime: string | null;
  links: Links;
}

export interface SchedulePolicyModel {
  type: ScheduleType;
  periodicallyEvery: string | null;
  dailyType: string | null;
  dailyTime: string | null;
  retryEnabled: boolean | null;
  retryNumber: number | null;
  retryWaitInterval: number | null;
}

export interface JobModel {
  id: string;
  name: string;
  description: string | null;
  lastStatus: JobSessionStatus | null;
  lastRun: string | null;
  nextRun: string | null;
  lastBackup: string | null;
  isEnabled: boolean;
  backupType: BackupType;
  schedulePolicy: SchedulePolicyModel | null;
  organizationId: string | null;
  /** The repository the job writes to: `repositoryId` (v6+); v5 only links to it. */
  repositoryId: string | null;
  links: Links;
}

export interface OrganizationModel {
  id: string;
  name: string;
  type: OrganizationType;
  region: string | null;
  isExchangeOnline: boolean | null;
  isSharePointOnline: boolean | null;
  isTeamsOnline: boolean | null;
  isTeamsChatsOnline: boolean | null;
  officeName: string | null;
  isBackedUp: boolean | null;
  firstBackupTime: string | null;
  lastBackupTime: string | null;
  links: Links;
}

/** One page of a collection as the server sent it, checked against the window asked for. */
export interface PageModel<T> {
  items: readonly T[];
  /** Upstream offset of `items[0]`. */
  offset: number;
  hasNextPage: boolean;
  /** Null where the server does not send it (v8). */
  totalCount: number | null;
}

/**
 * A page read from the upstream, before edges and cursors are made from it: each item's cursor
 * is its upstream offset, or, for a page merged over several servers, `merged` holds them.
 */
export interface ConnectionModel<T> extends PageModel<T> {
  /** A merged page's own cursors (one per item) and page bounds; absent for one server's page. */
  merged?: MergedCursors;
}

/** The cursors of a page merged over several servers (each holds every server's position). */
export interface MergedCursors {
  cursors: readonly string[];
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}
export type JobSessionConnectionModel = ConnectionModel<JobSessionModel>;
export type LogItemConnectionModel = ConnectionModel<LogItemModel>;

export interface ServerInfoModel {
  apiVersion: string;
}

export interface StartJobResultModel {
  job: JobModel;
  session: JobSessionModel | null;
}

const SERVER = Symbol('server');
/** Nested objects of a decoded value get the stamp as well, this deep. */
const STAMP_DEPTH = 4;

/**
 * Marks a decoded value, and the objects inside it, as read from the backup server `server`
 * (a hidden property: it is not serialized and does not change equality). Relations of the
 * value are followed on that server, and its `server` field answers with it.
 */
export function stampServer<T>(value: T, server: string, depth = 0): T {
  if (typeof value !== 'object' || value === null || depth > STAMP_DEPTH) return value;
  if (Array.isArray(value)) {
    for (const item of value) stampServer(item, server, depth + 1);
    return value;
  }
  if (!Object.isExtensible(value) || Object.hasOwn(value, SERVER)) return value;
  Object.defineProperty(value, SERVER, { value: server, enumerable: false });
  for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) stampServer(child, server, depth + 1);
  return value;
}

/** The backup server a decoded value was read from, when it was stamped. */
export function serverOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null ? ((value as { [SERVER]?: string })[SERVER] ?? undefined) : undefined;
}

/**
 * The name VBM_API_URL's one server goes by; alerts stored before they named a server are read as
 * the first configured server's, which is this one without SERVERS_FILE.
 */
export const DEFAULT_SERVER_NAME = 'default';

/** A configured backup server, as the graph shows it; what is known of it is read from the request's context. */
export interface BackupServerModel {
  name: string;
}
