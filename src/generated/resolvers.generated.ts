import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { JobSessionDto as JobSessionDtoModel, JobSessionStatisticsDto as JobSessionStatisticsDtoModel, LogItemDto as LogItemDtoModel, JobDto as JobDtoModel, SchedulePolicyDto as SchedulePolicyDtoModel, OrganizationDto as OrganizationDtoModel, TokenDto as TokenDtoModel } from '../upstream/types.js';
import type { JobSessionConnectionModel as JobSessionConnectionModelModel, LogItemConnectionModel as LogItemConnectionModelModel } from '../models.js';
import type { GraphQLContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
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

/** A backup job (`/v5/Jobs/{id}`). */
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
  /** When and how the job runs. */
  schedulePolicy?: Maybe<SchedulePolicy>;
  /** The job's sessions, newest first, read through its `jobsessions` link. */
  sessions?: Maybe<JobSessionConnection>;
};


/** A backup job (`/v5/Jobs/{id}`). */
export type JobSessionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** One run of a backup job (`/v5/JobSessions/{id}`). */
export type JobSession = {
  __typename?: 'JobSession';
  /** When the session started. */
  creationTime: Scalars['DateTime']['output'];
  /** The server's details text (sent by newer servers; usually null on v5). */
  details?: Maybe<Scalars['String']['output']>;
  /** When the session ended; null while it is running. */
  endTime?: Maybe<Scalars['DateTime']['output']>;
  /** The session's GUID, as the backup server spells it. */
  id: Scalars['ID']['output'];
  /** The job this session is a run of, followed through the session's `job` link. */
  job?: Maybe<Job>;
  /** One operation logged in this session, by its GUID; null when the server does not know it. */
  logItem?: Maybe<LogItem>;
  /** The operations logged in this session, in `usn` order, read through its `log` link. */
  logItems?: Maybe<LogItemConnection>;
  /** Number of objects processed so far. */
  progress?: Maybe<Scalars['Int']['output']>;
  /** How many times the session was retried (sent by newer servers; usually null on v5). */
  retryCount?: Maybe<Scalars['Int']['output']>;
  /** Throughput figures. */
  statistics?: Maybe<JobSessionStatistics>;
  /** The session's state. */
  status: JobSessionStatus;
  /** The status exactly as the backup server spelled it, for values `status` does not know. */
  statusText: Scalars['String']['output'];
};


/** One run of a backup job (`/v5/JobSessions/{id}`). */
export type JobSessionLogItemArgs = {
  id: Scalars['ID']['input'];
};


/** One run of a backup job (`/v5/JobSessions/{id}`). */
export type JobSessionLogItemsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

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

/** One operation performed during a backup job session (`/v5/JobSessions/{id}/LogItems/{id}`). */
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
  /** The title without its status prefix. */
  message: Scalars['String']['output'];
  /** The outcome, parsed from the title's `[Success]` / `[Warning]` / `[Failed]` prefix. */
  status: LogItemStatus;
  /** The title exactly as the backup server wrote it, status prefix included. */
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

/** The outcome of a logged operation, parsed from the `[Status]` prefix of its title. */
export type LogItemStatus =
  /** The title starts with `[Failed]`. */
  | 'FAILED'
  /** The title starts with `[Success]`. */
  | 'SUCCESS'
  /** Any other prefix, or none. */
  | 'UNKNOWN'
  /** The title starts with `[Warning]`. */
  | 'WARNING';

/** Sign-in: exchanges credentials with the backup server for a bearer token. Needs no token itself. */
export type Mutation = {
  __typename?: 'Mutation';
  /** Signs in with a backup server user name and password (the password grant). */
  createToken: Token;
  /** Exchanges a refresh token for a new token (the refresh grant). */
  refreshToken: Token;
};


/** Sign-in: exchanges credentials with the backup server for a bearer token. Needs no token itself. */
export type MutationCreateTokenArgs = {
  password: Scalars['String']['input'];
  username: Scalars['String']['input'];
};


/** Sign-in: exchanges credentials with the backup server for a bearer token. Needs no token itself. */
export type MutationRefreshTokenArgs = {
  refreshToken: Scalars['String']['input'];
};

