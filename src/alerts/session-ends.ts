import type { BackupApi } from '../datasource/backup-api.js';
import type { JobSessionModel } from '../model.js';

/** What one read of a `SessionEnds` found. */
export interface SessionEndsRead {
  /** Sessions that ended after the position read from, oldest end first. */
  sessions: JobSessionModel[];
  /** Where the next read goes on from (opaque; kept in the alert store). */
  position: string;
}

/**
 * Where the watcher learns which job sessions ended. Polling the session list now; the v8
 * event feed can drive the same interface (its change token as the position).
 */
export interface SessionEnds {
  /** The position of "now": sessions that ended before it are never reported. */
  start(now: number): string;
  /**
   * Sessions that ended after `position`, read with `api`; bounded in requests per call. A
   * position it cannot read (another source's) counts as `now`.
   */
  read(api: BackupApi, position: string, now: number): Promise<SessionEndsRead>;
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
      if (!newest) return { sessions, position: JSON.stringify(from) };
      const after = endOf(newest);
      const at = sessions.filter((session) => endOf(session) === after).map((session) => session.id);
      return { sessions, position: JSON.stringify({ after, at: after === from.after ? [...from.at, ...at] : at } satisfies PollPosition) };
    },
  };
}
