import type { BackupApi } from '../datasource/backup-api.js';
import type { JobModel, JobSessionModel, OrganizationModel } from '../model.js';
import backupRepository from '../upstream/resources/backup-repository.js';
import license from '../upstream/resources/license.js';
import proxy from '../upstream/resources/proxy.js';
import serverHealth from '../upstream/resources/server-health.js';
import { ALERT_RULES, type Alert, type AlertKind, type AlertRuleConfig, type AlertSeverity, type AlertSubject } from './types.js';

/**
 * Severity per kind: what needs someone now (a failed session, a job without success, an
 * unhealthy server, an offline proxy, an expiring license) is CRITICAL; what needs planning
 * (a warning, a filling repository, a license near its user count) is WARNING.
 */
export const SEVERITY: Readonly<Record<AlertKind, AlertSeverity>> = {
  JOB_SESSION_FAILED: 'CRITICAL',
  JOB_SESSION_WARNING: 'WARNING',
  JOB_NOT_SUCCEEDED_FOR: 'CRITICAL',
  REPOSITORY_FREE_BELOW: 'WARNING',
  LICENSE_EXPIRES_WITHIN: 'CRITICAL',
  LICENSE_USED_ABOVE: 'WARNING',
  PROXY_OFFLINE: 'CRITICAL',
  SERVER_UNHEALTHY: 'CRITICAL',
};

/** The subject ids of the server-wide singletons. */
export const LICENSE_SUBJECT = 'license';
export const SERVER_SUBJECT = 'server';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MINUTE = 60_000;

/** Where one watcher's alerts come from: its server, and whether ids and links name it. */
export interface AlertOrigin {
  /** The server's configured name; every alert carries it. */
  server: string;
  /**
   * Several servers are configured: ids (`<KIND>:<server>:<subject id>`) and dashboard links
   * (`#/s/<server>/…`) name the server. With one server they read as they always did.
   */
  named: boolean;
  /** PUBLIC_URL: the base of the dashboard links; without it `link` is null. */
  publicUrl?: URL;
}

/**
 * The dashboard route of a subject (examples/dashboard/src/route.ts), below `<PUBLIC_URL>/dashboard/`:
 * on a named server `#/s/<server>/session/<id>`, `#/s/<server>/job/<id>` or `#/s/<server>/infrastructure`.
 */
export function dashboardLink(origin: AlertOrigin, subject: AlertSubject): string | null {
  const { publicUrl } = origin;
  if (!publicUrl) return null;
  const base = new URL('dashboard/', publicUrl.href.endsWith('/') ? publicUrl : new URL(`${publicUrl.href}/`));
  const id = encodeURIComponent(subject.id);
  if (origin.named) {
    const server = `${base.href}#/s/${encodeURIComponent(origin.server)}`;
    if (subject.type === 'JobSession') return `${server}/session/${id}`;
    if (subject.type === 'Job') return `${server}/job/${id}`;
    return `${server}/infrastructure`;
  }
  switch (subject.type) {
    case 'JobSession':
      return `${base.href}#/sessions/${id}`;
    case 'Job':
      return `${base.href}#/jobs/${id}`;
    default:
      return `${base.href}#/infrastructure`;
  }
}

/** The id of an alert's subject: `<KIND>:<subject id>`, or `<KIND>:<server>:<subject id>` on a named server; a condition's occurrence adds `:<raisedAt>`. */
export const subjectKey = (kind: AlertKind, origin: AlertOrigin, subjectId: string): string =>
  origin.named ? `${kind}:${origin.server}:${subjectId}` : `${kind}:${subjectId}`;

/** The alert of an ended session for the session rules, if the session calls for one. */
export function sessionAlertKind(session: JobSessionModel, rules: readonly AlertRuleConfig[]): AlertKind | undefined {
  const wanted = new Set(rules.map((rule) => rule.kind));
  // FAILED after the last retry: a session the server will retry is not final (v6+ send it).
  if (session.status === 'FAILED' && session.willBeRetried !== true && wanted.has('jobSessionFailed')) return ALERT_RULES.jobSessionFailed;
  if (session.status === 'WARNING' && wanted.has('jobSessionWarning')) return ALERT_RULES.jobSessionWarning;
  return undefined;
}

