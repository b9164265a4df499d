import { createHash } from 'node:crypto';
import type { GraphQLError } from 'graphql';
import type { BackupApi } from '../datasource/backup-api.js';
import type { Window } from '../datasource/pages.js';
import { badUserInput, facadeError } from '../errors.js';
import type { PageModel } from '../model.js';
import { isSafeSegment } from '../upstream/decode.js';
import { checkServerNames, serverError, type ServerApi } from './server-errors.js';

/**
 * A merged page walk over several servers' lists.
 *
 * Order: a list with a time (`creationTime` of job and restore sessions, `backupTime` of
 * restore points) is newest first across servers, ties by server name, then by each server's
 * own order (its list is newest first, so the id order of two rows of one server with the same
 * time is the server's). A list without a time is server after server by name, each in its own
 * order.
 *
 * The cursor holds each server's position: the upstream offset of its next row, the last row
 * taken from it and the first row seen but not yet taken (id and time), how many rows were seen
 * beyond what was taken and the time of the last of them, and whether the server had no more.
 * The next page reads on from there; what the cursor knows already bounds the reads (a server
 * whose next row comes after everything the page can hold is not read, one whose seen rows cover
 * the page is read only that far). Every read asks one server for at most `first` rows (plus the
 * anchor row, below), all servers in parallel.
 *
 * Rows that appear after the walk started are left out. New rows at the top of a server's list
 * shift its offsets; each read therefore starts at the anchor (the row seen first but not taken,
 * or else the last taken) and drops whatever comes before it, reading further (or back, when rows
 * were removed) until the anchor is found, at most `MAX_READS` reads per server and page. A
 * session that joins a filtered list later by ending (a `FAILED` filter, `endedAfter`) lies among
 * older rows: `joinedAfter` leaves out rows that ended after the walk started. When the anchor row
 * itself was removed, the walk reads on from the first row older than it; a list without a time
 * (nothing to compare) reads on from the anchor's offset.
 *
 * A server whose version cannot read the list as asked contributes NOT_SUPPORTED_BY_SERVER and no
 * call; a server that fails contributes its error (named by `extensions.server`) and keeps its
 * position in the cursor, so a later page reads on from it (its rows then come after newer rows of
 * the others). `hasNextPage` counts only the servers that answered.
 */
export interface MergedList<T> {
  /** Names the list in its cursors: a cursor of another list (or other filters) is refused. */
  readonly name: string;
  /** The arguments the rows depend on (filters), canonical: part of the cursor's identity. */
  readonly fingerprint: string;
  /** Throws NOT_SUPPORTED_BY_SERVER when this server's version cannot read the list as asked (no call). */
  check(api: BackupApi): void;
  read(api: BackupApi, window: Window): Promise<PageModel<T>>;
  id(row: T): string;
  /** The row's time (newest first across servers); absent: each server's own order, servers by name. */
  time?(row: T): string;
  /** A row that joined the list after the walk started (`startedAt`, epoch ms); left out of later pages. */
  joinedAfter?(row: T, startedAt: number): boolean;
}

/** A row and the server it comes from. */
export interface MergedEdge<T> {
  readonly server: string;
  readonly node: T;
  /** Opaque: where the walk reads on after this row. */
  readonly cursor: string;
}

export interface MergedPageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface MergedPage<T> {
  edges: MergedEdge<T>[];
  pageInfo: MergedPageInfo;
  /** One per server that failed or cannot read the list as asked; each carries `extensions.server`. */
  errors: GraphQLError[];
}

export interface PageRequest {
  /** Rows per page (already defaulted); 1..maxPageSize. */
  first: number;
  after?: string | null;
  maxPageSize: number;
}

export interface MergeOptions {
  /** The facade's clock (epoch ms): when a walk starts. */
  now?: () => number;
}

/** Reads per server and page at most: the anchor search through shifted or shrunk lists is bounded. */
export const MAX_READS = 6;
/** The largest window the anchor search asks for (the servers' own page maximum). */
const MAX_SEARCH_WINDOW = 1000;

/** A row of one server, known by id and time key. */
interface Mark {
  id: string;
  t: string;
}

