export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /**
   * An ISO 8601 date-time exactly as the backup server wrote it: the server's own offset
   * (`Z` or `+hh:mm`) and up to 7 fractional digits are kept, for example
   * `2021-02-26T01:00:00.1732347+03:00`. Inputs must be ISO 8601 with an offset.
   */
  DateTime: { input: string; output: string; }
  /**
   * A 64-bit integer from the backup server (byte counts, rates, sequence numbers), sent as a
   * JSON number. Values are exact up to 2^53 - 1.
   */
  Long: { input: number; output: number; }
};

/** One alert raised by the facade's alerts watcher (see ALERTS_FILE); the same object the webhooks receive. */
export type Alert = {
  __typename?: 'Alert';
  /**
   * Stable: kind, subject and occurrence, e.g. `JOB_SESSION_FAILED:<session id>`; the idempotency
   * key of its deliveries. With several servers configured it names the server after the kind
   * (`JOB_SESSION_FAILED:eu1:<session id>`), so the same GUID on two servers is two alerts.
   */
  id: Scalars['ID']['output'];
  /** The rule that raised it. */
  kind: AlertKind;
  /** The dashboard view of its subject, when the facade's PUBLIC_URL is set. */
  link?: Maybe<Scalars['String']['output']>;
  /** What happened, for a person to read. */
  message: Scalars['String']['output'];
  /** When the watcher raised it (ISO 8601, UTC). */
  raisedAt: Scalars['DateTime']['output'];
  /** When its condition cleared (ISO 8601, UTC); null while firing. */
  resolvedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The backup server the alert is about, whose watcher raised it (alerts stored before alerts named their server are the first configured server's). */
  server: BackupServer;
  /** How urgent it is. */
  severity: AlertSeverity;
  /** Firing, or resolved once its condition cleared. */
  state: AlertState;
  /** What it is about. */
  subject: AlertSubject;
};

/** A page of the alert history, newest first. */
export type AlertConnection = {
  __typename?: 'AlertConnection';
  /** The alerts of this page, newest first. */
  nodes: Array<Alert>;
  /** Whether more follow, and the cursor to read them. */
  pageInfo: AlertPageInfo;
};

/** What an alert is about: the rule that raised it (the rule names of ALERTS_FILE, as enum values). */
export type AlertKind =
  /** A job has had no successful session for the configured hours (`jobNotSucceededFor`). */
  | 'JOB_NOT_SUCCEEDED_FOR'
  /** A job session ended Failed, after its last retry (`jobSessionFailed`). */
  | 'JOB_SESSION_FAILED'
  /** A job session ended with warnings (`jobSessionWarning`). */
  | 'JOB_SESSION_WARNING'
  /** The license expires within the configured days, or has expired (`licenseExpiresWithin`). */
  | 'LICENSE_EXPIRES_WITHIN'
  /** More than the configured percent of the licensed users are used (`licenseUsedAbove`). */
  | 'LICENSE_USED_ABOVE'
  /** A backup proxy has been offline for the configured minutes (`proxyOffline`). */
  | 'PROXY_OFFLINE'
  /** A repository's free space fell below the configured percent (`repositoryFreeBelow`). */
  | 'REPOSITORY_FREE_BELOW'
  /** The backup server reports itself unhealthy on `/Health`, v8+ (`serverUnhealthy`). */
  | 'SERVER_UNHEALTHY';

/** Where a page of alerts stands. */
export type AlertPageInfo = {
  __typename?: 'AlertPageInfo';
  /** Cursor of the last alert of this page; pass it as `after` for the next page. Null for an empty page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** True when older alerts follow this page. */
  hasNextPage: Scalars['Boolean']['output'];
};

/** An object an alert names: its id and name. */
export type AlertRef = {
  __typename?: 'AlertRef';
  /** The object's id (a GUID, as the backup server spells it). */
  id: Scalars['ID']['output'];
  /** The object's name, when known. */
  name?: Maybe<Scalars['String']['output']>;
};

/** How urgent an alert is. */
export type AlertSeverity =
  /** Needs someone now: a failed session, a job without success, an unhealthy server, an offline proxy, an expiring license. */
  | 'CRITICAL'
  /** Needs planning: a session with warnings, a filling repository, a license near its user count. */
  | 'WARNING';

/** Whether an alert's condition still holds. */
export type AlertState =
  /** Raised and not resolved. Session alerts stay firing: a session that ended does not change. */
  | 'FIRING'
  /** The condition cleared (free space, license, proxy, health, a job that succeeded again). */
  | 'RESOLVED';

/** What an alert is about. */
export type AlertSubject = {
  __typename?: 'AlertSubject';
  /** The object's id: a GUID, or `license` / `server` for the server-wide singletons. */
  id: Scalars['ID']['output'];
  /** The job of a session subject; null for other subjects. */
  job?: Maybe<AlertRef>;
  /** The object's name, when known. */
  name?: Maybe<Scalars['String']['output']>;
  /** The organization the subject belongs to; null for server-wide subjects (repository, license, proxy, server). */
  organization?: Maybe<AlertRef>;
  /** The kind of object. */
  type: AlertSubjectType;
};

/** The kind of object an alert is about, spelled as the webhook's JSON spells it. */
export type AlertSubjectType =
  /** A backup repository (server-wide). */
  | 'BackupRepository'
  /** A backup job. */
  | 'Job'
  /** A job session (session alerts); the subject also names its job and organization. */
  | 'JobSession'
  /** The backup server's license (server-wide). */
  | 'License'
  /** A backup proxy (server-wide). */
  | 'Proxy'
  /** The backup server itself (server-wide). */
  | 'Server';

/** A backup repository: where a job's backups are stored (`/BackupRepositories/{id}`). */
export type BackupRepository = {
  __typename?: 'BackupRepository';
  /** The size of the repository's local storage, in bytes. On v8 only a local (JET) repository has one: null for an object-storage repository. */
  capacityBytes?: Maybe<Scalars['Long']['output']>;
  /** The administrator's description of the repository. */
  description?: Maybe<Scalars['String']['output']>;
  /** The free space left in the repository's local storage, in bytes; null where `capacityBytes` is. */
  freeSpaceBytes?: Maybe<Scalars['Long']['output']>;
  /** The repository's GUID, as the backup server spells it. */
  id: Scalars['ID']['output'];
  /** Whether the repository's backups are indexed for search. v8+; null before. */
  isIndexed?: Maybe<Scalars['Boolean']['output']>;
  /** Whether the repository's cache is out of sync with its object storage. */
  isOutOfSync?: Maybe<Scalars['Boolean']['output']>;
  /** Whether the repository's data format is outdated and needs an upgrade. v8+; null before. */
  isOutdated?: Maybe<Scalars['Boolean']['output']>;
  /** The repository's name. */
  name: Scalars['String']['output'];
  /** The object storage the repository keeps its data in; null for a local repository. Nested in the repository on v8; read once per distinct `objectStorageId` from `/ObjectStorageRepositories/{id}` on v5-v7. */
  objectStorage?: Maybe<ObjectStorage>;
  /** The folder the repository keeps its data in, on its backup proxy. */
  path?: Maybe<Scalars['String']['output']>;
  /** The backup proxy the repository is on, through its `proxy` link or `proxyId`; null when it uses a proxy pool (`proxyPoolId`). */
  proxy?: Maybe<Proxy>;
  /** The GUID of the proxy pool the repository uses instead of one proxy. v8+; null before. */
  proxyPoolId?: Maybe<Scalars['ID']['output']>;
  /** The backup server this object was read from (its relations are read there too). */
  server: BackupServer;
  /** The space in use, in bytes: capacity minus free space when the server sends both, else the used space of the repository's object storage (read from `/ObjectStorageRepositories/{id}` on v5-v7), else null. */
  usedSpaceBytes?: Maybe<Scalars['Long']['output']>;
};

/** A backup server the facade is configured with (`SERVERS_FILE`, or `VBM_API_URL` as the server `default`). */
export type BackupServer = {
  __typename?: 'BackupServer';
  /** The REST API version the facade speaks to it, e.g. `v8` (discovered, or named in its URL). */
  apiVersion?: Maybe<Scalars['String']['output']>;
  /**
   * The server's health report (`/Health`), read with the session's token; null when not signed
   * in. v8+; on an older server this field is null with a `NOT_SUPPORTED_BY_SERVER` error naming
   * the server in `extensions.server`, without any request, and the other servers answer.
   */
  health?: Maybe<ServerHealth>;
  /**
   * The server's license, read with the session's token; null when not signed in. A failed read is
   * null with an error naming the server in `extensions.server`; the other servers answer.
   */
  license?: Maybe<License>;
  /** The server's name from the configuration, e.g. `eu1`: what `server:` arguments take. */
  name: Scalars['String']['output'];
  /**
   * The product build from `GET /ServiceInstance` (v6+), read with the session's token; null when
   * not signed in or on v5. A failed read is null with an error naming the server in
   * `extensions.server`; the other servers answer.
   */
  productVersion?: Maybe<Scalars['String']['output']>;
  /** Whether the last discovery, request or probe of this server within 30 s got an answer. */
  reachable: Scalars['Boolean']['output'];
  /** Whether the session holds a token for this server (false when its sign-in failed or was not asked for). */
  signedIn: Scalars['Boolean']['output'];
};

/** What a backup job protects. */
export type BackupType =
  /** The whole organization. */
  | 'ENTIRE_ORGANIZATION'
  /** Selected users, groups, sites or teams. */
  | 'SELECTED_ITEMS'
  /** A value this facade does not know. */
  | 'UNKNOWN';

/** Where a running session spends its time. */
export type Bottleneck =
  /** The server is still detecting the bottleneck. */
  | 'DETECTING'
  /** Not applicable or not yet known. */
  | 'NA'
  /** Reading from Microsoft 365 is the bottleneck. */
  | 'SOURCE'
  /** Writing to the backup repository is the bottleneck. */
  | 'TARGET'
  /** A value this facade does not know. */
  | 'UNKNOWN';

/** One component of the health report. */
export type HealthComponent = {
  __typename?: 'HealthComponent';
  /** The server's description of the verdict, when it sends one. */
  description?: Maybe<Scalars['String']['output']>;
  /** The component's name, as the server spells it. */
  name: Scalars['String']['output'];
  /** The backup server this object was read from (its relations are read there too). */
  server: BackupServer;
  /** The component's verdict. */
  status: HealthStatus;
};

/** A health verdict of the backup server or one of its components. */
export type HealthStatus =
  /** The server reports it healthy. */
  | 'HEALTHY'
  /** The server reports it unhealthy. */
  | 'UNHEALTHY'
  /** The server sent no status, or one this facade does not know. */
  | 'UNKNOWN';

/** A backup job (`/Jobs/{id}`). Fields marked "v7+" or "v8+" are null on older API versions. */
export type Job = {
  __typename?: 'Job';
  /** What the job protects. */
  backupType: BackupType;
  /** The job's description. */
  description?: Maybe<Scalars['String']['output']>;
  /** The job's GUID, as the backup server spells it. */
  id: Scalars['ID']['output'];
  /** Whether the job is enabled. */
  isEnabled: Scalars['Boolean']['output'];
  /** When the job last made a backup. v7+. */
  lastBackup?: Maybe<Scalars['DateTime']['output']>;
  /** When the job last ran. */
  lastRun?: Maybe<Scalars['DateTime']['output']>;
  /** The status of the job's latest session. */
  lastStatus?: Maybe<JobSessionStatus>;
  /** The job's name. */
  name: Scalars['String']['output'];
  /** When the job runs next; null when it is not scheduled. */
  nextRun?: Maybe<Scalars['DateTime']['output']>;
  /** The organization the job protects, followed through its `organization` link. */
  organization?: Maybe<Organization>;
  /** The GUID of the organization the job protects: sent by v8+, taken from the `organization` link before. */
  organizationId?: Maybe<Scalars['ID']['output']>;
  /** The repository the job writes its backups to, through its `backupRepository` link or `repositoryId`. */
  repository?: Maybe<BackupRepository>;
  /** When and how the job runs. */
  schedulePolicy?: Maybe<SchedulePolicy>;
  /** The backup server this object was read from (its relations are read there too). */
  server: BackupServer;
  /** The job's sessions, newest first: its `jobsessions` link on v5/v6, `/JobSessions?jobId=` on v7+. */
  sessions?: Maybe<JobSessionConnection>;
};


/** A backup job (`/Jobs/{id}`). Fields marked "v7+" or "v8+" are null on older API versions. */
export type JobSessionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/**
 * One run of a backup job (`/JobSessions/{id}`). Fields marked "v6+", "v7+" or "v8+" are filled
 * only when the backup server speaks that API version or a newer one; they are null before it.
 */
export type JobSession = {
  __typename?: 'JobSession';
  /** Whether this run was a full or an incremental backup. v8+. */
  configType?: Maybe<JobSessionConfigType>;
  /** When the session started. */
  creationTime: Scalars['DateTime']['output'];
  /** The server's details text (sent by newer servers; usually null on v5). */
  details?: Maybe<Scalars['String']['output']>;
  /** When the session ended; null while it is running. */
  endTime?: Maybe<Scalars['DateTime']['output']>;
  /** The session's GUID, as the backup server spells it. */
  id: Scalars['ID']['output'];
  /** The job this session is a run of, followed through the session's `job` link; null for a backup-copy session (v6+), whose job is a copy job. */
  job?: Maybe<Job>;
  /** What kind of job ran: a backup or a backup copy. v7+ (v6 lists copy sessions too, but does not say which). */
  jobType?: Maybe<JobType>;
  /** One operation logged in this session, by its GUID; null when the server does not know it. */
  logItem?: Maybe<LogItem>;
  /** The operations logged in this session, in `usn` order, read through its `log` link. */
  logItems?: Maybe<LogItemConnection>;
  /** For a retry, the session it retries (`mainSessionId`); null for a first run. v7+. */
  mainSession?: Maybe<JobSession>;
  /** The objects this session processed, one page (`/JobSessions/{id}/ProcessedObjects`). v7+; null before, without a call. */
  processedObjects?: Maybe<ProcessedObjectConnection>;
  /** Number of objects processed so far. */
  progress?: Maybe<Scalars['Int']['output']>;
  /** The backup proxy that processed the session. v8+. */
  proxyId?: Maybe<Scalars['ID']['output']>;
  /** The backup repository the session writes to. v7+. */
  repositoryId?: Maybe<Scalars['ID']['output']>;
  /** How many times the session was retried (sent by newer servers; usually null on v5). */
  retryCount?: Maybe<Scalars['Int']['output']>;
  /** The backup server this object was read from (its relations are read there too). */
  server: BackupServer;
  /** Throughput figures. */
  statistics?: Maybe<JobSessionStatistics>;
  /** The session's state. */
  status: JobSessionStatus;
  /** The status exactly as the backup server spelled it, for values `status` does not know. */
  statusText: Scalars['String']['output'];
  /** Whether the server will retry this session. v7+. */
  willBeRetried?: Maybe<Scalars['Boolean']['output']>;
};


/**
 * One run of a backup job (`/JobSessions/{id}`). Fields marked "v6+", "v7+" or "v8+" are filled
 * only when the backup server speaks that API version or a newer one; they are null before it.
 */
export type JobSessionLogItemArgs = {
  id: Scalars['ID']['input'];
};


/**
 * One run of a backup job (`/JobSessions/{id}`). Fields marked "v6+", "v7+" or "v8+" are filled
 * only when the backup server speaks that API version or a newer one; they are null before it.
 */
export type JobSessionLogItemsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * One run of a backup job (`/JobSessions/{id}`). Fields marked "v6+", "v7+" or "v8+" are filled
 * only when the backup server speaks that API version or a newer one; they are null before it.
 */
export type JobSessionProcessedObjectsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** Whether a session made a full or an incremental backup. */
export type JobSessionConfigType =
  /** A full backup. */
  | 'FULL'
  /** An incremental backup. */
  | 'INCREMENTAL'
  /** A value this facade does not know. */
  | 'UNKNOWN';

/** A page of job sessions, newest first. */
export type JobSessionConnection = {
  __typename?: 'JobSessionConnection';
  /** The sessions on this page with their cursors. */
  edges: Array<JobSessionEdge>;
  /** Where this page stands. */
  pageInfo: PageInfo;
  /** How many sessions there are in all, when the backup server says (it may not). */
  totalCount?: Maybe<Scalars['Int']['output']>;
};

/** A job session and its cursor. */
export type JobSessionEdge = {
  __typename?: 'JobSessionEdge';
  /** Opaque position of this session; pass it as `after` to continue after it. */
  cursor: Scalars['String']['output'];
  /** The session. */
  node: JobSession;
};

/** Throughput figures of a job session. */
export type JobSessionStatistics = {
  __typename?: 'JobSessionStatistics';
  /** Where the session spends its time. */
  bottleneck?: Maybe<Bottleneck>;
  /** Objects processed so far. */
  processedObjects?: Maybe<Scalars['Long']['output']>;
  /** Processing rate in bytes per second. */
  processingRateBytesPS?: Maybe<Scalars['Long']['output']>;
  /** Processing rate in items per second. */
  processingRateItemsPS?: Maybe<Scalars['Long']['output']>;
  /** Read rate in bytes per second. */
  readRateBytesPS?: Maybe<Scalars['Long']['output']>;
  /** The backup server this object was read from (its relations are read there too). */
  server: BackupServer;
  /** Bytes transferred so far. */
  transferredDataBytes?: Maybe<Scalars['Long']['output']>;
  /** Write rate in bytes per second. */
  writeRateBytesPS?: Maybe<Scalars['Long']['output']>;
};

/** The state of a backup job session, as reported by the backup server. */
export type JobSessionStatus =
  /** The session lost its connection to the backup proxy. */
  | 'DISCONNECTED'
  /** The session failed. */
  | 'FAILED'
  /** The job is not configured. */
  | 'NOT_CONFIGURED'
  /** The session waits in the queue. */
  | 'QUEUED'
  /** The session is in progress. */
  | 'RUNNING'
  /** The session was stopped by a user. */
  | 'STOPPED'
  /** The session finished successfully. */
  | 'SUCCESS'
  /** A status this facade does not know (a newer server version); see `JobSession.statusText`. */
  | 'UNKNOWN'
  /** The session finished with warnings. */
  | 'WARNING';

/** The kind of job a session belongs to. */
export type JobType =
  /** A backup job. */
  | 'BACKUP'
  /** A backup copy job. */
  | 'COPY'
  /** A value this facade does not know. */
  | 'UNKNOWN';

/** The license installed on the backup server (`/License`). */
export type License = {
  __typename?: 'License';
  /** When the license expires (v5/v6 `expirationDate`, v7+ `licenseExpires`). */
  expirationDate?: Maybe<Scalars['DateTime']['output']>;
  /** When the grace period after the license's expiry ends. v7+; null before. */
  gracePeriodExpirationDate?: Maybe<Scalars['DateTime']['output']>;
  /** The company the license was issued to. */
  licensedTo?: Maybe<Scalars['String']['output']>;
  /** How many users have the *new user* status (the temporary extra). v6+; null before. */
  newUsers?: Maybe<Scalars['Int']['output']>;
  /** The backup server this object was read from (its relations are read there too). */
  server: BackupServer;
  /** Whether the license is in force: `Valid` or `Expired`, as the server spells it. */
  status?: Maybe<Scalars['String']['output']>;
  /** How many units (users) the license covers. */
  totalUsers?: Maybe<Scalars['Int']['output']>;
  /** The license's kind: `Subscription`, `Evaluation`, `NFR`, `Rental`, `Community`, ... as the server spells it. */
  type?: Maybe<Scalars['String']['output']>;
  /** How many units are in use. */
  usedUsers?: Maybe<Scalars['Int']['output']>;
};

/** A user who consumes a license unit (`/LicensedUsers`). */
export type LicensedUser = {
  __typename?: 'LicensedUser';
  /** The licensed user's id: a plain string as the server spells it (not a GUID). */
  id: Scalars['ID']['output'];
  /** Whether a backup job has processed the user. */
  isBackedUp?: Maybe<Scalars['Boolean']['output']>;
  /** When a backup job last processed the user; null when never. */
  lastBackupDate?: Maybe<Scalars['DateTime']['output']>;
  /** The user's license state: `Licensed`, `New`, `TemporarilyAssigned` or `Exceeded`, as the server spells it. */
  licenseState?: Maybe<Scalars['String']['output']>;
  /** The user's name. */
  name: Scalars['String']['output'];
  /** The user's organization (through the user's organization link or id); null when the server names none. */
  organization?: Maybe<Organization>;
  /** The name of the user's organization, as the server sends it with the user. */
  organizationName?: Maybe<Scalars['String']['output']>;
  /** The backup server this object was read from (its relations are read there too). */
  server: BackupServer;
};

/** A page of licensed users (Relay cursor connection). */
export type LicensedUserConnection = {
  __typename?: 'LicensedUserConnection';
  /** The licensed users on this page with their cursors. */
  edges: Array<LicensedUserEdge>;
  /** Where this page stands. */
  pageInfo: PageInfo;
  /** How many licensed users there are in all, when the backup server says (v6/v7 do, v8 does not). */
  totalCount?: Maybe<Scalars['Int']['output']>;
};

/** A licensed user and its cursor. */
export type LicensedUserEdge = {
  __typename?: 'LicensedUserEdge';
  /** Opaque position of this user; pass it as `after` to continue after it. */
  cursor: Scalars['String']['output'];
  /** The licensed user. */
  node: LicensedUser;
};

/** One operation performed during a backup job session (`/JobSessions/{id}/LogItems/{id}`). */
export type LogItem = {
  __typename?: 'LogItem';
  /** When the operation started. */
  creationTime: Scalars['DateTime']['output'];
  /** When the operation ended; null while it is running. */
  endTime?: Maybe<Scalars['DateTime']['output']>;
  /** The log item's GUID, as the backup server spells it. */
  id: Scalars['ID']['output'];
  /** The session this item belongs to, followed through its `jobsessions` link. */
  jobSession?: Maybe<JobSession>;
  /** The title without its status prefix (v5-v7), or the item's `message` (v8). */
  message: Scalars['String']['output'];
  /** The backup server this object was read from (its relations are read there too). */
  server: BackupServer;
  /** The outcome: the title's `[Success]` / `[Warning]` / `[Failed]` prefix (v5-v7) or the item's `type` (v8). */
  status: LogItemStatus;
  /**
   * The title exactly as the backup server wrote it, status prefix included (v5-v7). v8 sends no
   * title: there it is composed as `[<Type>] <message>` from the item's `type` and `message`
   * (e.g. `[Success] Processing mailbox`), so it reads the same on every version.
   */
  title: Scalars['String']['output'];
  /** Order number of the operation within its session. */
  usn: Scalars['Long']['output'];
};

/** A page of a session's log items, in `usn` order. */
export type LogItemConnection = {
  __typename?: 'LogItemConnection';
  /** The items on this page with their cursors. */
  edges: Array<LogItemEdge>;
  /** Where this page stands. */
  pageInfo: PageInfo;
  /** How many items the session has in all, when the backup server says (it may not). */
  totalCount?: Maybe<Scalars['Int']['output']>;
};

/** A log item and its cursor. */
export type LogItemEdge = {
  __typename?: 'LogItemEdge';
  /** Opaque position of this item; pass it as `after` to continue after it. */
  cursor: Scalars['String']['output'];
  /** The log item. */
  node: LogItem;
};

/**
 * The outcome of a logged operation: on v5-v7 parsed from the `[Status]` prefix of its title,
 * on v8 from the item's `type`.
 */
export type LogItemStatus =
  /** `[Failed]` or `[Error]` (v5-v7), or type `Error` (v8). */
  | 'FAILED'
  /** The operation is still running: `[Running]` (v5-v7) or type `Running` (v8). */
  | 'RUNNING'
  /** The operation was stopped: `[Stopped]` (v5-v7) or type `Stop` (v8). */
  | 'STOPPED'
  /** `[Success]` (v5-v7) or type `Success` (v8). */
  | 'SUCCESS'
  /** Any other prefix or type, or none. */
  | 'UNKNOWN'
  /** `[Warning]` (v5-v7) or type `Warning` (v8). */
  | 'WARNING';

/** Sign-in, sign-out and job control. Sign-in needs no token; every other mutation acts as the caller. */
export type Mutation = {
  __typename?: 'Mutation';
  /** Signs in to each named server in parallel; a refusal by one server does not fail the others (see `Session.servers`). */
  createSession: Session;
  /**
   * Signs in with a backup server user name and password (the password grant). One configured
   * server only: with several, `BAD_USER_INPUT` before any request (sign in with `createSession`).
   */
  createToken: Token;
  /** Disables a job: its schedule stops starting it. Never retried; `FORBIDDEN` when the caller may not. */
  disableJob: Job;
  /** Enables a disabled job so its schedule runs again. Never retried; `FORBIDDEN` when the caller may not. */
  enableJob: Job;
  /** Renews every server's token of the session with its refresh token, and answers with the new session token. */
  refreshSession: Session;
  /**
   * Exchanges a refresh token for a new token (the refresh grant). One configured server only: with
   * several, `BAD_USER_INPUT` before any request (renew a session with `refreshSession`).
   */
  refreshToken: Token;
  /**
   * Revokes the caller's bearer token on the backup server (`POST /token/logout`). v7+: on v5 and
   * v6 the server cannot revoke a token, and the mutation fails with `NOT_SUPPORTED_BY_SERVER`
   * (the token then stays valid until it expires). One configured server only: with several,
   * `BAD_USER_INPUT` before any request (end a session with `signOutSession`).
   */
  signOut: Scalars['Boolean']['output'];
  /** Revokes every server's token of the caller's session where the server's version can (v7+); v5/v6 tokens lapse when they expire. */
  signOutSession: Scalars['Boolean']['output'];
  /**
   * Starts a backup job now (v5 `POST /Jobs/{id}/action` `{"start":null}`, v6+ `POST /Jobs/{id}/start`).
   * Never retried. `FORBIDDEN` when the caller may not run the job; a job that is already running
   * gives the server's refusal as `CONFLICT`, never a second session.
   */
  startJob: StartJobResult;
  /** Stops the job's running session. Never retried; `FORBIDDEN` when the caller may not. */
  stopJob: Job;
  /**
   * Sends a test message to the ALERTS_FILE target of this name, naming the first server of the
   * session whose license the caller's token on it can read. Only for callers who can read the
   * server-wide resources (the license) of a server of their session: FORBIDDEN otherwise;
   * BAD_USER_INPUT for a name that is not a target. True when the target accepted it.
   */
  testAlertTarget: Scalars['Boolean']['output'];
};


/** Sign-in, sign-out and job control. Sign-in needs no token; every other mutation acts as the caller. */
export type MutationCreateSessionArgs = {
  credentials: Array<ServerCredentials>;
};


/** Sign-in, sign-out and job control. Sign-in needs no token; every other mutation acts as the caller. */
export type MutationCreateTokenArgs = {
  password: Scalars['String']['input'];
  username: Scalars['String']['input'];
};


/** Sign-in, sign-out and job control. Sign-in needs no token; every other mutation acts as the caller. */
export type MutationDisableJobArgs = {
  id: Scalars['ID']['input'];
  server?: InputMaybe<Scalars['String']['input']>;
};


/** Sign-in, sign-out and job control. Sign-in needs no token; every other mutation acts as the caller. */
export type MutationEnableJobArgs = {
  id: Scalars['ID']['input'];
  server?: InputMaybe<Scalars['String']['input']>;
};


/** Sign-in, sign-out and job control. Sign-in needs no token; every other mutation acts as the caller. */
export type MutationRefreshSessionArgs = {
  token: Scalars['String']['input'];
};


/** Sign-in, sign-out and job control. Sign-in needs no token; every other mutation acts as the caller. */
export type MutationRefreshTokenArgs = {
  refreshToken: Scalars['String']['input'];
};


/** Sign-in, sign-out and job control. Sign-in needs no token; every other mutation acts as the caller. */
export type MutationStartJobArgs = {
  full?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  server?: InputMaybe<Scalars['String']['input']>;
};


/** Sign-in, sign-out and job control. Sign-in needs no token; every other mutation acts as the caller. */
export type MutationStopJobArgs = {
  id: Scalars['ID']['input'];
  server?: InputMaybe<Scalars['String']['input']>;
};


/** Sign-in, sign-out and job control. Sign-in needs no token; every other mutation acts as the caller. */
export type MutationTestAlertTargetArgs = {
  name: Scalars['String']['input'];
};

/** The object storage (an S3-compatible, Amazon S3 or Azure Blob bucket folder) behind a backup repository. */
export type ObjectStorage = {
  __typename?: 'ObjectStorage';
  /** The object storage's GUID. */
  id: Scalars['ID']['output'];
  /** Whether the data in the object storage is immutable (`enableImmutability`). v7+; null before. */
  immutabilityEnabled?: Maybe<Scalars['Boolean']['output']>;
  /** For how many days new data stays immutable. v8+; null before. */
  immutabilityPeriodDays?: Maybe<Scalars['Int']['output']>;
  /** The object storage's name. v5-v7 (v8 nests the object storage without one); null on v8. */
  name?: Maybe<Scalars['String']['output']>;
  /** The backup server this object was read from (its relations are read there too). */
  server: BackupServer;
  /** The size limit set on the object storage (`sizeLimitGB` × 2^30), in bytes; null when no limit is set. */
  sizeLimitBytes?: Maybe<Scalars['Long']['output']>;
  /** The space the repository's data takes in the object storage, in bytes. */
  usedSpaceBytes?: Maybe<Scalars['Long']['output']>;
};

/** A protected Microsoft 365 or on-premises organization (`/Organizations/{id}`). */
export type Organization = {
  __typename?: 'Organization';
  /** When the organization was first backed up. */
  firstBackupTime?: Maybe<Scalars['DateTime']['output']>;
  /** The organization's GUID, as the backup server spells it. */
  id: Scalars['ID']['output'];
  /** Whether the organization has been backed up at least once. */
  isBackedUp?: Maybe<Scalars['Boolean']['output']>;
  /** Whether Exchange Online is backed up. */
  isExchangeOnline?: Maybe<Scalars['Boolean']['output']>;
  /** Whether SharePoint Online is backed up. */
  isSharePointOnline?: Maybe<Scalars['Boolean']['output']>;
  /** Whether Microsoft Teams chats are backed up. v6+. */
  isTeamsChatsOnline?: Maybe<Scalars['Boolean']['output']>;
  /** Whether Microsoft Teams is backed up. */
  isTeamsOnline?: Maybe<Scalars['Boolean']['output']>;
  /** The backup jobs of this organization: `/Organizations/{id}/Jobs` on v5-v7, `/Jobs?organizationId=` on v8. */
  jobs?: Maybe<Array<Job>>;
  /** When the organization was last backed up. */
  lastBackupTime?: Maybe<Scalars['DateTime']['output']>;
  /** The organization's name, e.g. `contoso.onmicrosoft.com`. */
  name: Scalars['String']['output'];
  /** The organization's Microsoft 365 name (e.g. `contoso`). */
  officeName?: Maybe<Scalars['String']['output']>;
  /** The Microsoft 365 region, as the server spells it (e.g. `Worldwide`). */
  region?: Maybe<Scalars['String']['output']>;
  /** The backup server this object was read from (its relations are read there too). */
  server: BackupServer;
  /** Where the organization lives. */
  type: OrganizationType;
  /** The repositories holding this organization's backups and the space they take there (`/Organizations/{id}/UsedRepositories`, read page by page on every version). */
  usedRepositories: Array<RepositoryUsage>;
};

/** Where an organization's mailboxes and sites live. */
export type OrganizationType =
  /** Both. */
  | 'HYBRID'
  /** Microsoft 365 in the cloud. */
  | 'OFFICE365'
  /** Exchange and SharePoint on premises. */
  | 'ON_PREMISES'
  /** A value this facade does not know. */
  | 'UNKNOWN';

/** Where a page of a connection stands (Relay cursor connections). */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor of the last item on this page; pass it as `after` for the next page. Null for an empty page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** True when the backup server has items after this page. */
  hasNextPage: Scalars['Boolean']['output'];
  /** True when this page does not start at the first item. */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** Cursor of the first item on this page; null for an empty page. */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** An object a job session processed: a user, group, site or team (`/JobSessions/{id}/ProcessedObjects`, v7+). */
export type ProcessedObject = {
  __typename?: 'ProcessedObject';
  /** The object's id as the backup server names it (a plain string, not a GUID). */
  id: Scalars['ID']['output'];
  /** The backup server this object was read from (its relations are read there too). */
  server: BackupServer;
  /** How processing the object ended, as the server spells it (`Success`, `Warning` or `Failed` in API v7 and v8). */
  status?: Maybe<Scalars['String']['output']>;
  /** What the object is, as the server spells it (`User`, `Group`, `Site` or `Team` in API v7 and v8). */
  type?: Maybe<Scalars['String']['output']>;
};

/** A page of the objects a job session processed. */
export type ProcessedObjectConnection = {
  __typename?: 'ProcessedObjectConnection';
  /** The objects on this page with their cursors. */
  edges: Array<ProcessedObjectEdge>;
  /** Where this page stands. */
  pageInfo: PageInfo;
  /** How many objects the session processed in all, when the backup server says (it may not). */
  totalCount?: Maybe<Scalars['Int']['output']>;
};

/** A processed object and its cursor. */
export type ProcessedObjectEdge = {
  __typename?: 'ProcessedObjectEdge';
  /** Opaque position of this object; pass it as `after` to continue after it. */
  cursor: Scalars['String']['output'];
  /** The processed object. */
  node: ProcessedObject;
};

/** A backup proxy server: the machine that runs backups and keeps repositories (`/Proxies/{id}`). Fields marked "v8+" are null before. */
export type Proxy = {
  __typename?: 'Proxy';
  /** The proxy's CPU usage, in percent. v8+. */
  cpuUsagePercent?: Maybe<Scalars['Float']['output']>;
  /** The administrator's description of the proxy. */
  description?: Maybe<Scalars['String']['output']>;
  /** The proxy's DNS name or IP address. */
  hostName: Scalars['String']['output'];
  /** The proxy's GUID, as the backup server spells it. */
  id: Scalars['ID']['output'];
  /** Whether the proxy is in maintenance mode: true only when `maintenanceModeState` is `Enabled`. v8+. */
  maintenanceMode?: Maybe<Scalars['Boolean']['output']>;
  /** The maintenance mode's state as the server spells it (`Disabled`, `Enabling`, `Enabled`). v8+. */
  maintenanceModeState?: Maybe<Scalars['String']['output']>;
  /** The proxy's memory usage, in percent. v8+. */
  memoryUsagePercent?: Maybe<Scalars['Float']['output']>;
  /** The port the backup server connects to the proxy on. */
  port?: Maybe<Scalars['Int']['output']>;
  /** The GUID of the proxy pool the proxy belongs to. v8+. */
  proxyPoolId?: Maybe<Scalars['ID']['output']>;
  /** The backup server this object was read from (its relations are read there too). */
  server: BackupServer;
  /** Whether the proxy is online. */
  status: ProxyStatus;
  /** The build of Veeam Backup for Microsoft 365 installed on the proxy. v8+. */
  version?: Maybe<Scalars['String']['output']>;
};

/** Whether a backup proxy server answers the backup server. */
export type ProxyStatus =
  /** The proxy is offline. */
  | 'OFFLINE'
  /** The proxy is online. */
  | 'ONLINE'
  /** A value this facade does not know. */
  | 'UNKNOWN';

/** The root of every read; each domain file extends it. */
export type Query = {
  __typename?: 'Query';
  /**
   * The alert history (the last 10,000 alerts or 30 days), newest first. A caller sees an alert of
   * server S only through its own sign-in on S: the alerts about organizations its token on S can
   * see, and S's server-wide alerts (repositories, license, proxies, server) only when its token on
   * S can read S's license; a caller who can see none gets an empty list. Over several servers, a
   * server whose visibility cannot be read adds one error with `extensions.server` and none of its
   * alerts, the others answer. Empty when the facade has no ALERTS_FILE.
   */
  alerts: AlertConnection;
  /**
   * Every backup repository visible to the caller (one list on v5-v7; read page by page on v8).
   * Over several servers: every server's list, ordered by name, then server name, then id; a
   * server that fails adds one error with `extensions.server` and no rows, the others answer.
   */
  backupRepositories: Array<BackupRepository>;
  /** A backup repository by its GUID; NOT_FOUND when it does not exist or the caller may not see it. */
  backupRepository?: Maybe<BackupRepository>;
  /** A backup job by its GUID; null when it does not exist or the caller may not see it. */
  job?: Maybe<Job>;
  /** A backup job session by its GUID; null when it does not exist or the caller may not see it. */
  jobSession?: Maybe<JobSession>;
  /**
   * Recent backup job sessions visible to the caller, newest first. Filters are applied by the
   * backup server; a filter its API version cannot apply is refused with
   * `NOT_SUPPORTED_BY_SERVER` before any request (the facade never filters by reading every page).
   * Over several servers the pages are merged newest first by `creationTime` (ties by server
   * name, then the server's own order) and the cursor holds each server's position; a server that
   * cannot apply a filter or fails adds one error with `extensions.server` and no rows, the others
   * answer.
   */
  jobSessions?: Maybe<JobSessionConnection>;
  /**
   * Every backup job visible to the caller (one list on v5-v7; read page by page on v8).
   * Over several servers: every server's list, ordered by name, then server name, then id; a
   * server that fails adds one error with `extensions.server` and no rows, the others answer.
   */
  jobs?: Maybe<Array<Job>>;
  /**
   * The license installed on the backup server; read once per request. With several servers in
   * the session name one with `server:`, or read every server's as `servers { name license }`.
   */
  license?: Maybe<License>;
  /**
   * The users who consume license units, a page at a time (v6+; `NOT_SUPPORTED_BY_SERVER` on v5
   * before any request). `organizationId` is applied by the backup server.
   */
  licensedUsers: LicensedUserConnection;
  /** An organization by its GUID; null when it does not exist or the caller may not see it. */
  organization?: Maybe<Organization>;
  /**
   * Every organization visible to the caller (one list on v5-v7; read page by page on v8).
   * Over several servers: every server's list, ordered by name, then server name, then id; a
   * server that fails adds one error with `extensions.server` and no rows, the others answer.
   */
  organizations?: Maybe<Array<Organization>>;
  /**
   * Every backup proxy visible to the caller (one list on v5-v7; read page by page on v8).
   * Over several servers: every server's list, ordered by name, then server name, then id; a
   * server that fails adds one error with `extensions.server` and no rows, the others answer.
   */
  proxies: Array<Proxy>;
  /** A backup proxy by its GUID; NOT_FOUND when it does not exist or the caller may not see it. */
  proxy?: Maybe<Proxy>;
  /**
   * Restore points visible to the caller, newest first by `backupTime` as the server lists them
   * (v6 sends one list, which is sliced into pages here; v7+ page it). NOT_SUPPORTED_BY_SERVER on
   * v5. Over several servers the pages are merged newest first by `backupTime` (ties by server
   * name, then the server's own order) and the cursor holds each server's position; each server
   * applies the filters; a v5 server adds one `NOT_SUPPORTED_BY_SERVER` error with
   * `extensions.server` and no call, a server that fails one error naming it, and the others answer.
   */
  restorePoints: RestorePointConnection;
  /** A restore session by its GUID; NOT_FOUND when it does not exist or the caller may not see it. NOT_SUPPORTED_BY_SERVER on v5. */
  restoreSession?: Maybe<RestoreSession>;
  /**
   * Restore sessions visible to the caller, newest first by `creationTime` as the server pages them.
   * NOT_SUPPORTED_BY_SERVER on v5. Over several servers the pages are merged newest first by
   * `creationTime` (ties by server name, then the server's own order) and the cursor holds each
   * server's position; each server applies `startedAfter`/`startedBefore`; a v5 server adds one
   * `NOT_SUPPORTED_BY_SERVER` error with `extensions.server` and no call, a server that fails one
   * error naming it, and the others answer.
   */
  restoreSessions: RestoreSessionConnection;
  /** A backup server and the API version the facade speaks to it. With several servers in the session name one with `server:`, or read them all as `servers`. */
  server: ServerInfo;
  /**
   * The backup server's health report. v8+; `NOT_SUPPORTED_BY_SERVER` before, without any request.
   * With several servers in the session name one with `server:`, or read every server's as
   * `servers { name health { status } }`.
   */
  serverHealth?: Maybe<ServerHealth>;
  /** Every configured backup server, with whether this session is signed in to it. Needs a valid session token. */
  servers: Array<BackupServer>;
  /**
   * Sessions by status since `since`, jobs whose last session failed, repositories low on space
   * and the license, per server and in total. `servers` names the servers (default: every server
   * of the session); naming one that is not is BAD_USER_INPUT before any upstream call.
   */
  summary: Summary;
};


/** The root of every read; each domain file extends it. */
export type QueryAlertsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  servers?: InputMaybe<Array<Scalars['String']['input']>>;
  state?: InputMaybe<AlertState>;
};


