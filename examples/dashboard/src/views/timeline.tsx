/**
 * Sessions at a glance: one row per job, one bar per session from start to end, colored by
 * status; running bars grow with the clock. Filters go to the graph as arguments; pages follow
 * the connection's cursors; `jobSessionsChanged` keeps the first page live.
 */
import { useMemo, useState } from 'preact/hooks';
import { FINAL, Problems, Stamp, StatusBadge } from '../components.js';
import { duration, localInputToIso, localTime } from '../format.js';
import type { JobSessionStatus, SessionBarFragment, SessionsQueryVariables } from '../gql/graphql.js';
import { listServers, severalServers, useNow, useQuery, useScope, useSubscription } from '../hooks.js';
import { Jobs, Sessions, SessionsChanged } from '../queries.js';
import { href } from '../route.js';

const PAGE_SIZE = 100;
const STATUSES: readonly JobSessionStatus[] = ['RUNNING', 'SUCCESS', 'WARNING', 'FAILED', 'STOPPED'];

interface Filters {
  readonly status: JobSessionStatus | '';
  readonly jobId: string;
  readonly endedAfter: string;
  readonly endedBefore: string;
}
const NO_FILTERS: Filters = { status: '', jobId: '', endedAfter: '', endedBefore: '' };

/** Only the filters that are set become arguments: an unset filter is not sent at all. */
function variablesOf(filters: Filters, after: string | undefined, servers: { servers?: string[] }): SessionsQueryVariables {
  const endedAfter = localInputToIso(filters.endedAfter);
  const endedBefore = localInputToIso(filters.endedBefore);
  return {
    ...servers,
    first: PAGE_SIZE,
    ...(after ? { after } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.jobId ? { jobId: filters.jobId } : {}),
    ...(endedAfter ? { endedAfter } : {}),
    ...(endedBefore ? { endedBefore } : {}),
  };
}

interface Row {
  readonly key: string;
  readonly server: string;
  readonly jobId: string;
  readonly name: string;
  readonly organization: string | undefined;
  readonly sessions: SessionBarFragment[];
}

/** The row of sessions without a backup job (backup copies, v6+). */
const COPY_ROW = 'copy';