/** Builds a session's alert: the session as subject, with its job and organization. */
export function sessionAlert(
  kind: AlertKind,
  session: JobSessionModel,
  job: JobModel | null,
  organization: OrganizationModel | null,
  raisedAt: string,
  origin: AlertOrigin,
): Alert {
  const jobName = job?.name ?? 'A job';
  const subject: AlertSubject = {
    type: 'JobSession',
    id: session.id,
    name: job ? `${job.name} at ${session.endTime ?? session.creationTime}` : null,
    organization: organization ? { id: organization.id, name: organization.name } : null,
    job: job ? { id: job.id, name: job.name } : null,
  };
  const where = organization ? ` (${organization.name})` : '';
  const detail = session.details ? `: ${session.details}` : '.';
  const message =
    kind === 'JOB_SESSION_FAILED'
      ? `${jobName}${where} failed${detail}`
      : `${jobName}${where} finished with warnings${detail}`;
  return firing(subjectKey(kind, origin, session.id), kind, subject, message, raisedAt, origin);
}

/** A condition that holds now: what its alert says, without the occurrence. */
export interface Condition {
  kind: AlertKind;
  subject: AlertSubject;
  message: string;
}

/** What the condition rules remember between evaluations (kept with the watcher's position). */
export interface ConditionMemory {
  /** When each proxy was first seen offline (epoch ms), by proxy id. */
  offlineSince: Record<string, number>;
}

/** The condition kinds whose alerts resolve when the condition clears. */
export const CONDITION_KINDS: ReadonlySet<AlertKind> = new Set<AlertKind>([
  'JOB_NOT_SUCCEEDED_FOR',
  'REPOSITORY_FREE_BELOW',
  'LICENSE_EXPIRES_WITHIN',
  'LICENSE_USED_ABOVE',
  'PROXY_OFFLINE',
  'SERVER_UNHEALTHY',
]);

const serverWide = (type: AlertSubject['type'], id: string, name: string | null): AlertSubject => ({ type, id, name, organization: null, job: null });

/** Sessions of one job read to find its newest success. */
const JOB_SESSIONS_READ = 50;

/**
 * Evaluates one condition rule. Returns the conditions that hold now, or undefined when the rule
 * cannot be evaluated on this server (e.g. `/Health` before v8): its alerts then stay as they are.
 */
export async function evaluateCondition(api: BackupApi, rule: AlertRuleConfig, now: number, memory: ConditionMemory): Promise<Condition[] | undefined> {
  switch (rule.kind) {
    case 'repositoryFreeBelow': {
      const percent = rule.percent ?? 0;
      const repositories = await api.list(backupRepository);
      return repositories.flatMap((repository) => {
        const { capacityBytes: capacity, freeSpaceBytes: free } = repository;
        // Repositories in object storage have no local capacity to measure.
        if (capacity === null || free === null || capacity <= 0) return [];
        const freePercent = (free / capacity) * 100;
        if (freePercent >= percent) return [];
        return [{
          kind: ALERT_RULES.repositoryFreeBelow,
          subject: serverWide('BackupRepository', repository.id, repository.name),
          message: `Repository ${repository.name} has ${freePercent.toFixed(1)} % free space, below ${percent} %.`,
        }];
      });
    }
    case 'licenseExpiresWithin': {
      const days = rule.days ?? 0;
      const read = await api.singleton(license);
      const expires = read.expirationDate === null ? NaN : Date.parse(read.expirationDate);
      if (!Number.isFinite(expires) || expires - now > days * DAY) return [];
      const left = Math.max(0, Math.floor((expires - now) / DAY));
      return [{
        kind: ALERT_RULES.licenseExpiresWithin,
        subject: serverWide('License', LICENSE_SUBJECT, read.licensedTo),
        message: expires <= now ? `The license expired on ${read.expirationDate}.` : `The license expires on ${read.expirationDate}, in ${left} days.`,
      }];
    }
    case 'licenseUsedAbove': {
      const percent = rule.percent ?? 100;
      const read = await api.singleton(license);
      if (read.totalUsers === null || read.usedUsers === null || read.totalUsers <= 0) return [];
      const used = (read.usedUsers / read.totalUsers) * 100;
      if (used <= percent) return [];
      return [{
        kind: ALERT_RULES.licenseUsedAbove,
        subject: serverWide('License', LICENSE_SUBJECT, read.licensedTo),
        message: `The license is ${used.toFixed(1)} % used (${read.usedUsers} of ${read.totalUsers} users), above ${percent} %.`,
      }];
    }
    case 'proxyOffline': {
      const minutes = rule.minutes ?? 0;
      const proxies = await api.list(proxy);
      const offline = new Set<string>();
      const conditions: Condition[] = [];
      for (const found of proxies) {
        if (found.status !== 'OFFLINE') continue;
        offline.add(found.id);
        const since = (memory.offlineSince[found.id] ??= now);
        if (now - since < minutes * MINUTE) continue;
        conditions.push({
          kind: ALERT_RULES.proxyOffline,
          subject: serverWide('Proxy', found.id, found.hostName),
          message: `Proxy ${found.hostName} has been offline since ${new Date(since).toISOString()}.`,
        });
      }
      for (const id of Object.keys(memory.offlineSince)) if (!offline.has(id)) delete memory.offlineSince[id];
      return conditions;
    }
    case 'serverUnhealthy': {
      if (!api.serves(serverHealth)) return undefined;
      const health = await api.singleton(serverHealth);
      if (health.status !== 'UNHEALTHY') return [];
      const failing = health.components.filter((component) => component.status === 'UNHEALTHY');
      const names = failing.map((component) => (component.description ? `${component.name} (${component.description})` : component.name));
      return [{
        kind: ALERT_RULES.serverUnhealthy,
        subject: serverWide('Server', SERVER_SUBJECT, null),
        message: `The backup server reports itself unhealthy${names.length > 0 ? `: ${names.join(', ')}` : ''}.`,
      }];
    }
    case 'jobNotSucceededFor':
      return jobsWithoutSuccess(api, rule.hours ?? 0, now);
    default:
      return undefined;
  }
}