/** The root of every read; each domain file extends it. */
export type QueryBackupRepositoriesArgs = {
  servers?: InputMaybe<Array<Scalars['String']['input']>>;
};


/** The root of every read; each domain file extends it. */
export type QueryBackupRepositoryArgs = {
  id: Scalars['ID']['input'];
  server?: InputMaybe<Scalars['String']['input']>;
};


/** The root of every read; each domain file extends it. */
export type QueryJobArgs = {
  id: Scalars['ID']['input'];
  server?: InputMaybe<Scalars['String']['input']>;
};


/** The root of every read; each domain file extends it. */
export type QueryJobSessionArgs = {
  id: Scalars['ID']['input'];
  server?: InputMaybe<Scalars['String']['input']>;
};


/** The root of every read; each domain file extends it. */
export type QueryJobSessionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  endedAfter?: InputMaybe<Scalars['DateTime']['input']>;
  endedBefore?: InputMaybe<Scalars['DateTime']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  jobId?: InputMaybe<Scalars['ID']['input']>;
  jobType?: InputMaybe<JobType>;
  servers?: InputMaybe<Array<Scalars['String']['input']>>;
  status?: InputMaybe<JobSessionStatus>;
};


/** The root of every read; each domain file extends it. */
export type QueryJobsArgs = {
  servers?: InputMaybe<Array<Scalars['String']['input']>>;
};


