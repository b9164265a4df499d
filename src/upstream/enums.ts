import type {
  BackupType,
  HealthStatus,
  Bottleneck,
  JobSessionConfigType,
  JobSessionStatus,
  JobType,
  LogItemStatus,
  OrganizationType,
  ScheduleType,
} from '../schema-types.generated.js';

/** Upstream spellings → GraphQL enum values; values not listed become UNKNOWN. */
export const SESSION_STATUS: Readonly<Record<string, JobSessionStatus>> = {
  Stopped: 'STOPPED',
  Running: 'RUNNING',
  Success: 'SUCCESS',
  Warning: 'WARNING',
  Failed: 'FAILED',
  Disconnected: 'DISCONNECTED',
  NotConfigured: 'NOT_CONFIGURED',
  Queued: 'QUEUED',
};

export const BOTTLENECK: Readonly<Record<string, Bottleneck>> = { NA: 'NA', Detecting: 'DETECTING', Source: 'SOURCE', Target: 'TARGET' };

export const BACKUP_TYPE: Readonly<Record<string, BackupType>> = {
  SelectedItems: 'SELECTED_ITEMS',
  EntireOrganization: 'ENTIRE_ORGANIZATION',
};

export const SCHEDULE_TYPE: Readonly<Record<string, ScheduleType>> = {
  Periodically: 'PERIODICALLY',
  Daily: 'DAILY',
  ManualOnly: 'MANUAL_ONLY',
};

export const ORGANIZATION_TYPE: Readonly<Record<string, OrganizationType>> = {
  Office365: 'OFFICE365',
  OnPremises: 'ON_PREMISES',
  Hybrid: 'HYBRID',
};

export const JOB_TYPE: Readonly<Record<string, JobType>> = { Backup: 'BACKUP', Copy: 'COPY' };

export const CONFIG_TYPE: Readonly<Record<string, JobSessionConfigType>> = { Full: 'FULL', Incremental: 'INCREMENTAL' };

/** The bracketed title prefixes of v5-v7 log items (compared lowercased). */
export const TITLE_STATUS: Readonly<Record<string, LogItemStatus>> = {
  success: 'SUCCESS',
  warning: 'WARNING',
  failed: 'FAILED',
  error: 'FAILED',
  running: 'RUNNING',
  stopped: 'STOPPED',
};

/** v8 log item `type` → status, and the word v5-v7 titles use for it (to compose a v8 title). */
export const LOG_TYPE: Readonly<Record<string, { status: LogItemStatus; word: string }>> = {
  Success: { status: 'SUCCESS', word: 'Success' },
  Warning: { status: 'WARNING', word: 'Warning' },
  Error: { status: 'FAILED', word: 'Failed' },
  Running: { status: 'RUNNING', word: 'Running' },
  Stop: { status: 'STOPPED', word: 'Stopped' },
};

export const HEALTH_STATUS: Readonly<Record<string, HealthStatus>> = { Healthy: 'HEALTHY', Unhealthy: 'UNHEALTHY' };
