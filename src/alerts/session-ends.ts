import type { BackupApi } from '../datasource/backup-api.js';
import type { JobSessionModel } from '../model.js';
import type { EventSessionStatus } from '../upstream/resources/event.js';

/** What one read of a `SessionEnds` found. */
export interface SessionEndsRead {
  /** Sessions that ended after the position read from, oldest end first. */
  sessions: JobSessionModel[];
  /** Where the next read goes on from (opaque; kept in the alert store). */
  position: string;
  /** The read waited on the server for something to happen (a long poll): the next one may follow at once. */
  waited: boolean;
}

/** The end statuses the session rules report. */
export type EndStatus = 'FAILED' | 'WARNING';

/**
 * Where the watcher learns which job sessions ended: polling the session list each interval, or
 * the v8 event feed (its change token as the position), read continuously.
 */
export interface SessionEnds {
  /** Whether reads wait for changes on the server (the watcher then reads again at once, not each interval). */
  readonly follows: boolean;
  /** The position of "now": sessions that ended before it are never reported. */
  start(now: number): string;
  /**
   * Sessions that ended after `position`, read with `api`; bounded in requests per call. A
   * position it cannot read (another source's) counts as `now`. `wanted`: the end statuses the
   * rules report (a feed reads only those sessions); polling reports every ended session.
   */
  read(api: BackupApi, position: string, now: number, wanted?: ReadonlySet<EndStatus>): Promise<SessionEndsRead>;
}

/** Sessions per page read. */
const PAGE = 100;
/** Pages one read goes through at most: a longer backlog is caught up over several reads. */
const PAGES_PER_READ = 5;

/** The poller's position: the end time read up to (epoch ms) and the ids that ended exactly then. */
interface PollPosition {
  after: number;
  at: string[];
}

function parsePosition(position: string, now: number): PollPosition {
  try {
    const parsed = JSON.parse(position) as Partial<PollPosition>;
    if (typeof parsed.after === 'number' && Number.isFinite(parsed.after) && Array.isArray(parsed.at)) {
      return { after: parsed.after, at: parsed.at.filter((id): id is string => typeof id === 'string') };
    }
  } catch {
    // A position another source wrote: start over from now (below).
  }
  return { after: now, at: [] };
}

const endOf = (session: JobSessionModel): number => (session.endTime === null ? NaN : Date.parse(session.endTime));

/**
 * Polls the session list: with `endedAfter` where the version filters by end time (v6+), else
 * the newest pages (sessions listed newest first by creation), until a page holds only sessions
 * created before the position. At most PAGES_PER_READ pages per read.
 */
export function pollSessionEnds(): SessionEnds {
  return {
    follows: false,
    start: (now) => JSON.stringify({ after: now, at: [] } satisfies PollPosition),

    async read(api, position, now) {
      const from = parsePosition(position, now);
      const filtered = api.version !== 'v5';
      const found = new Map<string, JobSessionModel>();
      for (let index = 0; index < PAGES_PER_READ; index++) {
        const filters = filtered ? { endedAfter: new Date(from.after).toISOString() } : {};
        const page = await api.jobSessions({ offset: index * PAGE, limit: PAGE }, filters);
        for (const session of page.items) {
          const end = endOf(session);
          if (end > from.after || (end === from.after && !from.at.includes(session.id))) found.set(session.id, session);
        }
        const older = page.items.every((session) => Date.parse(session.creationTime) <= from.after);
        if (!page.hasNextPage || page.items.length < PAGE || (!filtered && older)) break;
      }
      const sessions = [...found.values()].sort((a, b) => endOf(a) - endOf(b));
      const newest = sessions.at(-1);
      if (!newest) return { sessions, position: JSON.stringify(from), waited: false };
      const after = endOf(newest);
      const at = sessions.filter((session) => endOf(session) === after).map((session) => session.id);
      return { sessions, position: JSON.stringify({ after, at: after === from.after ? [...from.at, ...at] : at } satisfies PollPosition), waited: false };
    },
  };
}

/** The feed's position: the poller's (the time known to be read up to) and the change token to go on from. */
interface FeedPosition extends PollPosition {
  token?: string;
}

/** The feed's statuses of an ended session, as the rules name them. */
const END_STATUS: Partial<Record<EventSessionStatus, EndStatus>> = { Failed: 'FAILED', Warning: 'WARNING' };

