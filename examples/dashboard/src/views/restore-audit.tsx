/**
 * Restore audit: who restored what, when and from where (each restore session: its explorer,
 * initiator, client host, state and result, times), and one session's events and item counts.
 * Restore sessions are v6+: older API versions say they are not available. Over several
 * servers the list is every server's (or the picked one's), newest first, each row naming its
 * server; a session opens on its own server.
 */
import { useState } from 'preact/hooks';
import { PartialProblems, Problems, Stamp, Unavailable, unsupportedAt, unsupportedServers } from '../components.js';
import { bytes, duration } from '../format.js';
import { listServers, lookupServer, severalServers, useQuery, useScope } from '../hooks.js';
import { RestoreSessionEvents, RestoreSessions } from '../queries.js';
import { href } from '../route.js';

const PAGE_SIZE = 50;
const EVENTS_FIRST = 100;
/** How the explorers are called in the product. */
const EXPLORERS: Readonly<Record<string, string>> = { Vex: 'Exchange', Veod: 'OneDrive', Vesp: 'SharePoint', Vet: 'Teams' };

export function RestoreAuditView({ id, server }: { id?: string | undefined; server?: string | undefined }) {
  const scope = useScope();
  const servers = listServers(scope);
  // Another choice of servers is another walk: its pages start over.
  return <RestoreAuditList key={JSON.stringify(servers)} servers={servers} oneServer={!severalServers(scope)} id={id} server={server} />;
}

