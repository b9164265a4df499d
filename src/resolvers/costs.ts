import type {
  JobResolvers,
  JobSessionResolvers,
  LogItemResolvers,
  MutationResolvers,
  OrganizationResolvers,
  QueryResolvers,
  ServerInfoResolvers,
  StartJobResultResolvers,
  SubscriptionResolvers,
} from '../generated/resolvers.generated.js';

/** Page size of a connection when the query does not say `first` (as the SDL's default). */
export const DEFAULT_PAGE_SIZE = 30;

/**
 * What a field costs in upstream requests: nothing (`free`: it is read from its parent's JSON),
 * one request `each` time a parent object resolves it (a collection, or an object addressed by
 * argument), or one request `once` per operation (a to-one link many parents usually share,
 * deduplicated by the loaders). `fanOut` multiplies the cost of what is selected below it.
 */
export type FieldCost = 'free' | { readonly calls: 'each' | 'once'; readonly fanOut?: (args: Record<string, unknown>) => number };

const pageSize = (args: Record<string, unknown>) => (typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE);

const each: FieldCost = { calls: 'each' };
const once: FieldCost = { calls: 'once' };
const page: FieldCost = { calls: 'each', fanOut: pageSize };

/** Every field of the type, required: a field added to the schema without a cost does not compile. */
type Costs<R> = { readonly [F in keyof R]-?: FieldCost };

/** The one table of upstream costs, from which the budget estimate is derived (plugins/query-budget.ts). */
export const FIELD_COSTS: {
  readonly Query: Costs<QueryResolvers>;
  readonly Mutation: Costs<MutationResolvers>;
  readonly Subscription: Costs<SubscriptionResolvers>;
  readonly JobSession: Costs<JobSessionResolvers>;
  readonly LogItem: Costs<LogItemResolvers>;
  readonly Job: Costs<JobResolvers>;
  readonly Organization: Costs<OrganizationResolvers>;
  readonly ServerInfo: Costs<ServerInfoResolvers>;
  readonly StartJobResult: Costs<StartJobResultResolvers>;
} = {
  Query: { jobSession: each, jobSessions: page, job: each, jobs: each, organization: each, organizations: each, server: 'free' },
  Mutation: {
    createToken: each,
    refreshToken: each,
    signOut: each,
    // At least the write; the job (and on v5-v7 its newest session) is read back after it.
    startJob: each,
    stopJob: each,
    enableJob: each,
    disableJob: each,
  },
  // One poll of the watched resource per interval, shared by every subscriber of it.
  Subscription: { jobSessionUpdated: each, logItemAdded: each, jobSessionsChanged: each },
  JobSession: {
    id: 'free',
    status: 'free',
    statusText: 'free',
    creationTime: 'free',
    endTime: 'free',
    progress: 'free',
    details: 'free',
    retryCount: 'free',
    statistics: 'free',
    jobType: 'free',
    configType: 'free',
    willBeRetried: 'free',
    repositoryId: 'free',
    proxyId: 'free',
    mainSession: once,
    job: once,
    logItems: page,
    logItem: each,
  },
  LogItem: {
    id: 'free',
    usn: 'free',
    title: 'free',
    status: 'free',
    message: 'free',
    creationTime: 'free',
    endTime: 'free',
    jobSession: once,
  },
  Job: {
    id: 'free',
    name: 'free',
    description: 'free',
    lastStatus: 'free',
    lastRun: 'free',
    nextRun: 'free',
    lastBackup: 'free',
    isEnabled: 'free',
    backupType: 'free',
    schedulePolicy: 'free',
    organizationId: 'free',
    sessions: page,
    organization: once,
  },
  Organization: {
    id: 'free',
    name: 'free',
    type: 'free',
    region: 'free',
    isExchangeOnline: 'free',
    isSharePointOnline: 'free',
    isTeamsOnline: 'free',
    isTeamsChatsOnline: 'free',
    officeName: 'free',
    isBackedUp: 'free',
    firstBackupTime: 'free',
    lastBackupTime: 'free',
    jobs: each,
  },
  ServerInfo: { apiVersion: 'free', productVersion: once },
  StartJobResult: { job: 'free', session: 'free' },
};

/** The cost of `Type.field`, `free` for types that hold no relation (connections, edges, statistics). */
export function fieldCost(type: string, field: string): FieldCost {
  const costs = (FIELD_COSTS as Readonly<Record<string, Readonly<Record<string, FieldCost>>>>)[type];
  return costs?.[field] ?? 'free';
}
