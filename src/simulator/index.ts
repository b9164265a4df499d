/** The embedded Veeam Backup for Microsoft 365 8.x REST simulator (API v5 to v8): demo default and test upstream. */
export { startSimulator, type RecordedRequest, type Simulator, type SimulatorOptions } from './server.js';
export type { Fault } from './faults.js';
export {
  canSeeOrganization,
  createSimulatorData,
  DEMO_USERS,
  ORGANIZATION_IDS,
  SEED,
  SESSION_STATUSES,
  type CopyJobRecord,
  type DemoUser,
  type JobRecord,
  type JobWorkload,
  type LogItemAlias,
  type LogItemRecord,
  type OrganizationRecord,
  type SessionRecord,
  type SimulatorData,
} from './data.js';
export { API_VERSIONS, PRODUCT_VERSION, type ApiVersion } from './versions.js';
export { STACK_TRACE_MARKER } from './errors.js';
export { CHANGE_TOKEN_RETENTION } from './routes.js';
export { SESSION_STEPS, type ClockMode } from './runner.js';
export type { InfrastructureState } from './store.js';
export type * from './wire.js';
export { roundTrips } from './round-trips.js';