/**
 * Enabled jobs whose newest SUCCESS session ended more than `hours` ago, or that have had
 * sessions for longer than that without any. A job whose last run, started within `hours`,
 * succeeded costs no read; any other reads one page of its newest sessions.
 */
async function jobsWithoutSuccess(api: BackupApi, hours: number, now: number): Promise<Condition[]> {
  const limit = now - hours * HOUR;
  const conditions: Condition[] = [];
  for (const job of await api.jobs()) {
    if (!job.isEnabled) continue;
    if (job.lastStatus === 'SUCCESS' && job.lastRun !== null && Date.parse(job.lastRun) >= limit) continue;
    const page = await api.sessionsOf(job, { offset: 0, limit: JOB_SESSIONS_READ });
    if (page.items.length === 0) continue;
    const success = page.items.find((session) => session.status === 'SUCCESS' && session.endTime !== null);
    const since = success ? Date.parse(success.endTime!) : Math.min(...page.items.map((session) => Date.parse(session.creationTime)));
    if (!Number.isFinite(since) || since >= limit) continue;
    const organization = await api.organizationOf(job).catch(() => null);
    conditions.push({
      kind: ALERT_RULES.jobNotSucceededFor,
      subject: { type: 'Job', id: job.id, name: job.name, organization: organization ? { id: organization.id, name: organization.name } : null, job: null },
      message: success
        ? `${job.name} has not succeeded for more than ${hours} hours (last success ended ${success.endTime}).`
        : `${job.name} has not succeeded in its last ${page.items.length} sessions, over more than ${hours} hours.`,
    });
  }
  return conditions;
}

/** The alert a condition raises now: its id names the occurrence, so a recurrence is a new alert. */
export function conditionAlert(condition: Condition, raisedAt: string, origin: AlertOrigin): Alert {
  const { kind, subject, message } = condition;
  return firing(`${subjectKey(kind, origin, subject.id)}:${raisedAt}`, kind, subject, message, raisedAt, origin);
}

/** A firing alert of `origin`'s server about `subject`, linking to it on the dashboard. */
function firing(id: string, kind: AlertKind, subject: AlertSubject, message: string, raisedAt: string, origin: AlertOrigin): Alert {
  return {
    id,
    server: origin.server,
    kind,
    severity: SEVERITY[kind],
    state: 'FIRING',
    subject,
    message,
    raisedAt,
    resolvedAt: null,
    link: dashboardLink(origin, subject),
  };
}