const codeOf = (error: unknown): string | undefined => (error as { extensions?: { code?: string } } | undefined)?.extensions?.code;

export interface FeedSessionEndsOptions {
  /** How long one long poll of `/Events` may wait (LIVE_FEED_TIMEOUT_SECONDS); 0 polls instead. */
  timeoutSeconds: number;
  /** Events per answer. */
  limit?: number;
  /** A v8 server answered 404 on `/Events`: called once, the source polls from then on. */
  onMissing?: () => void;
}

/**
 * The v8 event feed as the watcher's source of ended sessions: a long poll of `/Events` from the
 * change token kept in the position; a session is read only when a `JobSessionUpdate` says it
 * ended with a status the rules report. Without a token yet (first start, or a position the
 * poller wrote) or with one the server calls outdated (400), it starts over from `latest` and
 * reads the session list once since the position's time, so nothing ended in between is
 * skipped. Other versions (and a v8 server without `/Events`, said once) poll the session list.
 */
export function feedSessionEnds(options: FeedSessionEndsOptions): SessionEnds {
  const poll = pollSessionEnds();
  const limit = options.limit ?? 1000;
  let missing = options.timeoutSeconds <= 0;

  const parse = (position: string, now: number): FeedPosition => {
    const from = parsePosition(position, now);
    try {
      const token = (JSON.parse(position) as { token?: unknown }).token;
      if (typeof token === 'string' && token !== '') return { ...from, token };
    } catch {
      // Not a feed position: no token (parsePosition counted it as now).
    }
    return from;
  };

  /** One read of the session list since the position's time, then the feed's place from `latest`. */
  async function restart(api: BackupApi, from: FeedPosition, now: number): Promise<SessionEndsRead> {
    const latest = await api.events('latest', { limit: 1, timeoutSeconds: 0 });
    const polled = await poll.read(api, JSON.stringify({ after: from.after, at: from.at } satisfies PollPosition), now);
    const read = JSON.parse(polled.position) as PollPosition;
    return { sessions: polled.sessions, position: JSON.stringify({ ...read, token: latest.nextChangeToken } satisfies FeedPosition), waited: false };
  }

  return {
    follows: true,
    start: (now) => JSON.stringify({ after: now, at: [] } satisfies FeedPosition),

    async read(api, position, now, wanted = new Set<EndStatus>(['FAILED', 'WARNING'])) {
      const from = parse(position, now);
      if (missing || api.version !== 'v8') {
        const polled = await poll.read(api, JSON.stringify({ after: from.after, at: from.at } satisfies PollPosition), now);
        return { ...polled, waited: false };
      }
      try {
        if (from.token === undefined) return await restart(api, from, now);
        const page = await api.events(from.token, { limit, timeoutSeconds: options.timeoutSeconds });
        const ended = new Set<string>();
        for (const event of page.events) {
          if (event.eventType !== 'JobSessionUpdate' || event.id === null || event.status === null) continue;
          const status = END_STATUS[event.status];
          if (status !== undefined && wanted.has(status)) ended.add(event.id);
        }
        const sessions: JobSessionModel[] = [];
        for (const id of ended) {
          const session = await api.jobSession(id).catch((error: unknown) => {
            // A session deleted since its event has nothing left to report.
            if (codeOf(error) === 'NOT_FOUND') return undefined;
            throw error;
          });
          if (session && session.endTime !== null) sessions.push(session);
        }
        sessions.sort((a, b) => endOf(a) - endOf(b));
        // The time known read up to: this read began at `now` at the latest.
        return { sessions, position: JSON.stringify({ after: Math.max(from.after, now), at: [], token: page.nextChangeToken } satisfies FeedPosition), waited: true };
      } catch (error) {
        const code = codeOf(error);
        // An outdated or unknown token: start over from the present, reading the list since the last known time.
        if (code === 'BAD_USER_INPUT' && from.token !== undefined) return restart(api, from, now);
        if (code === 'NOT_FOUND' || code === 'NOT_SUPPORTED_BY_SERVER') {
          if (!missing) options.onMissing?.();
          missing = true;
          const polled = await poll.read(api, JSON.stringify({ after: from.after, at: from.at } satisfies PollPosition), now);
          return { ...polled, waited: false };
        }
        throw error;
      }
    },
  };
}