/** The root of every read; each domain file extends it. */
export type QueryLicenseArgs = {
  server?: InputMaybe<Scalars['String']['input']>;
};


/** The root of every read; each domain file extends it. */
export type QueryLicensedUsersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  organizationId?: InputMaybe<Scalars['ID']['input']>;
  servers?: InputMaybe<Array<Scalars['String']['input']>>;
};


/** The root of every read; each domain file extends it. */
export type QueryOrganizationArgs = {
  id: Scalars['ID']['input'];
  server?: InputMaybe<Scalars['String']['input']>;
};


/** The root of every read; each domain file extends it. */
export type QueryOrganizationsArgs = {
  servers?: InputMaybe<Array<Scalars['String']['input']>>;
};


/** The root of every read; each domain file extends it. */
export type QueryProxiesArgs = {
  servers?: InputMaybe<Array<Scalars['String']['input']>>;
};


/** The root of every read; each domain file extends it. */
export type QueryProxyArgs = {
  id: Scalars['ID']['input'];
  server?: InputMaybe<Scalars['String']['input']>;
};


/** The root of every read; each domain file extends it. */
export type QueryRestorePointsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  jobId?: InputMaybe<Scalars['ID']['input']>;
  organizationId?: InputMaybe<Scalars['ID']['input']>;
  servers?: InputMaybe<Array<Scalars['String']['input']>>;
};


