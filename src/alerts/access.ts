import type { BackupApi } from '../datasource/backup-api.js';
import { facadeError } from '../errors.js';
import { Channel } from '../live/channel.js';
import license from '../upstream/resources/license.js';
import type { Alert, AlertStore } from './types.js';

/** What GraphQL reaches of alerting: the history, the targets' names and a test send. Built once per process. */
export interface AlertsAccess {
  store: AlertStore;
  /** The target names of ALERTS_FILE. */
  targets: readonly string[];
  /** Sends a test message to the target of this name (delivery), naming `server`; true when the target accepted it. */
  sendTest(name: string, server?: string): Promise<boolean>;
  /** `alertRaised` subscriptions open at once in this process, at most. */
  maxSubscribers: number;
  /** Events queued per subscriber before it is ended as too slow. */
  maxQueued: number;
  /** Aborted at shutdown: every `alertRaised` stream completes. */
  shutdown?: AbortSignal;
}

/** What one caller may see of one server's alerts, read with the caller's own token on that server. */
export interface AlertVisibility {
  /** Lowercased ids of the organizations the caller's token on the server lists. */
  organizations: ReadonlySet<string>;
  /** Whether the caller's token on the server can read its server-wide resources (the license). */
  serverWide: boolean;
}

/** What one caller may see, per server name: the servers not in it, none of their alerts. */
export type AlertVisibilities = ReadonlyMap<string, AlertVisibility>;

/**
 * Whether the token of `api` can read `/License` (the check for server-wide resources: a
 * tenant-scoped operator is refused it). A refusal (FORBIDDEN, NOT_FOUND) means no; any other
 * failure (the token itself refused, the server down) is the error.
 */
export function readsLicense(api: BackupApi): Promise<boolean> {
  return api.singleton(license).then(
    () => true,
    (error: unknown) => {
      const code = (error as { extensions?: { code?: string } }).extensions?.code;
      if (code === 'FORBIDDEN' || code === 'NOT_FOUND') return false;
      throw error;
    },
  );
}

/**
 * Reads what the caller may see of one server's alerts, with the caller's data source for that
 * server: its organizations there, and whether it can read that server's license.
 */
export async function visibilityOf(api: BackupApi): Promise<AlertVisibility> {
  const [organizations, serverWide] = await Promise.all([api.organizations(), readsLicense(api)]);
  return { organizations: new Set(organizations.map((organization) => organization.id.toLowerCase())), serverWide };
}

/**
 * An alert is seen only through the caller's visibility on the alert's own server: one about an
 * organization is that organization's there; one about no organization is server-wide.
 */
export function canSee(visibilities: AlertVisibilities, alert: Alert): boolean {
  const visibility = visibilities.get(alert.server);
  if (!visibility) return false;
  const organization = alert.subject.organization;
  return organization ? visibility.organizations.has(organization.id.toLowerCase()) : visibility.serverWide;
}

/** Open `alertRaised` streams per access object (one per process). */
const open = new WeakMap<AlertsAccess, number>();

/**
 * An `alertRaised` stream: the store's alerts this caller may see, from now on, bounded per
 * subscriber. `release` (the caller's subscription slot) is called once when the stream ends.
 */
export function alertStream(access: AlertsAccess, visibility: AlertVisibilities, release: () => void = () => undefined): AsyncIterableIterator<Alert> {
  const count = open.get(access) ?? 0;
  if (count >= access.maxSubscribers) throw facadeError('SUBSCRIPTION_LIMIT', 'This server has as many open alert subscriptions as it accepts; try again later.');
  open.set(access, count + 1);
  let stop: (() => void) | undefined;
  let left = false;
  const leave = () => {
    if (left) return;
    left = true;
    stop?.();
    access.shutdown?.removeEventListener('abort', onShutdown);
    open.set(access, (open.get(access) ?? 1) - 1);
    release();
  };
  const channel = new Channel<Alert>(access.maxQueued, leave);
  const onShutdown = () => {
    channel.end();
    leave();
  };
  stop = access.store.watch((alert) => {
    if (!canSee(visibility, alert)) return;
    channel.push(alert);
    // A subscriber too slow to read was ended by its channel: let go of the store too.
    if (channel.closed) leave();
  });
  if (access.shutdown?.aborted) onShutdown();
  else access.shutdown?.addEventListener('abort', onShutdown, { once: true });
  return channel;
}
