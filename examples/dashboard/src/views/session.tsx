/**
 * One session: status, progress, throughput and its log. While the session runs,
 * `jobSessionUpdated` keeps the figures current and `logItemAdded` appends new log items
 * (continuing after the last `usn` loaded, so nothing is shown twice).
 */
import { useMemo, useState } from 'preact/hooks';
import { FINAL, Problems, Stamp, StatusBadge } from '../components.js';
import { bytes, duration } from '../format.js';
import type { LogLineFragment, SessionDetailsFragment } from '../gql/graphql.js';
import { lookupServer, useNow, useQuery, useScope, useSubscription } from '../hooks.js';
import { LogItemAdded, Session, SessionLogItem, SessionUpdated } from '../queries.js';
import { href } from '../route.js';

const LOG_PAGE = 500;

export function SessionView({ id, itemId, server: named }: { id: string; itemId?: string | undefined; server?: string | undefined }) {
  const where = lookupServer(useScope(), named);
  const [logAfter, setLogAfter] = useState<string | undefined>(undefined);
  const variables = { ...where, id, logFirst: LOG_PAGE, ...(logAfter ? { logAfter } : {}) };
  const query = useQuery(Session, variables, JSON.stringify(variables));
  const session = query.data?.jobSession ?? undefined;

  // Earlier pages, kept when "more" loads the next one; live items after them.
  const [earlier, setEarlier] = useState<readonly LogLineFragment[]>([]);
  const [added, setAdded] = useState<readonly LogLineFragment[]>([]);
  const [update, setUpdate] = useState<SessionDetailsFragment | undefined>(undefined);

  const fetchedItems = session?.logItems?.edges.map((edge) => edge.node) ?? [];
  const items = useMemo(() => {
    const byUsn = new Map<number, LogLineFragment>();
    for (const item of [...earlier, ...fetchedItems, ...added]) byUsn.set(item.usn, item);
    return [...byUsn.values()].sort((a, b) => a.usn - b.usn);
  }, [earlier, fetchedItems, added]);

  const details: SessionDetailsFragment | undefined = update ?? session;
  const running = details !== undefined && !FINAL.has(details.status);
  const logComplete = session?.logItems?.pageInfo.hasNextPage === false;
  const lastUsn = items.length > 0 ? items[items.length - 1]?.usn : undefined;

  const updates = useSubscription(SessionUpdated, { ...where, id }, `${where.server ?? ''}/${id}`, session !== undefined && !FINAL.has(session.status), (data) =>
    setUpdate(data.jobSessionUpdated),
  );
  // Subscribed once per page load, after the items fetched; the server resumes after that usn.
  const fetchedLast = fetchedItems.length > 0 ? fetchedItems[fetchedItems.length - 1]?.usn : undefined;
  const logVariables = { ...where, jobSessionId: id, ...(fetchedLast !== undefined ? { afterUsn: fetchedLast } : {}) };
  const log = useSubscription(
    LogItemAdded,
    logVariables,
    JSON.stringify(logVariables),
    session !== undefined && !FINAL.has(session.status) && logComplete,
    (data) => setAdded((previous) => [...previous, data.logItemAdded]),
  );

  const now = useNow(running);
  const item = useQuery(SessionLogItem, { ...where, id, itemId: itemId ?? '' }, `${where.server ?? ''}/${id}/${itemId ?? ''}`, { skip: itemId === undefined });

  if (query.fetching && session === undefined) return <p class="muted">Loading session…</p>;
  if (session === undefined || details === undefined) {
    return (
      <section>
        <p>
          <a href={href.timeline()}>← Sessions</a>
        </p>
        <Problems error={query.error} context="Session" />
      </section>
    );
  }
  const started = Date.parse(details.creationTime);
  const ended = details.endTime ? Date.parse(details.endTime) : now;
  const stats = details.statistics;

  return (
    <section class="session-view" data-session-id={session.id} data-server={session.server.name}>
      <p class="crumbs">
        <a href={href.timeline()}>← Sessions</a>
        {session.job ? (
          <>
            {' · '}
            <a href={href.job(session.job.id, named)}>{session.job.name}</a>
          </>
        ) : null}
      </p>
      <header class="view-header">
        <h2>
          Session <code class="id">{session.id}</code>
        </h2>
        <span class="server-name" title="Backup server">
          {session.server.name}
        </span>
        <span class="session-status">
          <StatusBadge status={details.status} text={details.statusText} />
        </span>
        {running ? (
          <span class={`live ${updates.error ? 'off' : 'on'}`}>{updates.error ? 'live updates unavailable' : 'live'}</span>
        ) : null}
      </header>
      <Problems error={query.error} context="Session" />
      <Problems error={updates.error} context="Live status" />
      <Problems error={log.error} context="Live log" />

      <dl class="facts">
        <dt>Started</dt>
        <dd>
          <Stamp value={details.creationTime} />
        </dd>
        <dt>Ended</dt>
        <dd>{details.endTime ? <Stamp value={details.endTime} /> : <span class="muted">running</span>}</dd>
        <dt>Duration</dt>
        <dd>{duration(ended - started)}</dd>
        <dt>Progress</dt>
        <dd class="progress-value">{details.progress ?? '—'} objects</dd>
        <dt>Transferred</dt>
        <dd>{bytes(stats?.transferredDataBytes)}</dd>
        <dt>Processed objects</dt>
        <dd>{stats?.processedObjects ?? '—'}</dd>
        <dt>Processing rate</dt>
        <dd>
          {stats?.processingRateBytesPS !== null && stats?.processingRateBytesPS !== undefined ? `${bytes(stats.processingRateBytesPS)}/s` : '—'}
          {stats?.processingRateItemsPS !== null && stats?.processingRateItemsPS !== undefined ? ` · ${stats.processingRateItemsPS} items/s` : ''}
        </dd>
        <dt>Read / write</dt>
        <dd>
          {stats?.readRateBytesPS !== null && stats?.readRateBytesPS !== undefined ? `${bytes(stats.readRateBytesPS)}/s` : '—'} /{' '}
          {stats?.writeRateBytesPS !== null && stats?.writeRateBytesPS !== undefined ? `${bytes(stats.writeRateBytesPS)}/s` : '—'}
        </dd>
        <dt>Bottleneck</dt>
        <dd>{stats?.bottleneck?.toLowerCase() ?? '—'}</dd>
        {details.retryCount !== null ? (
          <>
            <dt>Retries</dt>
            <dd>{details.retryCount}</dd>
          </>
        ) : null}
        {details.details ? (
          <>
            <dt>Details</dt>
            <dd>{details.details}</dd>
          </>
        ) : null}
      </dl>

      {itemId ? (
        <aside class="item-panel" data-item-id={itemId}>
          <h3>Log item</h3>
          <Problems error={item.error} context="Log item" />
          {item.data?.jobSession?.logItem ? (
            <>
              <p class="item-title">{item.data.jobSession.logItem.title}</p>
              <ol class="log">
                <LogEntry item={item.data.jobSession.logItem} sessionId={id} server={named} />
              </ol>
            </>
          ) : null}
        </aside>
      ) : null}

      <h3>
        Log <span class="muted small log-count">{items.length} items</span>
      </h3>
      <ol class="log" aria-live="polite">
        {items.map((entry) => (
          <LogEntry key={entry.usn} item={entry} sessionId={id} server={named} highlighted={entry.id === itemId} />
        ))}
      </ol>
      {session.logItems?.pageInfo.hasNextPage ? (
        <button
          type="button"
          class="secondary"
          onClick={() => {
            setEarlier(items);
            setLogAfter(session.logItems?.pageInfo.endCursor ?? undefined);
          }}
        >
          More
        </button>
      ) : null}
      {lastUsn === undefined && !query.fetching ? <p class="muted">The log is empty.</p> : null}
    </section>
  );
}

function LogEntry({ item, sessionId, server, highlighted = false }: { item: LogLineFragment; sessionId: string; server: string | undefined; highlighted?: boolean }) {
  return (
    <li class={`log-item${highlighted ? ' highlighted' : ''}`} data-usn={item.usn} data-item-id={item.id}>
      <span class="usn">{item.usn}</span>
      <StatusBadge status={item.status} />
      <a class="message" href={href.item(sessionId, item.id, server)} title={item.title}>
        {item.message}
      </a>
      <span class="times">
        <Stamp value={item.creationTime} clock />
        {' → '}
        {item.endTime ? <Stamp value={item.endTime} clock /> : <span class="muted">running</span>}
      </span>
    </li>
  );
}
