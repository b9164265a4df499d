import type { BackupApi } from '../datasource/backup-api.js';
import type { JobSessionModel, LogItemModel } from '../model.js';
import type { SessionFilters } from '../upstream/adapters/index.js';
import restoreSessionResource, { isFinishedRestoreSession, type RestoreSessionModel } from '../upstream/resources/restore-session.js';
import type { PollResult, Source } from './hub.js';

/** Items read per log page while following a session's log. */
const LOG_PAGE = 100;
/** Pages one poll reads at most: a huge backlog is caught up over several polls. */
const LOG_PAGES_PER_POLL = 10;
/** Newest sessions compared on each poll of `jobSessionsChanged`. */
const CHANGES_WINDOW = 30;

/** What a watcher of a session sees change: status, progress, statistics, end time. */
export function sessionFingerprint(session: JobSessionModel): string {
  return JSON.stringify([session.statusText, session.progress, session.statistics, session.endTime]);
}

/** `jobSessionUpdated`: the session each time it changes; done after it has ended. */
export function sessionUpdates(id: string): Source<JobSessionModel> {
  let latest: JobSessionModel | undefined;
  let fingerprint = '';
  return {
    subjects: [`JobSession:${id}`],
    current: () => (latest ? [latest] : []),
    async poll(api) {
      const session = await api.jobSession(id);
      const next = sessionFingerprint(session);
      const changed = next !== fingerprint;
      latest = session;
      fingerprint = next;
      return { events: changed ? [session] : [], done: session.endTime !== null };
    },
    snapshot: () => latest,
    follow(snapshot) {
      if (typeof snapshot !== 'object' || snapshot === null || (snapshot as { id?: unknown }).id !== id) return;
      latest = snapshot as JobSessionModel;
      fingerprint = sessionFingerprint(latest);
    },
  };
}

/**
 * `logItemAdded`: new items of a session's log in `usn` order. The poller reads on from the
 * offset it has reached; it is done once the session has ended and the log read after that has
 * nothing more.
 */
export function logFollower(sessionId: string): Source<LogItemModel> & { readonly offset: number } {
  let offset = 0;
  return {
    // A session's log grows with the session: each change of it is a reason to read on.
    subjects: [`JobSession:${sessionId}`],
    get offset() {
      return offset;
    },
    async poll(api): Promise<PollResult<LogItemModel>> {
      // The session first: items logged before it reads as ended are all in the pages below.
      const session = await api.jobSession(sessionId);
      const events: LogItemModel[] = [];
      for (let page = 0; page < LOG_PAGES_PER_POLL; page++) {
        const read = await api.logItems(sessionId, { offset, limit: LOG_PAGE });
        events.push(...read.items);
        offset += read.items.length;
        if (!read.hasNextPage || read.items.length < LOG_PAGE) {
          return { events, done: session.endTime !== null };
        }
      }
      return { events, done: false };
    },
    snapshot: () => offset,
    follow(snapshot) {
      if (typeof snapshot === 'number' && Number.isSafeInteger(snapshot) && snapshot >= offset) offset = snapshot;
    },
  };
}

/** A late joiner's catch-up: the log items before `offset` that come after its `afterUsn`, read with its own token. */
export async function logCatchUp(api: BackupApi, sessionId: string, offset: number, afterUsn: number): Promise<LogItemModel[]> {
  const items: LogItemModel[] = [];
  for (let at = 0; at < offset; at += LOG_PAGE) {
    const page = await api.logItems(sessionId, { offset: at, limit: Math.min(LOG_PAGE, offset - at) });
    items.push(...page.items.filter((item) => item.usn > afterUsn));
    if (page.items.length === 0) break;
  }
  return items;
}

/** Change-feed pages one poll reads at most (the first poll walks to the present). */
const FEED_PAGES_PER_POLL = 10;

/**
 * `jobSessionsChanged`: the server's change feed where the version has one for these filters
 * (v7 `/JobSessions/Changes`), else the newest page compared with the previous poll's.
 */
export function sessionChanges(filters: SessionFilters): Source<JobSessionModel> {
  const newest = newestPageChanges(filters);
  let token: string | undefined;
  let baseline = true;
  return {
    subjects: ['JobSession:*'],
    async poll(api) {
      const events: JobSessionModel[] = [];
      for (let page = 0; page < FEED_PAGES_PER_POLL; page++) {
        let read;
        try {
          read = await api.sessionChanges(token, filters);
        } catch (error) {
          // An outdated change token (the server keeps a bounded history): start over from now.
          if ((error as { extensions?: { code?: string } }).extensions?.code !== 'BAD_USER_INPUT' || token === undefined) throw error;
          token = undefined;
          baseline = true;
          continue;
        }
        if (read === undefined) return newest.poll(api);
        // The first poll only learns where the present is.
        if (!baseline) events.push(...read.sessions);
        token = read.nextChangeToken;
        if (!read.more) {
          baseline = false;
          break;
        }
      }
      return { events, done: false };
    },
    // Cluster mode: a follower that takes over goes on from the leader's change token.
    snapshot: () => ({ token, baseline, newest: newest.snapshot?.() }),
    follow(snapshot) {
      if (typeof snapshot !== 'object' || snapshot === null) return;
      const { token: next, baseline: learning, newest: page } = snapshot as { token?: unknown; baseline?: unknown; newest?: unknown };
      if (typeof next === 'string') token = next;
      if (typeof learning === 'boolean') baseline = learning;
      newest.follow?.(page);
    },
  };
}

/** Sessions that appeared or changed on the newest page; memory holds one fingerprint per session of that page. */
function newestPageChanges(filters: SessionFilters): Source<JobSessionModel> {
  let known: Map<string, string> | undefined;
  return {
    async poll(api) {
      const page = await api.jobSessions({ offset: 0, limit: CHANGES_WINDOW }, filters);
      const next = new Map(page.items.map((session) => [session.id, sessionFingerprint(session)]));
      const events = known ? page.items.filter((session) => known?.get(session.id) !== next.get(session.id)) : [];
      known = next;
      // Oldest change first, as a list would show them arrive.
      return { events: events.reverse(), done: false };
    },
    snapshot: () => (known ? [...known] : undefined),
    follow(snapshot) {
      if (Array.isArray(snapshot) && snapshot.every((entry) => Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'string')) {
        known = new Map(snapshot as [string, string][]);
      }
    },
  };
}

/** What a watcher of a restore session sees change: state, result, end time, details. */
function restoreFingerprint(session: RestoreSessionModel): string {
  return JSON.stringify([session.state, session.result, session.endTime, session.details]);
}

/** `restoreSessionUpdated`: the restore session each time it changes; done after it has ended. */
export function restoreSessionUpdates(id: string): Source<RestoreSessionModel> {
  let latest: RestoreSessionModel | undefined;
  let fingerprint = '';
  return {
    subjects: [`RestoreSession:${id}`],
    current: () => (latest ? [latest] : []),
    async poll(api) {
      const session = await api.item(restoreSessionResource, id);
      const next = restoreFingerprint(session);
      const changed = next !== fingerprint;
      latest = session;
      fingerprint = next;
      return { events: changed ? [session] : [], done: isFinishedRestoreSession(session) };
    },
    snapshot: () => latest,
    follow(snapshot) {
      if (typeof snapshot !== 'object' || snapshot === null || (snapshot as { id?: unknown }).id !== id) return;
      latest = snapshot as RestoreSessionModel;
      fingerprint = restoreFingerprint(latest);
    },
  };
}