/** The root of every read; each domain file extends it. */
export type QueryRestoreSessionArgs = {
  id: Scalars['ID']['input'];
  server?: InputMaybe<Scalars['String']['input']>;
};


/** The root of every read; each domain file extends it. */
export type QueryRestoreSessionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  servers?: InputMaybe<Array<Scalars['String']['input']>>;
  startedAfter?: InputMaybe<Scalars['DateTime']['input']>;
  startedBefore?: InputMaybe<Scalars['DateTime']['input']>;
};


/** The root of every read; each domain file extends it. */
export type QueryServerArgs = {
  server?: InputMaybe<Scalars['String']['input']>;
};


/** The root of every read; each domain file extends it. */
export type QueryServerHealthArgs = {
  server?: InputMaybe<Scalars['String']['input']>;
};


/** The root of every read; each domain file extends it. */
export type QuerySummaryArgs = {
  servers?: InputMaybe<Array<Scalars['String']['input']>>;
  since: Scalars['DateTime']['input'];
};

/** How much of one backup repository an organization's backups take (an entry of `/Organizations/{id}/UsedRepositories`). */
export type RepositoryUsage = {
  __typename?: 'RepositoryUsage';
  /** The server's details about the repository. */
  details?: Maybe<Scalars['String']['output']>;
  /** Whether the repository is available for backup and restore. */
  isAvailable?: Maybe<Scalars['Boolean']['output']>;
  /** The space its backups take in the repository's local cache when the repository is extended with object storage, in bytes. */
  localCacheUsedSpaceBytes?: Maybe<Scalars['Long']['output']>;
  /** The space its backups take in the repository's object storage, in bytes. */
  objectStorageUsedSpaceBytes?: Maybe<Scalars['Long']['output']>;
  /** The repository: through `repositoryId` on v8, through the entry's `backupRepository` link before; null when the entry names none. */
  repository?: Maybe<BackupRepository>;
  /** The backup server this object was read from (its relations are read there too). */
  server: BackupServer;
  /** The space the organization's backups take in the repository, in bytes. */
  usedSpaceBytes?: Maybe<Scalars['Long']['output']>;
};

