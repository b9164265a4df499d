/** The embedded Veeam Backup for Microsoft 365 REST API v5 simulator: demo default and test upstream. */
export { startSimulator, type RecordedRequest, type Simulator, type SimulatorOptions } from './server.js';
export type { Fault } from './faults.js';
export {
  canSeeOrganization,
  createSimulatorData,
  DEMO_USERS,
  ORGANIZATION_IDS,
  SEED,
  SESSION_STATUSES,
  type DemoUser,
  type JobRecord,
  type LogItemAlias,
  type LogItemRecord,
  type OrganizationRecord,
  type SessionRecord,
  type SimulatorData,
} from './data.js';
export { roundTrips } from './round-trips.js';
