import { DEFAULT_SERVER_NAME } from '../model.js';
import type { Alert, AlertPage, AlertState, AlertStore } from './types.js';

/** History keeps at most this many alerts... */
export const HISTORY_MAX_ALERTS = 10_000;
/** ...and none raised longer ago than this (firing alerts stay until they resolve). */
export const HISTORY_MAX_AGE_MS = 30 * 24 * 3_600_000;

/** One delivery owed: an alert in one state to one target. */
export interface OutboxEntry {
  /** Unique per (alert id, state, target) in the file store; the stream entry id in Redis. */
  key: string;
  alert: Alert;
  target: string;
  /** When it was queued (ms since the epoch): the 24 h give-up counts from here. */
  queuedAt: number;
}

export interface OutboxStats {
  /** Entries not yet accepted by their target nor given up. */
  length: number;
  /** `queuedAt` of the oldest of them; null when the outbox is empty. */
  oldestQueuedAt: number | null;
}

/** The outbox side of a store, as the delivery reads it. */
export interface AlertOutbox {
  /** Entries still owed, oldest first, at most `limit`. */
  pending(limit: number): Promise<OutboxEntry[]>;
  /** The entry was accepted by its target, or given up: it leaves the outbox for good. */
  settle(key: string): Promise<void>;
  stats(): Promise<OutboxStats>;
}

/**
 * An alert as a store reads it back: one recorded before alerts named their server (no `server`)
 * is the store's first server's (`defaultServer`: the first configured server, else `default`).
 */
export function withServer(alert: Alert, defaultServer: string = DEFAULT_SERVER_NAME): Alert {
  return typeof alert.server === 'string' && alert.server !== '' ? alert : { ...alert, server: defaultServer };
}

/** What both stores build: the AlertStore the watcher and GraphQL use, plus the outbox. */
export interface DurableAlertStore extends AlertStore, AlertOutbox {}

/** Alerts newest first from an ordered id list (the history), filtered, after the cursor. */
export async function pageOf(
  idsNewestFirst: (afterId: string | null, count: number) => Promise<Alert[]>,
  options: { first: number; after?: string | null; state?: AlertState | null; visible?: (alert: Alert) => boolean },
): Promise<AlertPage> {
  const first = Math.max(0, Math.floor(options.first));
  const found: Alert[] = [];
  let cursor = options.after ?? null;
  // Read in chunks until one more than asked is found (for hasNextPage) or the history ends.
  for (let guard = 0; guard <= HISTORY_MAX_ALERTS; guard++) {
    const chunk = await idsNewestFirst(cursor, 200);
    for (const alert of chunk) {
      if (options.state && alert.state !== options.state) continue;
      if (options.visible && !options.visible(alert)) continue;
      found.push(alert);
      if (found.length > first) break;
    }
    if (found.length > first || chunk.length < 200) break;
    cursor = chunk[chunk.length - 1]!.id;
  }
  const alerts = found.slice(0, first);
  return { alerts, endCursor: alerts.length > 0 ? alerts[alerts.length - 1]!.id : null, hasNextPage: found.length > first };
}
