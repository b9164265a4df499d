import { isObjectType, type GraphQLSchema } from 'graphql';
import type { MutationResolvers, StartJobResultResolvers, SubscriptionResolvers } from '../generated/resolvers.generated.js';
import type { BackupServerResolvers, QueryResolvers } from '../generated/resolvers.generated.js';
import { each, free, once, type CostTable, type FieldCost } from '../upstream/resources/define.js';
import { RESOURCES } from '../upstream/resources/index.generated.js';

export { DEFAULT_PAGE_SIZE, type FieldCost } from '../upstream/resources/define.js';

/** Fields of the type, required: a field added to the schema without a cost does not compile. */
type Costs<R> = { readonly [F in keyof R]-?: FieldCost };

/** Costs of the fields no upstream resource owns: writes, subscriptions and the values they answer with. */
const OPERATION_COSTS: {
  readonly Mutation: Costs<MutationResolvers>;
  readonly Subscription: Costs<SubscriptionResolvers>;
  readonly StartJobResult: Costs<StartJobResultResolvers>;
  readonly Token: 'free';
  readonly PageInfo: 'free';
  readonly Query: Pick<Costs<QueryResolvers>, 'servers' | 'alerts' | 'summary'>;
  readonly BackupServer: Costs<BackupServerResolvers>;
  readonly Session: 'free';
  readonly SessionServer: 'free';
  readonly Alert: 'free';
  readonly AlertSubject: 'free';
  readonly AlertRef: 'free';
  readonly AlertConnection: 'free';
  readonly AlertPageInfo: 'free';
  readonly Summary: 'free';
  readonly ServerSummary: 'free';
  readonly SummaryCounts: 'free';
} = {
  Mutation: {
    createToken: each,
    refreshToken: each,
    signOut: each,
    // At least the write; the job (and on v5-v7 its newest session) is read back after it.
    startJob: each,
    stopJob: each,
    enableJob: each,
    disableJob: each,
    // The caller's visibility (organizations and the license) is read first, then the target is sent to.
    testAlertTarget: once,
    // One sign-in per server named; a refresh per server of the session; a sign-out per server.
    createSession: { calls: 'each', fanOut: (args) => (Array.isArray(args['credentials']) ? Math.max(1, args['credentials'].length) : 1) },
    refreshSession: each,
    signOutSession: each,
  },
  // One read of the watched resource per change (or per interval), shared by every subscriber of it.
  // alertRaised reads the caller's visibility once; the alerts come from the store, not the backup server.
  Subscription: { jobSessionUpdated: each, logItemAdded: each, jobSessionsChanged: each, restoreSessionUpdated: each, alertRaised: once },
  StartJobResult: { job: free, session: free },
  Token: 'free',
  PageInfo: 'free',
  // Reachability is the last outcome seen, or an anonymous probe outside the budget.
  // alerts: the caller's organizations and the license read; the alerts themselves come from the store.
  Query: { servers: free, alerts: once, summary: each },
  // summary: four reads per server (sessions, jobs, repositories, license); the run-time budget counts them all.
  Summary: 'free',
  ServerSummary: 'free',
  SummaryCounts: 'free',
  BackupServer: { name: free, apiVersion: free, productVersion: once, reachable: free, signedIn: free, license: once, health: once },
  Session: 'free',
  SessionServer: 'free',
  Alert: 'free',
  AlertSubject: 'free',
  AlertRef: 'free',
  AlertConnection: 'free',
  AlertPageInfo: 'free',
};

/** Object types that carry `server: BackupServer!`: the objects read from a backup server. */
export const SERVER_STAMPED_TYPES = [
  'BackupRepository', 'ObjectStorage', 'JobSessionStatistics', 'JobSession', 'SchedulePolicy', 'Job', 'License', 'LicensedUser', 'LogItem',
  'Organization', 'ProcessedObject', 'Proxy', 'RestorePoint', 'RestoreSession', 'RestoreSessionEvent', 'RestoreStatistics', 'ServerHealth',
  'HealthComponent', 'RepositoryUsage', 'ServerInfo',
] as const;

/**
 * The one table of upstream costs, from which the budget estimate is derived
 * (plugins/query-budget.ts): each resource's own costs (src/upstream/resources/) and the
 * operations' above. Root types gather their fields from every resource that adds one.
 */
export const FIELD_COSTS: Readonly<Record<string, Readonly<Record<string, FieldCost>> | 'free'>> = withServerFields(
  mergeCosts([...RESOURCES.map((resource) => resource.costs), OPERATION_COSTS]),
);

/** `server` of every stamped object is free: the server it was read from, known without a call. */
function withServerFields(merged: Record<string, Record<string, FieldCost> | 'free'>) {
  for (const type of SERVER_STAMPED_TYPES) {
    const costs = merged[type];
    if (costs !== undefined && costs !== 'free') costs['server'] = free;
  }
  return merged;
}

/** Check that no two tables price the same field or type: one owner per cost. */
function mergeCosts(tables: readonly CostTable[]) {
  const merged: Record<string, Record<string, FieldCost> | 'free'> = {};
  for (const table of tables) {
    for (const [type, fields] of Object.entries(table)) {
      const current = merged[type];
      if (current === undefined) {
        merged[type] = fields === 'free' ? 'free' : { ...fields };
        continue;
      }
      if (current === 'free' || fields === 'free') throw new Error(`The cost of ${type} is declared twice.`);
      for (const [field, cost] of Object.entries(fields)) {
        if (field in current) throw new Error(`The cost of ${type}.${field} is declared twice.`);
        current[field] = cost;
      }
    }
  }
  return merged;
}

/** A field of the schema without a cost: a programming error, caught when the schema is built. */
export class MissingCostError extends Error {}

/** The cost of `Type.field`; throws for one the cost table does not name (introspection is free). */
export function fieldCost(type: string, field: string): FieldCost {
  if (type.startsWith('__') || field.startsWith('__')) return 'free';
  const costs = FIELD_COSTS[type];
  if (costs === 'free') return 'free';
  const cost = costs?.[field];
  if (cost === undefined) throw new MissingCostError(`${type}.${field} has no upstream cost: declare it in its resource module (src/upstream/resources/) or in src/resolvers/costs.ts.`);
  return cost;
}

/** Throws unless every field of every object type of the schema has a cost, and every cost a field. */
export function checkCosts(schema: GraphQLSchema): void {
  const problems: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.keys(type.getFields())) {
      try {
        fieldCost(type.name, field);
      } catch (error) {
        if (!(error instanceof MissingCostError)) throw error;
        problems.push(`${type.name}.${field}`);
      }
    }
  }
  for (const [type, fields] of Object.entries(FIELD_COSTS)) {
    const found = schema.getType(type);
    if (!isObjectType(found)) {
      problems.push(`${type} (priced, but not an object type of the schema)`);
      continue;
    }
    if (fields === 'free') continue;
    for (const field of Object.keys(fields)) if (!found.getFields()[field]) problems.push(`${type}.${field} (priced, but not in the schema)`);
  }
  if (problems.length > 0) throw new MissingCostError(`Upstream costs do not match the schema: ${problems.join(', ')}.`);
}