/** Where a server stands in the walk (see `MergedList`). */
interface Position {
  /** Upstream offset of `head` when known, else of the row after `last`. */
  offset: number;
  last: Mark | null;
  head: Mark | null;
  /** Rows seen but not taken, `head` first. */
  ahead: number;
  /** Time key of the last row seen but not taken. */
  tail: string | null;
  /** The server had no rows after the last one seen. */
  done: boolean;
}

interface WalkState {
  startedAt: number;
  positions: Map<string, Position>;
}

const START: Position = { offset: 0, last: null, head: null, ahead: 0, tail: null, done: false };

// --- time keys ---------------------------------------------------------------------------

const STAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))?$/;
const TIME_KEY = /^\d{19}$/;

/**
 * A time as a key that sorts like the instant: 15 digits of epoch milliseconds and the 4 digits
 * of 100 ns a .NET server adds. Stamps without an offset are read as UTC.
 */
export function timeKey(stamp: string): string {
  const m = STAMP.exec(stamp);
  if (!m) throw facadeError('UPSTREAM_BAD_RESPONSE', 'The backup server sent a time that is not an ISO 8601 date-time.');
  const [, year, month, day, hour, minute, second = '0', fraction = '', , sign, offsetHours = '0', offsetMinutes = '0'] = m;
  const offset = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  const digits = fraction.padEnd(7, '0');
  const ms = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)) - offset * 60_000 + Number(digits.slice(0, 3));
  return `${String(Math.max(0, ms)).padStart(15, '0')}${digits.slice(3)}`;
}

/** A place in the merged order: a row's time key (empty for lists without time) and its server. */
interface At {
  t: string;
  server: string;
}

/** Whether `a` comes before `b` in the merged order (newer first, then server by name). */
const before = (a: At, b: At): boolean => a.t > b.t || (a.t === b.t && a.server < b.server);

// --- cursors ---------------------------------------------------------------------------

type PositionTuple = [number, string | null, string | null, string | null, string | null, number, string | null, 0 | 1];

interface CursorJson {
  v: 1;
  k: string;
  s: number;
  p: Record<string, PositionTuple>;
}

const MAX_OFFSET = 1_000_000_000;
const MAX_AHEAD = 100_000;

function walkKey(list: MergedList<unknown>, servers: readonly string[]): string {
  const identity = JSON.stringify([list.name, list.fingerprint, [...servers].sort()]);
  return createHash('sha256').update(identity).digest('base64url').slice(0, 16);
}

