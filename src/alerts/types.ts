/** What the alerts watcher raises and the outbox delivers; the JSON a generic webhook receives is `Alert` itself. */

/** The rule names of ALERTS_FILE, and the alert kinds they raise (the GraphQL/JSON enum). */
export const ALERT_RULES = {
  jobSessionFailed: 'JOB_SESSION_FAILED',
  jobSessionWarning: 'JOB_SESSION_WARNING',
  jobNotSucceededFor: 'JOB_NOT_SUCCEEDED_FOR',
  repositoryFreeBelow: 'REPOSITORY_FREE_BELOW',
  licenseExpiresWithin: 'LICENSE_EXPIRES_WITHIN',
  licenseUsedAbove: 'LICENSE_USED_ABOVE',
  proxyOffline: 'PROXY_OFFLINE',
  serverUnhealthy: 'SERVER_UNHEALTHY',
} as const;

export type AlertRuleName = keyof typeof ALERT_RULES;
export type AlertKind = (typeof ALERT_RULES)[AlertRuleName];
export type AlertSeverity = 'CRITICAL' | 'WARNING';
export type AlertState = 'FIRING' | 'RESOLVED';
export type AlertSubjectType = 'JobSession' | 'Job' | 'BackupRepository' | 'License' | 'Proxy' | 'Server';

export interface AlertRef {
  id: string;
  name: string | null;
}

/** What an alert is about. Session alerts name the session as subject, with its job and organization. */
export interface AlertSubject {
  type: AlertSubjectType;
  id: string;
  name: string | null;
  /** The organization the subject belongs to; null for server-wide subjects (repository, license, proxy, server). */
  organization: AlertRef | null;
  /** The job of a session subject. */
  job: AlertRef | null;
}

export interface Alert {
  /**
   * Stable: rule kind + subject + occurrence (e.g. `JOB_SESSION_FAILED:<session id>`); the
   * idempotency key. With several servers configured it names the server after the kind
   * (`JOB_SESSION_FAILED:eu1:<session id>`), so one GUID on two servers is two alerts.
   */
  id: string;
  /**
   * The configured name of the backup server the alert is about (`default` for VBM_API_URL's).
   * Alerts stored before alerts named their server are read as the first configured server's.
   */
  server: string;
  kind: AlertKind;
  severity: AlertSeverity;
  state: AlertState;
  subject: AlertSubject;
  message: string;
  /** ISO 8601. */
  raisedAt: string;
  resolvedAt: string | null;
  /** The dashboard URL of the subject, when PUBLIC_URL is set. */
  link: string | null;
}

/** A target of ALERTS_FILE, after `${NAME}` substitution and validation. */
export interface AlertTargetConfig {
  name: string;
  type: 'webhook' | 'slack' | 'teams';
  url: URL;
  /** Generic webhooks: the HMAC-SHA256 key of `X-Signature-256`. */
  secret?: string;
}

/** One rule of ALERTS_FILE. */
export interface AlertRuleConfig {
  kind: AlertRuleName;
  targets: string[];
  /** jobNotSucceededFor */
  hours?: number;
  /** repositoryFreeBelow, licenseUsedAbove */
  percent?: number;
  /** licenseExpiresWithin */
  days?: number;
  /** proxyOffline */
  minutes?: number;
}

/** A server's own watcher account in ALERTS_FILE (`servers:`), instead of WATCH_USERNAME/WATCH_PASSWORD. Never logged. */
export interface AlertServerAccount {
  /** The server's configured name. */
  name: string;
  username: string;
  password: string;
}

export interface AlertsConfig {
  targets: AlertTargetConfig[];
  rules: AlertRuleConfig[];
  /** Per-server watcher accounts; a server not named here is watched with WATCH_USERNAME/WATCH_PASSWORD. */
  servers?: AlertServerAccount[];
}

/** A page of the alert history, newest first. */
export interface AlertPage {
  alerts: Alert[];
  /** Opaque cursor of the last alert of the page; pass as `after`. */
  endCursor: string | null;
  hasNextPage: boolean;
}

/**
 * The durable side of alerting: history, the outbox and the watcher's position, in one store
 * (a Redis stream and keys with REDIS_URL, else a file under STATE_DIR), shared by the replicas.
 */
export interface AlertStore {
  /**
   * Records `alert` (FIRING) and queues it for each target, durably, before any delivery attempt.
   * False, and nothing queued, when an alert with this id was recorded before (by this process,
   * an earlier run, or another replica): one alert per occurrence.
   */
  raise(alert: Alert, targets: readonly string[]): Promise<boolean>;
  /** Marks a FIRING alert RESOLVED and queues the resolved alert for the same targets; undefined when it was not firing. */
  resolve(id: string, resolvedAt: string): Promise<Alert | undefined>;
  /** Alerts now FIRING (the watcher checks which conditions to resolve). */
  firing(): Promise<Alert[]>;
  /** History, newest first: the last 10,000 alerts or 30 days. */
  page(options: { first: number; after?: string | null; state?: AlertState | null; visible?: (alert: Alert) => boolean }): Promise<AlertPage>;
  /**
   * The position of the watcher of `server` (e.g. a feed token or the time it has read up to),
   * kept with the outbox; each server's watcher has its own. Default: the store's first server,
   * whose position is also the one stored before positions named their server.
   */
  position(server?: string): Promise<string | undefined>;
  setPosition(position: string, server?: string): Promise<void>;
  /** Every alert raised or resolved, on any replica, as it happens (the `alertRaised` subscription). Returns the unsubscribe. */
  watch(listener: (alert: Alert) => void): () => void;
  close(): Promise<void>;
}