/**
 * A restore point: the state of an organization's backed-up data at one backup time (`/RestorePoints`).
 * API v6+; v5 has none.
 */
export type RestorePoint = {
  __typename?: 'RestorePoint';
  /** When the backup this restore point holds was taken. */
  backupTime: Scalars['DateTime']['output'];
  /** The restore point's id, as the backup server spells it (a plain string, not a GUID). */
  id: Scalars['ID']['output'];
  /** Until when the restore point's data cannot be deleted or changed (`immutabilityExpiresOn`). v8+; null before or when not immutable. */
  immutableUntil?: Maybe<Scalars['DateTime']['output']>;
  /** Whether a backup copy job created the restore point. v7+; null before. */
  isCopy?: Maybe<Scalars['Boolean']['output']>;
  /** Whether the restore point holds Exchange data. */
  isExchange?: Maybe<Scalars['Boolean']['output']>;
  /** Whether the restore point holds OneDrive data. */
  isOneDrive?: Maybe<Scalars['Boolean']['output']>;
  /** Whether the restore point holds SharePoint data. */
  isSharePoint?: Maybe<Scalars['Boolean']['output']>;
  /** Whether the restore point holds Teams data. */
  isTeams?: Maybe<Scalars['Boolean']['output']>;
  /** The backup job the restore point belongs to (its `jobId`). */
  job?: Maybe<Job>;
  /** The organization whose data the restore point holds. */
  organization?: Maybe<Organization>;
  /** The repository that keeps the restore point. */
  repository?: Maybe<BackupRepository>;
  /** The backup server this object was read from (its relations are read there too). */
  server: BackupServer;
};