function encodeCursor(key: string, state: WalkState): string {
  const p: Record<string, PositionTuple> = {};
  for (const [server, x] of [...state.positions].sort(([a], [b]) => (a < b ? -1 : 1))) {
    p[server] = [x.offset, x.last?.id ?? null, x.last?.t ?? null, x.head?.id ?? null, x.head?.t ?? null, x.ahead, x.tail, x.done ? 1 : 0];
  }
  const json: CursorJson = { v: 1, k: key, s: state.startedAt, p };
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

const notACursor = () => badUserInput('Argument "after" is not a cursor of this list (these servers and filters).');

const isId = (value: unknown): value is string => typeof value === 'string' && value.length <= 128 && isSafeSegment(value);
const isTime = (value: unknown): value is string => typeof value === 'string' && (value === '' || TIME_KEY.test(value));
const isCount = (value: unknown, max: number): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;

function markOf(id: unknown, t: unknown): Mark | null {
  if (id === null && t === null) return null;
  if (!isId(id) || !isTime(t)) throw notACursor();
  return { id, t };
}

/** The walk a cursor names; anything else (garbage, another list, other servers, edited) is BAD_USER_INPUT. */
function decodeCursor(cursor: string, key: string, servers: readonly string[], now: number): WalkState {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw notACursor();
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw notACursor();
  const { v, k, s, p, ...rest } = json as Partial<CursorJson>;
  if (v !== 1 || k !== key || !isCount(s, now) || Object.keys(rest).length > 0) throw notACursor();
  if (typeof p !== 'object' || p === null || Array.isArray(p)) throw notACursor();
  const names = Object.keys(p);
  if (names.length !== servers.length || !servers.every((name) => Object.hasOwn(p, name))) throw notACursor();
  const positions = new Map<string, Position>();
  for (const name of servers) {
    const tuple: unknown = p[name];
    if (!Array.isArray(tuple) || tuple.length !== 8) throw notACursor();
    const [offset, lastId, lastT, headId, headT, ahead, tail, done] = tuple as unknown[];
    if (!isCount(offset, MAX_OFFSET) || !isCount(ahead, MAX_AHEAD) || (done !== 0 && done !== 1)) throw notACursor();
    if (tail !== null && !isTime(tail)) throw notACursor();
    const position: Position = { offset, last: markOf(lastId, lastT), head: markOf(headId, headT), ahead, tail, done: done === 1 };
    // What the walk writes: seen rows have a head and a tail; the row after `last` is at offset >= 1.
    if ((position.head === null) !== (ahead === 0) || (position.head === null) !== (tail === null)) throw notACursor();
    if (position.head === null && position.last !== null && offset < 1) throw notACursor();
    positions.set(name, position);
  }
  const state: WalkState = { startedAt: s, positions };
  // One spelling per walk: an edited cursor that still parses is refused as well.
  if (encodeCursor(key, state) !== cursor) throw notACursor();
  return state;
}

// --- reading one server ------------------------------------------------------------------

interface Row<T> {
  node: T;
  at: At;
  id: string;
  /** Upstream offset. */
  offset: number;
  /** Joined the list after the walk started: passed over, never returned. */
  hidden: boolean;
}

interface ServerRead<T> {
  /** Rows after the anchor, in the server's order, up to the `limit`-th one not hidden. */
  rows: Row<T>[];
  /** The server has rows after the last one read. */
  more: boolean;
}

const visible = <T>(rows: readonly Row<T>[]) => rows.filter((row) => !row.hidden).length;

async function readServer<T>(
  server: ServerApi,
  list: MergedList<T>,
  position: Position,
  limit: number,
  startedAt: number | undefined,
): Promise<ServerRead<T>> {
  const timeOf = (node: T) => (list.time ? timeKey(list.time(node)) : '');
  const anchor = position.head
    ? { mark: position.head, keep: true, at: position.offset }
    : position.last
      ? { mark: position.last, keep: false, at: position.offset - 1 }
      : undefined;
  const timed = list.time !== undefined;
  let offset = anchor ? anchor.at : position.offset;
  let anchored = anchor === undefined;
  const rows: Row<T>[] = [];
  let shown = 0;
  let more = true;
  // While the anchor is not found the window doubles, so a list that grew by many rows is crossed in few reads.
  let search = 0;
  for (let read = 0; read < MAX_READS; read += 1) {
    const extra = anchored || anchor?.keep ? 0 : 1;
    const wanted = limit - shown + extra;
    const window = { offset, limit: anchored ? wanted : Math.min(MAX_SEARCH_WINDOW, Math.max(wanted, search)) };
    const page = await list.read(server.api, window);
    more = page.hasNextPage;
    const items = page.items.map((node, i) => {
      const at = { t: timeOf(node), server: server.name };
      // Without an anchor (a server first read after the walk's first page) a row newer than
      // the walk's start cannot be told from the rows above an anchor: its time decides.
      const hidden = startedAt !== undefined && ((timed && !anchor && at.t > timeKey(new Date(startedAt).toISOString())) || (list.joinedAfter?.(node, startedAt) ?? false));
      return { node, at, id: list.id(node), offset: offset + i, hidden };
    });
    let start = 0;
    if (!anchored && anchor) {
      const found = items.findIndex((row) => row.id === anchor.mark.id);
      if (found >= 0) {
        start = anchor.keep ? found : found + 1;
      } else if (timed && items.length > 0 && items.every((row) => row.at.t > anchor.mark.t) && more) {
        // The list grew above the anchor by more than this window: read further down.
        offset += items.length;
        search = 2 * window.limit;
        continue;
      } else if (timed && offset > 0 && (items.length === 0 || items[0]!.at.t < anchor.mark.t)) {
        // Rows above the anchor were removed: it moved up; read back.
        search = 2 * window.limit;
        offset = Math.max(0, offset - search);
        continue;
      } else if (timed) {
        // The anchor row itself is gone: read on from the first row older than it.
        start = items.findIndex((row) => row.at.t < anchor.mark.t);
        if (start < 0) start = items.length;
      }
      anchored = true;
    }
    for (const row of items.slice(start)) {
      if (shown === limit) {
        more = true;
        break;
      }
      rows.push(row);
      if (!row.hidden) shown += 1;
    }
    if (shown >= limit || !more || page.items.length === 0) break;
    offset += page.items.length;
  }
  if (!anchored) throw facadeError('UPSTREAM_BAD_RESPONSE', `The list moved too much while it was read (${MAX_READS} reads did not find where the walk stood).`);
  return { rows, more };
}

/** How far each server needs to be read for a page of `first` rows, from what the cursor knows. */
function plan(positions: ReadonlyMap<string, Position>, first: number): Map<string, number> {
  const seen = [...positions]
    .filter(([, p]) => p.ahead > 0 && p.tail !== null)
    .map(([server, p]) => ({ at: { t: p.tail!, server }, count: p.ahead }))
    .sort((a, b) => (before(a.at, b.at) ? -1 : 1));
  // The page's rows all come no later than `bound`: at least `first` known rows do.
  let bound: At | undefined;
  let sum = 0;
  for (const { at, count } of seen) {
    sum += count;
    if (sum >= first) {
      bound = at;
      break;
    }
  }
  const limits = new Map<string, number>();
  for (const [server, p] of positions) {
    let limit = first;
    if (p.done) limit = Math.min(limit, p.ahead);
    if (bound && p.head && before(bound, { t: p.head.t, server })) limit = 0;
    else if (bound && p.tail !== null && before(bound, { t: p.tail, server })) limit = Math.min(limit, p.ahead);
    limits.set(server, limit);
  }
  return limits;
}

/**
 * A server's position after taking its first `taken` rows of what was read. Hidden rows after
 * the last visible one count as taken: they are never returned.
 */
function advance<T>(position: Position, read: ServerRead<T>, taken: number): Position {
  const { rows } = read;
  const rest = rows.slice(taken);
  const consumed = visible(rest) === 0 ? rows.length : taken;
  const last = consumed > 0 ? { id: rows[consumed - 1]!.id, t: rows[consumed - 1]!.at.t } : position.last;
  if (consumed < rows.length) {
    const head = rows[consumed]!;
    const lastShown = rest.filter((row) => !row.hidden).at(-1)!;
    return { offset: head.offset, last, head: { id: head.id, t: head.at.t }, ahead: visible(rest), tail: lastShown.at.t, done: !read.more };
  }
  if (consumed > 0) return { offset: rows[consumed - 1]!.offset + 1, last, head: null, ahead: 0, tail: null, done: !read.more };
  // Nothing after the anchor: the server is through when it has no more.
  return read.more ? position : { offset: position.offset, last: position.last, head: null, ahead: 0, tail: null, done: true };
}

// --- the walk --------------------------------------------------------------------------

type Outcome<T> =
  | { kind: 'read'; read: ServerRead<T> }
  | { kind: 'skipped' }
  | { kind: 'failed' };

/**
 * One page of the merged walk over `servers` (see `MergedList`). Validates `first` and `after`
 * before any upstream call; reads the servers in parallel; never throws for one server's failure.
 */
export async function mergedPage<T>(
  servers: readonly ServerApi[],
  list: MergedList<T>,
  { first, after, maxPageSize }: PageRequest,
  { now = Date.now }: MergeOptions = {},
): Promise<MergedPage<T>> {
  if (!Number.isInteger(first) || first < 1 || first > maxPageSize) throw badUserInput(`Argument "first" must be from 1 to ${maxPageSize}.`);
  checkServerNames(servers);
  const names = servers.map((s) => s.name);
  const key = walkKey(list as MergedList<unknown>, names);
  const time = now();
  const state: WalkState =
    after == null ? { startedAt: time, positions: new Map(names.map((name) => [name, START])) } : decodeCursor(after, key, names, time);
  // Rows that joined since the walk started can only be met on later pages.
  const startedAt = after == null ? undefined : state.startedAt;

  const errors: GraphQLError[] = [];
  const usable: ServerApi[] = [];
  for (const server of servers) {
    try {
      list.check(server.api);
      usable.push(server);
    } catch (error) {
      errors.push(serverError(server.name, error));
    }
  }

  const limits = plan(new Map(usable.map((s) => [s.name, state.positions.get(s.name)!])), first);
  const outcomes = new Map<string, Outcome<T>>(
    await Promise.all(
      usable.map(async (server): Promise<[string, Outcome<T>]> => {
        const limit = limits.get(server.name)!;
        if (limit === 0) return [server.name, { kind: 'skipped' }];
        try {
          return [server.name, { kind: 'read', read: await readServer(server, list, state.positions.get(server.name)!, limit, startedAt) }];
        } catch (error) {
          errors.push(serverError(server.name, error));
          return [server.name, { kind: 'failed' }];
        }
      }),
    ),
  );
  // Errors in the servers' order, whatever order they failed in.
  errors.sort((a, b) => names.indexOf(a.extensions.server ?? '') - names.indexOf(b.extensions.server ?? ''));

  // Merge: take the row that comes first, as long as no server that was read short could still
  // have a row before it.
  const taken = new Map<string, number>(names.map((name) => [name, 0]));
  const picked: { row: Row<T>; index: number }[] = [];
  const rowsOf = (name: string): readonly Row<T>[] => {
    const outcome = outcomes.get(name);
    return outcome?.kind === 'read' ? outcome.read.rows : [];
  };
  /** A server's next row to return (hidden rows are passed over). */
  const nextOf = (name: string): { row: Row<T>; index: number } | undefined => {
    const rows = rowsOf(name);
    for (let index = taken.get(name)!; index < rows.length; index += 1) if (!rows[index]!.hidden) return { row: rows[index]!, index };
    return undefined;
  };
  /** The earliest place a server's rows not read yet can take, or undefined when it has none left. */
  const floorOf = (name: string): At | 'unknown' | undefined => {
    const outcome = outcomes.get(name);
    const p = state.positions.get(name)!;
    if (outcome === undefined || outcome.kind === 'failed') return undefined;
    if (outcome.kind === 'skipped') return p.done && p.ahead === 0 ? undefined : p.head ? { t: p.head.t, server: name } : 'unknown';
    if (!outcome.read.more) return undefined;
    const reached = outcome.read.rows.at(-1)?.at.t ?? p.last?.t;
    return reached === undefined ? 'unknown' : { t: reached, server: name };
  };
  while (picked.length < first) {
    let best: { row: Row<T>; index: number } | undefined;
    for (const name of names) {
      const next = nextOf(name);
      if (next && (!best || before(next.row.at, best.row.at))) best = next;
    }
    if (!best) break;
    const { at } = best.row;
    const blocked = names.some((name) => {
      if (name === at.server || nextOf(name)) return false;
      const floor = floorOf(name);
      return floor === 'unknown' || (floor !== undefined && !before(at, floor));
    });
    if (blocked) break;
    picked.push(best);
    taken.set(at.server, best.index + 1);
  }

  // A cursor per edge: the walk as it stands after that row.
  const counts = new Map<string, number>(names.map((name) => [name, 0]));
  const positionsAfter = (): Map<string, Position> =>
    new Map(
      names.map((name) => {
        const outcome = outcomes.get(name);
        const p = state.positions.get(name)!;
        return [name, outcome?.kind === 'read' ? advance(p, outcome.read, counts.get(name)!) : p];
      }),
    );
  const edges: MergedEdge<T>[] = picked.map(({ row, index }) => {
    counts.set(row.at.server, index + 1);
    return { server: row.at.server, node: row.node, cursor: encodeCursor(key, { startedAt: state.startedAt, positions: positionsAfter() }) };
  });
  const end = positionsAfter();
  const hasNextPage = usable.some((server) => {
    if (outcomes.get(server.name)?.kind === 'failed') return false;
    const p = end.get(server.name)!;
    return p.ahead > 0 || !p.done;
  });
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: after != null,
      startCursor: edges[0]?.cursor ?? null,
      // A page can pass over rows that joined since the walk started and return none: its end
      // cursor still reads on from there.
      endCursor: edges.at(-1)?.cursor ?? (hasNextPage ? encodeCursor(key, { startedAt: state.startedAt, positions: end }) : null),
    },
    errors,
  };
}