export function TimelineView() {
  const scope = useScope();
  const servers = listServers(scope);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  // Cursors of the pages before the current one (the first page has none).
  const [cursors, setCursors] = useState<readonly (string | undefined)[]>([undefined]);
  const [reload, setReload] = useState(0);
  const after = cursors[cursors.length - 1];
  const variables = variablesOf(filters, after, servers);
  const key = JSON.stringify(variables);
  const sessions = useQuery(Sessions, variables, key, { reload });
  const jobs = useQuery(Jobs, servers, JSON.stringify(servers), { reload });

  // Live changes on the first page: newer state replaces older, new sessions go on top.
  const [changed, setChanged] = useState<ReadonlyMap<string, SessionBarFragment>>(new Map());
  const firstPage = after === undefined;
  const liveVariables = { ...(filters.status ? { status: filters.status } : {}), ...(filters.jobId ? { jobId: filters.jobId } : {}) };
  const live = useSubscription(SessionsChanged, liveVariables, JSON.stringify(liveVariables) + String(reload), firstPage && !severalServers(scope), (data) => {
    const session = data.jobSessionsChanged;
    setChanged((previous) => new Map(previous).set(session.id, session));
  });

  const list = useMemo(() => {
    const fetched = sessions.data?.jobSessions?.edges.map((edge) => edge.node) ?? [];
    if (!firstPage || changed.size === 0) return fetched;
    const known = new Set(fetched.map((s) => s.id));
    const added = [...changed.values()].filter((s) => !known.has(s.id));
    return [...added, ...fetched.map((s) => changed.get(s.id) ?? s)].sort(
      (a, b) => Date.parse(b.creationTime) - Date.parse(a.creationTime),
    );
  }, [sessions.data, changed, firstPage]);

  const anyRunning = list.some((s) => !FINAL.has(s.status));
  const now = useNow(anyRunning);

  const rows = useMemo((): Row[] => {
    const byJob = new Map<string, Row>();
    for (const job of jobs.data?.jobs ?? []) {
      if (filters.jobId && job.id !== filters.jobId) continue;
      const key = `${job.server.name}/${job.id.toLowerCase()}`;
      byJob.set(key, { key, server: job.server.name, jobId: job.id, name: job.name, organization: job.organization?.name, sessions: [] });
    }
    for (const session of list) {
      // A backup-copy session (v6+) has no backup job: those share one row of their own.
      const jobId = session.job?.id ?? COPY_ROW;
      const k = `${session.server.name}/${jobId.toLowerCase()}`;
      let row = byJob.get(k);
      if (row === undefined) {
        row = { key: k, server: session.server.name, jobId, name: session.job?.name ?? 'Backup copy jobs', organization: undefined, sessions: [] };
        byJob.set(k, row);
      }
      row.sessions.push(session);
    }
    return [...byJob.values()].sort(
      (a, b) => a.server.localeCompare(b.server) || (a.organization ?? '').localeCompare(b.organization ?? '') || a.name.localeCompare(b.name),
    );
  }, [jobs.data, list, filters.jobId]);

  const axis = useMemo(() => axisOf(list, filters, now), [list, filters, now]);
  const pageInfo = sessions.data?.jobSessions?.pageInfo;
  const totalCount = sessions.data?.jobSessions?.totalCount;

  const update = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setCursors([undefined]);
    setChanged(new Map());
  };

  return (
    <section class="timeline-view">
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <label>
          Status
          <select name="status" value={filters.status} onChange={(e) => update({ status: e.currentTarget.value as Filters['status'] })}>
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label>
          Job
          <select name="job" value={filters.jobId} onChange={(e) => update({ jobId: e.currentTarget.value })}>
            <option value="">all jobs</option>
            {(jobs.data?.jobs ?? []).map((job) => (
              <option key={`${job.server.name}/${job.id}`} value={job.id}>
                {job.name}{scope.held.length > 1 ? ` (${job.server.name})` : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          Ended after
          <input type="datetime-local" name="endedAfter" value={filters.endedAfter} onChange={(e) => update({ endedAfter: e.currentTarget.value })} />
        </label>
        <label>
          Ended before
          <input type="datetime-local" name="endedBefore" value={filters.endedBefore} onChange={(e) => update({ endedBefore: e.currentTarget.value })} />
        </label>
        <button type="button" class="secondary" onClick={() => update(NO_FILTERS)} disabled={filters === NO_FILTERS}>
          Clear
        </button>
        <button type="button" class="secondary" onClick={() => { setChanged(new Map()); setReload((n) => n + 1); }}>
          Refresh
        </button>
        <span class={`live ${live.active && !live.error ? 'on' : 'off'}`} title="jobSessionsChanged over SSE">
          {severalServers(scope) ? 'live with one server signed in' : firstPage ? (live.error ? 'live updates unavailable' : 'live') : 'paused (older page)'}
        </span>
      </form>

      <Problems error={sessions.error} context="Sessions" />
      <Problems error={jobs.error} context="Jobs" />
      <Problems error={live.error} context="Live updates" />

      {sessions.fetching && list.length === 0 ? <p class="muted">Loading sessions…</p> : null}
      {!sessions.fetching && list.length === 0 && !sessions.error ? <p class="muted">No sessions match.</p> : null}

      {axis ? (
        <div class="timeline" role="figure" aria-label="Sessions per job over time">
          <div class="timeline-axis">
            <div class="timeline-label" />
            <div class="timeline-track">
              {axis.ticks.map((tick) => (
                <span key={tick} class="tick" style={{ left: `${pct(tick, axis)}%` }}>
                  {localTime(new Date(tick).toISOString())}
                </span>
              ))}
            </div>
          </div>
          {rows.map((row) => (
            <div class="timeline-row" key={row.key} data-job-id={row.jobId} data-server={row.server}>
              <div class="timeline-label">
                <span class="server-name">{row.server}</span>
                {row.jobId === COPY_ROW ? (
                  <span class="job-label">{row.name}</span>
                ) : (
                  <a href={href.job(row.jobId, row.server)} class="job-link">
                    {row.name}
                  </a>
                )}
                <span class="muted small">{row.organization ?? ''}</span>
              </div>
              <div class="timeline-track">
                {axis.ticks.map((tick) => (
                  <span key={tick} class="gridline" style={{ left: `${pct(tick, axis)}%` }} />
                ))}
                {row.sessions.map((session) => {
                  const start = Date.parse(session.creationTime);
                  const end = session.endTime ? Date.parse(session.endTime) : Math.max(now, start);
                  const left = pct(start, axis);
                  const width = Math.max(Math.min(pct(end, axis), 100) - left, 0);
                  return (
                    <a
                      key={session.id}
                      href={href.session(session.id, session.server.name)}
                      class={`bar status-${session.status.toLowerCase()}${session.endTime ? '' : ' open'}`}
                      data-session-id={session.id}
                      data-status={session.status}
                      style={{ left: `${left}%`, width: `${width}%` }}
                      title={`${row.name} · ${session.statusText} · ${localTime(session.creationTime)} → ${
                        session.endTime ? localTime(session.endTime) : 'running'
                      } (${duration(end - start)})`}
                      aria-label={`${row.name} session ${session.status.toLowerCase()} started ${localTime(session.creationTime)}`}
                    />
                  );
                })}
              </div>
            </div>
          ))}
          <Legend />
        </div>
      ) : null}

      <nav class="pager" aria-label="Pages">
        <button type="button" class="secondary" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          ← Newer
        </button>
        <span class="muted">
          Page {cursors.length} · {list.length} sessions{typeof totalCount === 'number' ? ` of ${totalCount}` : ''}
        </span>
        <button
          type="button"
          class="secondary"
          disabled={!pageInfo?.hasNextPage || !pageInfo.endCursor}
          onClick={() => pageInfo?.endCursor && setCursors((c) => [...c, pageInfo.endCursor ?? undefined])}
        >
          Older →
        </button>
      </nav>

      <table class="sessions">
        <thead>
          <tr>
            <th>Server</th>
            <th>Status</th>
            <th>Job</th>
            <th>Started</th>
            <th>Ended</th>
            <th>Duration</th>
          </tr>
        </thead>
        <tbody>
          {list.map((session) => {
            const start = Date.parse(session.creationTime);
            const end = session.endTime ? Date.parse(session.endTime) : now;
            return (
              <tr key={`${session.server.name}/${session.id}`} data-session-id={session.id} data-server={session.server.name}>
                <td class="server-name">{session.server.name}</td>
                <td>
                  <StatusBadge status={session.status} text={session.statusText} />
                </td>
                <td>
                  <a href={href.session(session.id, session.server.name)}>{session.job?.name ?? 'Backup copy'}</a>
                </td>
                <td>
                  <Stamp value={session.creationTime} />
                </td>
                <td>{session.endTime ? <Stamp value={session.endTime} /> : <span class="muted">running</span>}</td>
                <td>{duration(end - start)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

interface Axis {
  readonly from: number;
  readonly to: number;
  readonly ticks: readonly number[];
}

function pct(ms: number, axis: Axis): number {
  return ((ms - axis.from) / (axis.to - axis.from)) * 100;
}

/**
 * The span shown: the time window when one is set, else the sessions' own span; it reaches
 * the present only when a running session started within the last two days (old demo data
 * stays readable).
 */
function axisOf(list: readonly SessionBarFragment[], filters: Filters, now: number): Axis | undefined {
  if (list.length === 0) return undefined;
  let from = Infinity;
  let to = -Infinity;
  for (const session of list) {
    const start = Date.parse(session.creationTime);
    from = Math.min(from, start);
    to = Math.max(to, session.endTime ? Date.parse(session.endTime) : start);
    if (!session.endTime && now - start < 2 * 86_400_000) to = Math.max(to, now);
  }
  const windowFrom = Date.parse(localInputToIso(filters.endedAfter) ?? '');
  const windowTo = Date.parse(localInputToIso(filters.endedBefore) ?? '');
  if (Number.isFinite(windowFrom)) from = Math.min(from, windowFrom);
  if (Number.isFinite(windowTo)) to = Math.max(to, windowTo);
  if (!Number.isFinite(from) || !Number.isFinite(to)) return undefined;
  const span = Math.max(to - from, 60_000);
  const padded = { from: from - span * 0.01, to: to + span * 0.02 };
  const step = (padded.to - padded.from) / 5;
  const ticks = [1, 2, 3, 4].map((i) => padded.from + step * i);
  return { ...padded, ticks };
}

function Legend() {
  const shown: readonly JobSessionStatus[] = ['SUCCESS', 'WARNING', 'FAILED', 'RUNNING', 'QUEUED', 'STOPPED', 'DISCONNECTED', 'NOT_CONFIGURED'];
  return (
    <div class="legend">
      {shown.map((status) => (
        <StatusBadge key={status} status={status} />
      ))}
    </div>
  );
}