/** A page of restore points (Relay cursor connection). */
export type RestorePointConnection = {
  __typename?: 'RestorePointConnection';
  /** The restore points on this page with their cursors. */
  edges: Array<RestorePointEdge>;
  /** Where this page stands. */
  pageInfo: PageInfo;
  /** How many restore points there are in all, when the backup server says (it may not). */
  totalCount?: Maybe<Scalars['Int']['output']>;
};

/** A restore point and its cursor. */
export type RestorePointEdge = {
  __typename?: 'RestorePointEdge';
  /** Opaque position of this restore point; pass it as `after` to continue after it. */
  cursor: Scalars['String']['output'];
  /** The restore point. */
  node: RestorePoint;
};

/**
 * A restore session: someone exploring or restoring backed-up data with a Veeam Explorer or the
 * restore portal (`/RestoreSessions/{id}`). API v6+; v5 has none.
 */
export type RestoreSession = {
  __typename?: 'RestoreSession';
  /** The host the session was started from. */
  clientHost?: Maybe<Scalars['String']['output']>;
  /** When the session started. */
  creationTime?: Maybe<Scalars['DateTime']['output']>;
  /** The session's details, as the backup server writes them. */
  details?: Maybe<Scalars['String']['output']>;
  /** When the session ended; null while it runs. */
  endTime?: Maybe<Scalars['DateTime']['output']>;
  /** The session's events, oldest first (`/RestoreSessions/{id}/Events`). */
  events: RestoreSessionEventConnection;
  /** The session's GUID. */
  id: Scalars['ID']['output'];
  /** The user who started the session. */
  initiatedBy?: Maybe<Scalars['String']['output']>;
  /** The session's name, as the backup server writes it. */
  name?: Maybe<Scalars['String']['output']>;
  /** The organization, when the session links to it; null otherwise. */
  organization?: Maybe<Organization>;
  /** The name of the organization whose data the session restores (the server sends the name, not the id). */
  organizationName?: Maybe<Scalars['String']['output']>;
  /** The reason given for the restore. */
  reason?: Maybe<Scalars['String']['output']>;
  /** Success, Warning or Failed, as the backup server writes it. */
  result?: Maybe<Scalars['String']['output']>;
  /** The backup server this object was read from (its relations are read there too). */
  server: BackupServer;
  /** Working or Stopped, as the backup server writes it. */
  state?: Maybe<Scalars['String']['output']>;
  /** The session's item counts (`/RestoreSessions/{id}/Statistics`). v8+; null before. */
  statistics?: Maybe<RestoreStatistics>;
  /** The explorer the session ran in, as the backup server writes it: Vex (Exchange), Veod (OneDrive), Vesp (SharePoint), Vet (Teams). */
  type?: Maybe<Scalars['String']['output']>;
};