function RestoreAuditList({ servers, oneServer, id, server }: { servers: { servers?: string[] }; oneServer: boolean; id?: string | undefined; server?: string | undefined }) {
  const [cursors, setCursors] = useState<readonly (string | undefined)[]>([undefined]);
  const after = cursors[cursors.length - 1];
  const variables = { ...servers, first: PAGE_SIZE, oneServer, ...(after ? { after } : {}) };
  const query = useQuery(RestoreSessions, variables, JSON.stringify(variables));
  if (query.fetching && query.data === undefined) return <p class="muted">Loading restore sessions…</p>;
  const data = query.data;
  const apiVersion = data?.server?.apiVersion;
  const versions = new Map((data?.servers ?? []).map((s) => [s.name, s.apiVersion ?? undefined]));
  const sessions = data?.restoreSessions?.edges.map((e) => e.node) ?? [];
  const pageInfo = data?.restoreSessions?.pageInfo;
  const selected = (s: (typeof sessions)[number]) => s.id === id && (server === undefined || s.server.name === server);

  return (
    <section class="restore-audit-view">
      <header class="view-header">
        <h2>Restore audit</h2>
        {data?.restoreSessions?.totalCount !== null && data?.restoreSessions?.totalCount !== undefined ? (
          <span class="muted small">{data.restoreSessions.totalCount} sessions</span>
        ) : null}
      </header>
      <PartialProblems error={query.error} context="Restore sessions" optional={['restoreSessions']} />
      {id ? <RestoreSessionPanel key={`${server ?? ''}/${id}`} id={id} server={server} /> : null}
      {unsupportedServers(query.error, 'restoreSessions').map((name) => (
        <Unavailable key={name} server={name} apiVersion={versions.get(name)} />
      ))}
      {unsupportedAt(query.error, 'restoreSessions') ? (
        <Unavailable apiVersion={apiVersion} />
      ) : (
        <>
          <h3>Sessions</h3>
          <table class="sessions restore-sessions">
            <thead>
              <tr>
                <th>Server</th>
                <th>Started</th>
                <th>Explorer</th>
                <th>Organization</th>
                <th>Initiated by</th>
                <th>From host</th>
                <th>State</th>
                <th>Result</th>
                <th>Duration</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={`${s.server.name}/${s.id}`} class={`restore-session${selected(s) ? ' selected' : ''}`} data-restore-session-id={s.id} data-server={s.server.name}>
                  <td class="server-name">{s.server.name}</td>
                  <td>
                    <a href={href.restore(s.id, s.server.name)}>
                      <Stamp value={s.creationTime} />
                    </a>
                  </td>
                  <td class="type" title={s.name ?? undefined}>
                    {s.type ? (EXPLORERS[s.type] ?? s.type) : '—'}
                  </td>
                  <td>{s.organizationName ?? '—'}</td>
                  <td class="initiated-by">{s.initiatedBy ?? '—'}</td>
                  <td class="client-host mono">{s.clientHost ?? '—'}</td>
                  <td class="state">{s.state ?? '—'}</td>
                  <td>
                    <ResultBadge result={s.result} />
                  </td>
                  <td>{s.creationTime && s.endTime ? duration(Date.parse(s.endTime) - Date.parse(s.creationTime)) : <span class="muted">running</span>}</td>
                  <td class="muted">{s.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="pager">
            <button type="button" class="secondary" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
              Newer
            </button>
            <button
              type="button"
              class="secondary"
              disabled={!pageInfo?.hasNextPage || !pageInfo.endCursor}
              onClick={() => pageInfo?.endCursor && setCursors((c) => [...c, pageInfo.endCursor ?? undefined])}
            >
              Older
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function ResultBadge({ result }: { result: string | null | undefined }) {
  if (!result) return <span class="muted">—</span>;
  const known = ['Success', 'Warning', 'Failed'].includes(result);
  return (
    <span class={`badge status-${known ? result.toLowerCase() : 'unknown'}`} data-result={result}>
      {result}
    </span>
  );
}

/** One session: its details, item counts (v8) and events. */
function RestoreSessionPanel({ id, server }: { id: string; server?: string | undefined }) {
  const where = lookupServer(useScope(), server);
  const query = useQuery(RestoreSessionEvents, { ...where, id, first: EVENTS_FIRST }, `${where.server ?? ''}/${id}`);
  if (query.fetching && query.data === undefined) return <p class="muted">Loading the session's events…</p>;
  const session = query.data?.restoreSession;
  const events = session?.events.edges.map((e) => e.node) ?? [];
  return (
    <div class="restore-session-panel card" data-restore-session-id={id}>
      <Problems error={query.error} context="Restore session" />
      {session ? (
        <>
          <h3>{session.name ?? session.id}</h3>
          <dl class="facts plain">
            <dt>Initiated by</dt>
            <dd>
              {session.initiatedBy ?? '—'} from <span class="mono">{session.clientHost ?? '—'}</span>
            </dd>
            <dt>When</dt>
            <dd>
              <Stamp value={session.creationTime} /> – {session.endTime ? <Stamp value={session.endTime} /> : <span class="muted">running</span>}
            </dd>
            <dt>Reason</dt>
            <dd>{session.reason || '—'}</dd>
            {session.statistics ? (
              <>
                <dt>Items</dt>
                <dd class="statistics">
                  {session.statistics.total ?? '?'} in all: {session.statistics.restored ?? '?'} restored, {session.statistics.failed ?? '?'} failed,{' '}
                  {session.statistics.skipped ?? '?'} skipped
                </dd>
              </>
            ) : null}
          </dl>
          <table class="sessions restore-events">
            <thead>
              <tr>
                <th>Started</th>
                <th>Action</th>
                <th>Item</th>
                <th>Size</th>
                <th>From</th>
                <th>To</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id} class="restore-event" data-event-id={e.id}>
                  <td>
                    <Stamp value={e.creationTime} />
                  </td>
                  <td class="type">{e.type ?? '—'}</td>
                  <td class="item-name" title={e.message ?? undefined}>
                    {e.itemName ?? '—'} {e.itemType ? <span class="muted small">{e.itemType}</span> : null}
                  </td>
                  <td>{bytes(e.itemSizeBytes)}</td>
                  <td class="muted small">{e.source ?? '—'}</td>
                  <td class="muted small">{e.target ?? '—'}</td>
                  <td class="status">{e.status ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {session.events.pageInfo.hasNextPage ? <p class="muted small">Only the first {EVENTS_FIRST} events are shown.</p> : null}
        </>
      ) : null}
    </div>
  );
}