/** A protected Microsoft 365 or on-premises organization (`/v5/Organizations/{id}`). */
export type Organization = {
  __typename?: 'Organization';
  /** The organization's GUID, as the backup server spells it. */
  id: Scalars['ID']['output'];
  /** Whether Exchange Online is backed up. */
  isExchangeOnline?: Maybe<Scalars['Boolean']['output']>;
  /** Whether SharePoint Online is backed up. */
  isSharePointOnline?: Maybe<Scalars['Boolean']['output']>;
  /** Whether Microsoft Teams is backed up. */
  isTeamsOnline?: Maybe<Scalars['Boolean']['output']>;
  /** The organization's name, e.g. `contoso.onmicrosoft.com`. */
  name: Scalars['String']['output'];
  /** The Microsoft 365 region, as the server spells it (e.g. `Worldwide`). */
  region?: Maybe<Scalars['String']['output']>;
  /** Where the organization lives. */
  type: OrganizationType;
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

/** The root of every read; each domain file extends it. */
export type Query = {
  __typename?: 'Query';
  /** A backup job by its GUID; null when it does not exist or the caller may not see it. */
  job?: Maybe<Job>;
  /** A backup job session by its GUID; null when it does not exist or the caller may not see it. */
  jobSession?: Maybe<JobSession>;
  /** Recent backup job sessions visible to the caller, newest first. */
  jobSessions?: Maybe<JobSessionConnection>;
  /** Every backup job visible to the caller (v5 returns them in one list). */
  jobs?: Maybe<Array<Job>>;
  /** An organization by its GUID; null when it does not exist or the caller may not see it. */
  organization?: Maybe<Organization>;
};


/** The root of every read; each domain file extends it. */
export type QueryJobArgs = {
  id: Scalars['ID']['input'];
};


/** The root of every read; each domain file extends it. */
export type QueryJobSessionArgs = {
  id: Scalars['ID']['input'];
};


/** The root of every read; each domain file extends it. */
export type QueryJobSessionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** The root of every read; each domain file extends it. */
export type QueryOrganizationArgs = {
  id: Scalars['ID']['input'];
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

/** A bearer token issued by the backup server (`POST /v5/token`). */
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



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  BackupType: BackupType;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Bottleneck: Bottleneck;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Job: ResolverTypeWrapper<JobDtoModel>;
  JobSession: ResolverTypeWrapper<JobSessionDtoModel>;
  JobSessionConnection: ResolverTypeWrapper<JobSessionConnectionModelModel>;
  JobSessionEdge: ResolverTypeWrapper<Omit<JobSessionEdge, 'node'> & { node: ResolversTypes['JobSession'] }>;
  JobSessionStatistics: ResolverTypeWrapper<JobSessionStatisticsDtoModel>;
  JobSessionStatus: JobSessionStatus;
  LogItem: ResolverTypeWrapper<LogItemDtoModel>;
  LogItemConnection: ResolverTypeWrapper<LogItemConnectionModelModel>;
  LogItemEdge: ResolverTypeWrapper<Omit<LogItemEdge, 'node'> & { node: ResolversTypes['LogItem'] }>;
  LogItemStatus: LogItemStatus;
  Long: ResolverTypeWrapper<Scalars['Long']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Organization: ResolverTypeWrapper<OrganizationDtoModel>;
  OrganizationType: OrganizationType;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SchedulePolicy: ResolverTypeWrapper<SchedulePolicyDtoModel>;
  ScheduleType: ScheduleType;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Token: ResolverTypeWrapper<TokenDtoModel>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Boolean: Scalars['Boolean']['output'];
  DateTime: Scalars['DateTime']['output'];
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  Job: JobDtoModel;
  JobSession: JobSessionDtoModel;
  JobSessionConnection: JobSessionConnectionModelModel;
  JobSessionEdge: Omit<JobSessionEdge, 'node'> & { node: ResolversParentTypes['JobSession'] };
  JobSessionStatistics: JobSessionStatisticsDtoModel;
  LogItem: LogItemDtoModel;
  LogItemConnection: LogItemConnectionModelModel;
  LogItemEdge: Omit<LogItemEdge, 'node'> & { node: ResolversParentTypes['LogItem'] };
  Long: Scalars['Long']['output'];
  Mutation: Record<PropertyKey, never>;
  Organization: OrganizationDtoModel;
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  SchedulePolicy: SchedulePolicyDtoModel;
  String: Scalars['String']['output'];
  Token: TokenDtoModel;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type JobResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Job'] = ResolversParentTypes['Job']> = {
  backupType?: Resolver<ResolversTypes['BackupType'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  isEnabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  lastRun?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lastStatus?: Resolver<Maybe<ResolversTypes['JobSessionStatus']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  nextRun?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  organization?: Resolver<Maybe<ResolversTypes['Organization']>, ParentType, ContextType>;
  schedulePolicy?: Resolver<Maybe<ResolversTypes['SchedulePolicy']>, ParentType, ContextType>;
  sessions?: Resolver<Maybe<ResolversTypes['JobSessionConnection']>, ParentType, ContextType, RequireFields<JobSessionsArgs, 'first'>>;
};

export type JobSessionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['JobSession'] = ResolversParentTypes['JobSession']> = {
  creationTime?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  details?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  endTime?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType>;
  logItem?: Resolver<Maybe<ResolversTypes['LogItem']>, ParentType, ContextType, RequireFields<JobSessionLogItemArgs, 'id'>>;
  logItems?: Resolver<Maybe<ResolversTypes['LogItemConnection']>, ParentType, ContextType, RequireFields<JobSessionLogItemsArgs, 'first'>>;
  progress?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  retryCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  statistics?: Resolver<Maybe<ResolversTypes['JobSessionStatistics']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['JobSessionStatus'], ParentType, ContextType>;
  statusText?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type JobSessionConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['JobSessionConnection'] = ResolversParentTypes['JobSessionConnection']> = {
  edges?: Resolver<Array<ResolversTypes['JobSessionEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type JobSessionEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['JobSessionEdge'] = ResolversParentTypes['JobSessionEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['JobSession'], ParentType, ContextType>;
};

export type JobSessionStatisticsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['JobSessionStatistics'] = ResolversParentTypes['JobSessionStatistics']> = {
  bottleneck?: Resolver<Maybe<ResolversTypes['Bottleneck']>, ParentType, ContextType>;
  processedObjects?: Resolver<Maybe<ResolversTypes['Long']>, ParentType, ContextType>;
  processingRateBytesPS?: Resolver<Maybe<ResolversTypes['Long']>, ParentType, ContextType>;
  processingRateItemsPS?: Resolver<Maybe<ResolversTypes['Long']>, ParentType, ContextType>;
  readRateBytesPS?: Resolver<Maybe<ResolversTypes['Long']>, ParentType, ContextType>;
  transferredDataBytes?: Resolver<Maybe<ResolversTypes['Long']>, ParentType, ContextType>;
  writeRateBytesPS?: Resolver<Maybe<ResolversTypes['Long']>, ParentType, ContextType>;
};

export type LogItemResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LogItem'] = ResolversParentTypes['LogItem']> = {
  creationTime?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  endTime?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  jobSession?: Resolver<Maybe<ResolversTypes['JobSession']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['LogItemStatus'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  usn?: Resolver<ResolversTypes['Long'], ParentType, ContextType>;
};

export type LogItemConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LogItemConnection'] = ResolversParentTypes['LogItemConnection']> = {
  edges?: Resolver<Array<ResolversTypes['LogItemEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type LogItemEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LogItemEdge'] = ResolversParentTypes['LogItemEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['LogItem'], ParentType, ContextType>;
};

export interface LongScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Long'], any> {
  name: 'Long';
}

export type MutationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  createToken?: Resolver<ResolversTypes['Token'], ParentType, ContextType, RequireFields<MutationCreateTokenArgs, 'password' | 'username'>>;
  refreshToken?: Resolver<ResolversTypes['Token'], ParentType, ContextType, RequireFields<MutationRefreshTokenArgs, 'refreshToken'>>;
};

export type OrganizationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Organization'] = ResolversParentTypes['Organization']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  isExchangeOnline?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  isSharePointOnline?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  isTeamsOnline?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  region?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['OrganizationType'], ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType, RequireFields<QueryJobArgs, 'id'>>;
  jobSession?: Resolver<Maybe<ResolversTypes['JobSession']>, ParentType, ContextType, RequireFields<QueryJobSessionArgs, 'id'>>;
  jobSessions?: Resolver<Maybe<ResolversTypes['JobSessionConnection']>, ParentType, ContextType, RequireFields<QueryJobSessionsArgs, 'first'>>;
  jobs?: Resolver<Maybe<Array<ResolversTypes['Job']>>, ParentType, ContextType>;
  organization?: Resolver<Maybe<ResolversTypes['Organization']>, ParentType, ContextType, RequireFields<QueryOrganizationArgs, 'id'>>;
};

export type SchedulePolicyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SchedulePolicy'] = ResolversParentTypes['SchedulePolicy']> = {
  dailyTime?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  dailyType?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  periodicallyEvery?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  retryEnabled?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  retryNumber?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  retryWaitInterval?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['ScheduleType'], ParentType, ContextType>;
};

export type TokenResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Token'] = ResolversParentTypes['Token']> = {
  accessToken?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  expiresIn?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  refreshToken?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tokenType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  userName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = GraphQLContext> = {
  DateTime?: GraphQLScalarType;
  Job?: JobResolvers<ContextType>;
  JobSession?: JobSessionResolvers<ContextType>;
  JobSessionConnection?: JobSessionConnectionResolvers<ContextType>;
  JobSessionEdge?: JobSessionEdgeResolvers<ContextType>;
  JobSessionStatistics?: JobSessionStatisticsResolvers<ContextType>;
  LogItem?: LogItemResolvers<ContextType>;
  LogItemConnection?: LogItemConnectionResolvers<ContextType>;
  LogItemEdge?: LogItemEdgeResolvers<ContextType>;
  Long?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  Organization?: OrganizationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  SchedulePolicy?: SchedulePolicyResolvers<ContextType>;
  Token?: TokenResolvers<ContextType>;
};

