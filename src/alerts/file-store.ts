import { mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_SERVER_NAME } from '../model.js';
import { HISTORY_MAX_AGE_MS, HISTORY_MAX_ALERTS, pageOf, withServer, type DurableAlertStore, type OutboxEntry } from './outbox.js';
import type { Alert } from './types.js';

const JOURNAL = 'alerts.journal';
const SNAPSHOT = 'alerts.snapshot.json';

/**
 * One line of the journal; `s` numbers the lines so a replay after a snapshot skips what it holds.
 * A position line without `server` (written before positions named their server) is the first server's.
 */
type Line =
  | { s: number; t: 'raise'; alert: Alert; targets: string[]; at: number }
  | { s: number; t: 'resolve'; id: string; resolvedAt: string; at: number }
  | { s: number; t: 'settle'; key: string }
  | { s: number; t: 'position'; value: string; server?: string };

interface Snapshot {
  seq: number;
  alerts: Array<{ alert: Alert; targets: string[] }>;
  outbox: OutboxEntry[];
  /** The first server's position (the only one before positions named their server). */
  position: string | undefined;
  /** Every server's position, by server name. */
  positions?: Record<string, string>;
}

interface Recorded {
  alert: Alert;
  targets: string[];
}

export interface FileAlertStoreOptions {
  /** STATE_DIR: the journal and its snapshot live here. One process per folder (replicas share Redis instead). */
  dir: string;
  now?: () => number;
  /** Journal lines beyond which it is compacted into the snapshot (at least twice the live records). */
  compactAfterLines?: number;
  /** History bound in alerts; HISTORY_MAX_ALERTS by default. */
  historyMax?: number;
  /** The first configured server: alerts and the position stored before they named a server are its. Default `default`. */
  defaultServer?: string;
}

/** The outbox entry key of an alert in one state for one target. */
export function outboxKey(id: string, state: string, target: string): string {
  return `${id}|${state}|${target}`;
}

/**
 * The alert store of a single replica: an append-only journal under `dir`, each change written
 * and fsynced before the call resolves (a SIGKILL right after `raise` loses nothing), compacted
 * into a snapshot (written aside, fsynced, renamed) once it grows. History keeps the last
 * 10,000 alerts or 30 days; firing alerts stay until they resolve.
 */
