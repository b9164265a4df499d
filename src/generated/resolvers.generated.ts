import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { JobSessionDto as JobSessionDtoModel, JobSessionStatisticsDto as JobSessionStatisticsDtoModel, LogItemDto as LogItemDtoModel } from '../upstream/types.js';
import type { GraphQLContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
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
  /** One operation logged in this session, by its GUID; null when the server does not know it. */
  logItem?: Maybe<LogItem>;
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

/** The root of every read; each domain file extends it. */
export type Query = {
  __typename?: 'Query';
  /** A backup job session by its GUID; null when it does not exist or the caller may not see it. */
  jobSession?: Maybe<JobSession>;
};


/** The root of every read; each domain file extends it. */
export type QueryJobSessionArgs = {
  id: Scalars['ID']['input'];
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
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Bottleneck: Bottleneck;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  JobSession: ResolverTypeWrapper<JobSessionDtoModel>;
  JobSessionStatistics: ResolverTypeWrapper<JobSessionStatisticsDtoModel>;
  JobSessionStatus: JobSessionStatus;
  LogItem: ResolverTypeWrapper<LogItemDtoModel>;
  LogItemStatus: LogItemStatus;
  Long: ResolverTypeWrapper<Scalars['Long']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Boolean: Scalars['Boolean']['output'];
  DateTime: Scalars['DateTime']['output'];
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  JobSession: JobSessionDtoModel;
  JobSessionStatistics: JobSessionStatisticsDtoModel;
  LogItem: LogItemDtoModel;
  Long: Scalars['Long']['output'];
  Query: Record<PropertyKey, never>;
  String: Scalars['String']['output'];
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type JobSessionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['JobSession'] = ResolversParentTypes['JobSession']> = {
  creationTime?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  details?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  endTime?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  logItem?: Resolver<Maybe<ResolversTypes['LogItem']>, ParentType, ContextType, RequireFields<JobSessionLogItemArgs, 'id'>>;
  progress?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  retryCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  statistics?: Resolver<Maybe<ResolversTypes['JobSessionStatistics']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['JobSessionStatus'], ParentType, ContextType>;
  statusText?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
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

export interface LongScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Long'], any> {
  name: 'Long';
}

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  jobSession?: Resolver<Maybe<ResolversTypes['JobSession']>, ParentType, ContextType, RequireFields<QueryJobSessionArgs, 'id'>>;
};

export type Resolvers<ContextType = GraphQLContext> = {
  DateTime?: GraphQLScalarType;
  JobSession?: JobSessionResolvers<ContextType>;
  JobSessionStatistics?: JobSessionStatisticsResolvers<ContextType>;
  LogItem?: LogItemResolvers<ContextType>;
  Long?: GraphQLScalarType;
  Query?: QueryResolvers<ContextType>;
};