/**
 * A restore session: someone exploring or restoring backed-up data with a Veeam Explorer or the
 * restore portal (`/RestoreSessions/{id}`). API v6+; v5 has none.
 */
export type RestoreSessionEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of restore sessions (Relay cursor connection). */
export type RestoreSessionConnection = {
  __typename?: 'RestoreSessionConnection';
  /** The sessions on this page with their cursors. */
  edges: Array<RestoreSessionEdge>;
  /** Where this page stands. */
  pageInfo: PageInfo;
  /** How many sessions there are in all, when the backup server says (it may not). */
  totalCount?: Maybe<Scalars['Int']['output']>;
};

/** A restore session and its cursor. */
export type RestoreSessionEdge = {
  __typename?: 'RestoreSessionEdge';
  /** Opaque position of this session; pass it as `after` to continue after it. */
  cursor: Scalars['String']['output'];
  /** The session. */
  node: RestoreSession;
};

/** One event of a restore session: an item viewed, restored, exported, sent or saved. */
export type RestoreSessionEvent = {
  __typename?: 'RestoreSessionEvent';
  /** When the event started (the event's `startTime`). */
  creationTime?: Maybe<Scalars['DateTime']['output']>;
  /** When the event ended; null while it runs. */
  endTime?: Maybe<Scalars['DateTime']['output']>;
  /** The event's GUID. */
  id: Scalars['ID']['output'];
  /** The name of the item the event concerns. */
  itemName?: Maybe<Scalars['String']['output']>;
  /** The item's size, in bytes. */
  itemSizeBytes?: Maybe<Scalars['Long']['output']>;
  /** The item's type, as the backup server writes it. */
  itemType?: Maybe<Scalars['String']['output']>;
  /** The event's message. */
  message?: Maybe<Scalars['String']['output']>;
  /** The backup server this object was read from (its relations are read there too). */
  server: BackupServer;
  /** Where the item was restored from. */
  source?: Maybe<Scalars['String']['output']>;
  /** Running, Success, Warning, Failed, Cancelled or Skipped, as the backup server writes it. */
  status?: Maybe<Scalars['String']['output']>;
  /** Where the item was restored to. */
  target?: Maybe<Scalars['String']['output']>;
  /** None, Save, Export, Send, Restore or View, as the backup server writes it. */
  type?: Maybe<Scalars['String']['output']>;
};

/** A page of a restore session's events (Relay cursor connection). */
export type RestoreSessionEventConnection = {
  __typename?: 'RestoreSessionEventConnection';
  /** The events on this page with their cursors. */
  edges: Array<RestoreSessionEventEdge>;
  /** Where this page stands. */
  pageInfo: PageInfo;
  /** How many events there are in all, when the backup server says (it may not). */
  totalCount?: Maybe<Scalars['Int']['output']>;
};

/** A restore session event and its cursor. */
export type RestoreSessionEventEdge = {
  __typename?: 'RestoreSessionEventEdge';
  /** Opaque position of this event; pass it as `after` to continue after it. */
  cursor: Scalars['String']['output'];
  /** The event. */
  node: RestoreSessionEvent;
};

/** Item counts of a restore session (v8). */
export type RestoreStatistics = {
  __typename?: 'RestoreStatistics';
  /** Items whose restore failed. */
  failed?: Maybe<Scalars['Int']['output']>;
  /** Items restored. */
  restored?: Maybe<Scalars['Int']['output']>;
  /** The backup server this object was read from (its relations are read there too). */
  server: BackupServer;
  /** Items skipped. */
  skipped?: Maybe<Scalars['Int']['output']>;
  /** Items in the restore. */
  total?: Maybe<Scalars['Int']['output']>;
};

/** When and how a job runs, as the backup server describes it. */
export type SchedulePolicy = {
  __typename?: 'SchedulePolicy';
  /** The time of day a daily job runs, as the server spells it (e.g. `22:00:00`). */
  dailyTime?: Maybe<Scalars['String']['output']>;
  /** The days a daily job runs, as the server spells it (e.g. `Everyday`, `Workdays`). */
  dailyType?: Maybe<Scalars['String']['output']>;
  /** The period of a periodic job, as the server spells it (e.g. `Hours8`). */
  periodicallyEvery?: Maybe<Scalars['String']['output']>;
  /** Whether failed runs are retried. */
  retryEnabled?: Maybe<Scalars['Boolean']['output']>;
  /** How many times a failed run is retried. */
  retryNumber?: Maybe<Scalars['Int']['output']>;
  /** Minutes between retries. */
  retryWaitInterval?: Maybe<Scalars['Int']['output']>;
  /** The backup server this object was read from (its relations are read there too). */
  server: BackupServer;
  /** How the job is started. */
  type: ScheduleType;
};

/** How a job is started. */
export type ScheduleType =
  /** Once a day (or on the days of `dailyType`) at `dailyTime`. */
  | 'DAILY'
  /** Only when started by hand. */
  | 'MANUAL_ONLY'
  /** Every `periodicallyEvery`. */
  | 'PERIODICALLY'
  /** A value this facade does not know. */
  | 'UNKNOWN';

/** A server's part of `createSession`. */
export type ServerCredentials = {
  /** The password on that server; never logged. */
  password: Scalars['String']['input'];
  /** The server's name (`BackupServer.name`). */
  server: Scalars['String']['input'];
  /** The user name on that server; never logged. */
  username: Scalars['String']['input'];
};

/** The backup server's health report (`/Health`, v8+). */
export type ServerHealth = {
  __typename?: 'ServerHealth';
  /** Each component the server checks (e.g. its message bus and configuration database), in the server's order. */
  components: Array<HealthComponent>;
  /** The backup server this object was read from (its relations are read there too). */
  server: BackupServer;
  /** The overall verdict. */
  status: HealthStatus;
};

/**
 * A backup server the facade talks to. The REST API version is chosen once per process:
 * the version named in `VBM_API_URL`, or the newest of v8, v7, v6 the server serves, else v5.
 */
export type ServerInfo = {
  __typename?: 'ServerInfo';
  /** The REST API version in use, e.g. `v8`. */
  apiVersion: Scalars['String']['output'];
  /** The product build from `GET /ServiceInstance` (e.g. `8.3.0.2201`), read with the caller's token. v6+; null on v5. */
  productVersion?: Maybe<Scalars['String']['output']>;
  /** The backup server this object describes (`servers` lists every configured one). */
  server: BackupServer;
};

/**
 * One server's part of the summary. Each field is read on its own: when a read fails, its field
 * is null and an error with `extensions.server` says why; the other fields stay whole.
 */
export type ServerSummary = {
  __typename?: 'ServerSummary';
  /** Jobs whose last session failed. */
  failedJobs?: Maybe<Array<Job>>;
  /** The server's license: units used and in total, expiry. */
  license?: Maybe<License>;
  /** Repositories that report their capacity and have less than 15 % of it free. */
  repositoriesLowOnSpace?: Maybe<Array<BackupRepository>>;
  /** The server. */
  server: BackupServer;
  /** The server's sessions created since `Summary.since`, by their status now (running ones included). */
  sessions?: Maybe<SummaryCounts>;
};