export async function createFileAlertStore(options: FileAlertStoreOptions): Promise<DurableAlertStore> {
  const now = options.now ?? Date.now;
  const dir = options.dir;
  const compactAfter = options.compactAfterLines ?? 20_000;
  const historyMax = options.historyMax ?? HISTORY_MAX_ALERTS;
  const defaultServer = options.defaultServer ?? DEFAULT_SERVER_NAME;
  await mkdir(dir, { recursive: true });

  const alerts = new Map<string, Recorded>();
  /** Ids oldest raised first. */
  let order: string[] = [];
  const outbox = new Map<string, OutboxEntry>();
  /** Each server's watcher position. */
  const positions = new Map<string, string>();
  let seq = 0;
  let lines = 0;
  const listeners = new Set<(alert: Alert) => void>();

  const queue = (alert: Alert, targets: readonly string[], at: number) => {
    for (const target of targets) {
      const key = outboxKey(alert.id, alert.state, target);
      outbox.set(key, { key, alert, target, queuedAt: at });
    }
  };
  const trim = (at: number) => {
    let excess = order.length - historyMax;
    const oldest = at - HISTORY_MAX_AGE_MS;
    const kept: string[] = [];
    for (const id of order) {
      const recorded = alerts.get(id)!;
      const raised = Date.parse(recorded.alert.raisedAt);
      if ((excess > 0 || raised < oldest) && recorded.alert.state !== 'FIRING') {
        alerts.delete(id);
        excess--;
      } else kept.push(id);
    }
    if (kept.length !== order.length) order = kept;
  };
  const apply = (line: Line): Alert | undefined => {
    seq = Math.max(seq, line.s);
    switch (line.t) {
      case 'raise': {
        if (alerts.has(line.alert.id)) return undefined;
        const alert = withServer(line.alert, defaultServer);
        alerts.set(alert.id, { alert, targets: line.targets });
        order.push(alert.id);
        queue(alert, line.targets, line.at);
        const first = alerts.get(order[0]!)!.alert;
        if (order.length > historyMax || Date.parse(first.raisedAt) < line.at - HISTORY_MAX_AGE_MS) trim(line.at);
        return alert;
      }
      case 'resolve': {
        const recorded = alerts.get(line.id);
        if (!recorded || recorded.alert.state !== 'FIRING') return undefined;
        const resolved: Alert = { ...recorded.alert, state: 'RESOLVED', resolvedAt: line.resolvedAt };
        recorded.alert = resolved;
        queue(resolved, recorded.targets, line.at);
        return resolved;
      }
      case 'settle':
        outbox.delete(line.key);
        return undefined;
      case 'position':
        positions.set(line.server ?? defaultServer, line.value);
        return undefined;
    }
  };

  // Load: the snapshot, then the journal lines it does not hold. A torn last line (a crash
  // mid-write, never acknowledged) is cut off so the next append starts on a clean line.
  const snapshot = await readJson<Snapshot>(join(dir, SNAPSHOT));
  if (snapshot) {
    seq = snapshot.seq;
    for (const { alert, targets } of snapshot.alerts) {
      alerts.set(alert.id, { alert: withServer(alert, defaultServer), targets });
      order.push(alert.id);
    }
    for (const entry of snapshot.outbox) outbox.set(entry.key, { ...entry, alert: withServer(entry.alert, defaultServer) });
    if (snapshot.position !== undefined) positions.set(defaultServer, snapshot.position);
    for (const [server, value] of Object.entries(snapshot.positions ?? {})) if (typeof value === 'string') positions.set(server, value);
  }
  const journalPath = join(dir, JOURNAL);
  const text = await readFile(journalPath, 'utf8').catch(() => '');
  let good = 0;
  for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', good)) {
    let line: Line;
    try {
      line = JSON.parse(text.slice(good, end)) as Line;
    } catch {
      break;
    }
    good = end + 1;
    lines++;
    if (snapshot && line.s <= snapshot.seq) continue;
    apply(line);
  }
  let journal: FileHandle = await open(journalPath, 'a');
  if (good < text.length) await journal.truncate(Buffer.byteLength(text.slice(0, good)));
  await syncDir(dir);

  let writing: Promise<unknown> = Promise.resolve();
  let closed = false;
  /** Runs `step` after every earlier write, one at a time. */
  const serial = <T>(step: () => Promise<T>): Promise<T> => {
    const run = writing.then(step);
    writing = run.catch(() => undefined);
    return run;
  };
  const append = async (line: Line): Promise<Alert | undefined> => {
    if (closed) throw new Error('the alert store is closed');
    await journal.write(JSON.stringify(line) + '\n');
    await journal.sync();
    lines++;
    const changed = apply(line);
    if (lines > Math.max(compactAfter, 2 * (alerts.size + outbox.size))) await compact();
    return changed;
  };
  const compact = async () => {
    const data: Snapshot = { seq, alerts: order.map((id) => alerts.get(id)!), outbox: [...outbox.values()], position: positions.get(defaultServer), positions: Object.fromEntries(positions) };
    const aside = join(dir, `${SNAPSHOT}.tmp`);
    const file = await open(aside, 'w');
    try {
      await file.write(JSON.stringify(data));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(aside, join(dir, SNAPSHOT));
    await syncDir(dir);
    // The snapshot holds every line up to `seq`; lines left by a crash before this point are skipped on load.
    await journal.truncate(0);
    await journal.sync();
    await journal.close();
    journal = await open(journalPath, 'a');
    lines = 0;
  };
  const emit = (alert: Alert | undefined) => {
    if (!alert) return;
    for (const listener of listeners) listener(alert);
  };

  return {
    raise: (alert, targets) =>
      serial(async () => {
        if (alerts.has(alert.id)) return false;
        const recorded: Alert = { ...alert, state: 'FIRING', resolvedAt: null };
        emit(await append({ s: seq + 1, t: 'raise', alert: recorded, targets: [...new Set(targets)], at: now() }));
        return true;
      }),
    resolve: (id, resolvedAt) =>
      serial(async () => {
        if (alerts.get(id)?.alert.state !== 'FIRING') return undefined;
        const resolved = await append({ s: seq + 1, t: 'resolve', id, resolvedAt, at: now() });
        emit(resolved);
        return resolved;
      }),
    firing: async () => order.map((id) => alerts.get(id)!.alert).filter((alert) => alert.state === 'FIRING').reverse(),
    page: (options) =>
      pageOf(async (afterId, count) => {
        const end = afterId === null ? order.length : order.lastIndexOf(afterId);
        const ids = end <= 0 ? [] : order.slice(Math.max(0, end - count), end).reverse();
        return ids.map((id) => alerts.get(id)!.alert);
      }, options),
    position: async (server = defaultServer) => positions.get(server),
    setPosition: (value, server = defaultServer) =>
      serial(async () => {
        if (value !== positions.get(server)) await append({ s: seq + 1, t: 'position', value, server });
      }),
    watch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    pending: async (limit) => [...outbox.values()].slice(0, limit),
    settle: (key) =>
      serial(async () => {
        if (outbox.has(key)) await append({ s: seq + 1, t: 'settle', key });
      }),
    async stats() {
      let oldest: number | null = null;
      for (const entry of outbox.values()) if (oldest === null || entry.queuedAt < oldest) oldest = entry.queuedAt;
      return { length: outbox.size, oldestQueuedAt: oldest };
    },
    close: () =>
      serial(async () => {
        if (closed) return;
        closed = true;
        listeners.clear();
        await journal.close();
      }),
  };
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Makes a created or renamed file's directory entry durable. */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