/**
 * A session over one or more backup servers: one token of the facade's own, sealed (AES-256-GCM),
 * carrying each server's upstream tokens, which never leave the facade. Send it as
 * `Authorization: Bearer <token>`; when the facade renews a server's token it answers with the new
 * session token in the `x-session-token` response header.
 */
export type Session = {
  __typename?: 'Session';
  /** When the session ends (`SESSION_TTL_MS` after sign-in), whatever its servers' tokens. */
  expiresAt: Scalars['DateTime']['output'];
  /** Each server's sign-in, in configuration order. */
  servers: Array<SessionServer>;
  /** The session token. */
  token: Scalars['String']['output'];
};

/** One server's sign-in within a session. */
export type SessionServer = {
  __typename?: 'SessionServer';
  /** Why it failed (e.g. the user name or password is incorrect); null when it succeeded. */
  error?: Maybe<Scalars['String']['output']>;
  /** When this server's access token expires (the facade renews it with its refresh token). */
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  /** Whether the sign-in succeeded (the session holds a token for this server). */
  ok: Scalars['Boolean']['output'];
  /** The server's name. */
  server: Scalars['String']['output'];
  /** The user signed in. */
  userName?: Maybe<Scalars['String']['output']>;
};

/** What `startJob` did: the job, and the session it started. */
export type StartJobResult = {
  __typename?: 'StartJobResult';
  /** The job, as the server describes it after the start. */
  job: Job;
  /**
   * The session the start created. v8 answers the start with it. On v5-v7 the server answers
   * without it, so it is the job's newest session read right after the start: null when the
   * server has not listed a session for this start yet (read `Job.sessions` again shortly).
   */
  session?: Maybe<JobSession>;
};

/**
 * Live updates over Server-Sent Events (GraphQL over SSE). The facade watches each resource
 * once per (caller's token, resource), however many subscribers watch, and stops when the last
 * one leaves: on v8 it follows the server's event feed and reads a resource once per change; on
 * v7 the session change feed drives the session subscriptions; elsewhere it polls.
 */
export type Subscription = {
  __typename?: 'Subscription';
  /**
   * Each alert as it is raised or resolved, on any replica, with the visibility of `alerts`
   * (checked once per server, with the caller's token on it, when the subscription starts). Over
   * several servers, a server whose visibility cannot be read then is left out of the stream; when
   * none can, the subscription fails with the first server's error (`extensions.server`).
   */
  alertRaised: Alert;
  /**
   * The session each time its status, progress, statistics or end time changes (the current
   * state first). Completes after the session has ended, with the final state as the last event.
   */
  jobSessionUpdated: JobSession;
  /**
   * Sessions that started or changed, for a dashboard list: `/JobSessions/Changes` on v7, the
   * newest page of `/JobSessions` elsewhere. Filters as in `Query.jobSessions`. Over several
   * servers the servers' streams are merged (each event's `server` says where it comes from); a
   * server that cannot apply the filters refuses the subscription (`NOT_SUPPORTED_BY_SERVER` with
   * `extensions.server`).
   */
  jobSessionsChanged: JobSession;
  /**
   * Each new log item of a session once, in `usn` order, with no gaps or repeats. Pass the last
   * `usn` you saw to continue after a reconnect. Completes when the session has ended and its
   * last items were sent.
   */
  logItemAdded: LogItem;
  /**
   * A restore session each time its state, result, end time or details change (the current state
   * first). Completes after the session has ended (state `Stopped`), with the final state as the
   * last event. v6+; `NOT_SUPPORTED_BY_SERVER` on v5.
   */
  restoreSessionUpdated: RestoreSession;
};


/**
 * Live updates over Server-Sent Events (GraphQL over SSE). The facade watches each resource
 * once per (caller's token, resource), however many subscribers watch, and stops when the last
 * one leaves: on v8 it follows the server's event feed and reads a resource once per change; on
 * v7 the session change feed drives the session subscriptions; elsewhere it polls.
 */
export type SubscriptionAlertRaisedArgs = {
  servers?: InputMaybe<Array<Scalars['String']['input']>>;
};


/**
 * Live updates over Server-Sent Events (GraphQL over SSE). The facade watches each resource
 * once per (caller's token, resource), however many subscribers watch, and stops when the last
 * one leaves: on v8 it follows the server's event feed and reads a resource once per change; on
 * v7 the session change feed drives the session subscriptions; elsewhere it polls.
 */
export type SubscriptionJobSessionUpdatedArgs = {
  id: Scalars['ID']['input'];
  server?: InputMaybe<Scalars['String']['input']>;
};


/**
 * Live updates over Server-Sent Events (GraphQL over SSE). The facade watches each resource
 * once per (caller's token, resource), however many subscribers watch, and stops when the last
 * one leaves: on v8 it follows the server's event feed and reads a resource once per change; on
 * v7 the session change feed drives the session subscriptions; elsewhere it polls.
 */
export type SubscriptionJobSessionsChangedArgs = {
  jobId?: InputMaybe<Scalars['ID']['input']>;
  jobType?: InputMaybe<JobType>;
  servers?: InputMaybe<Array<Scalars['String']['input']>>;
  status?: InputMaybe<JobSessionStatus>;
};


/**
 * Live updates over Server-Sent Events (GraphQL over SSE). The facade watches each resource
 * once per (caller's token, resource), however many subscribers watch, and stops when the last
 * one leaves: on v8 it follows the server's event feed and reads a resource once per change; on
 * v7 the session change feed drives the session subscriptions; elsewhere it polls.
 */
export type SubscriptionLogItemAddedArgs = {
  afterUsn?: InputMaybe<Scalars['Long']['input']>;
  jobSessionId: Scalars['ID']['input'];
  server?: InputMaybe<Scalars['String']['input']>;
};


/**
 * Live updates over Server-Sent Events (GraphQL over SSE). The facade watches each resource
 * once per (caller's token, resource), however many subscribers watch, and stops when the last
 * one leaves: on v8 it follows the server's event feed and reads a resource once per change; on
 * v7 the session change feed drives the session subscriptions; elsewhere it polls.
 */
export type SubscriptionRestoreSessionUpdatedArgs = {
  id: Scalars['ID']['input'];
  server?: InputMaybe<Scalars['String']['input']>;
};

/**
 * The front page over several backup servers. Every server's part is read at once, at one
 * upstream request per field (the sessions: one per 1000 sessions since then).
 */
export type Summary = {
  __typename?: 'Summary';
  /** Each server's part, in the order of the servers asked for. */
  servers: Array<ServerSummary>;
  /** The start of the period the session counts cover, as asked for. */
  since: Scalars['DateTime']['output'];
  /** The session counts of every server whose sessions could be read, added up. */
  total: SummaryCounts;
};

/** Sessions by status. */
export type SummaryCounts = {
  __typename?: 'SummaryCounts';
  /** Sessions that failed. */
  failed: Scalars['Int']['output'];
  /** Sessions stopped, queued, disconnected, not configured, or with a status this facade does not know. */
  other: Scalars['Int']['output'];
  /** Sessions in progress. */
  running: Scalars['Int']['output'];
  /** Sessions that finished successfully. */
  success: Scalars['Int']['output'];
  /** Sessions that finished with warnings. */
  warning: Scalars['Int']['output'];
};

/** A bearer token issued by the backup server (`POST /token`). */
export type Token = {
  __typename?: 'Token';
  /** Send it as `Authorization: Bearer <accessToken>` with every query. */
  accessToken: Scalars['String']['output'];
  /** When the access token expires (from the server's `.expires`, else computed from `expiresIn`). */
  expiresAt: Scalars['DateTime']['output'];
  /** Lifetime of the access token in seconds. */
  expiresIn: Scalars['Int']['output'];
  /** Exchange it with `refreshToken` for a new token before this one expires; it works once. */
  refreshToken: Scalars['String']['output'];
  /** The token type; `bearer`. */
  tokenType: Scalars['String']['output'];
  /** The user the token was issued to. */
  userName?: Maybe<Scalars['String']['output']>;
};
