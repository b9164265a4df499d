/**
 * The alerts the facade's watchers raised (ALERTS_FILE), as far as the signed-in user may see
 * them on each server: firing first, then the recently resolved, of the picked server or all;
 * each names its server and links to its subject's view there. The header's badge counts the
 * firing ones of every server and refreshes on each `alertRaised` event.
 */
import { useState } from 'preact/hooks';
import { Problems, Stamp } from '../components.js';
import type { AlertSeverity } from '../gql/graphql.js';
import { listServers, severalServers, useQuery, useScope, useSubscription } from '../hooks.js';
import { AlertRaised, Alerts, FiringAlerts } from '../queries.js';
import { alertSubjectHref } from '../route.js';

/** Firing alerts listed (and counted by the badge) at most. */
export const MAX_FIRING = 100;
/** Resolved alerts listed below them. */
export const RESOLVED_SHOWN = 30;

const SEVERITY_LABEL: Readonly<Record<AlertSeverity, string>> = { CRITICAL: 'Critical', WARNING: 'Warning' };

/** Bumps on each alert raised or resolved on `servers` (default every server of the session), so the list and the badge read again. */
function useAlertEvents(servers: { servers?: string[] }): number {
  const [events, setEvents] = useState(0);
  useSubscription(AlertRaised, servers, `alerts:${JSON.stringify(servers)}`, true, () => setEvents((n) => n + 1));
  return events;
}

export function AlertBadge() {
  const events = useAlertEvents({});
  const query = useQuery(FiringAlerts, { first: MAX_FIRING }, 'firing-alerts', { reload: events });
  const firing = query.data?.alerts.nodes.length ?? 0;
  const more = query.data?.alerts.pageInfo.hasNextPage ?? false;
  if (firing === 0) return null;
  return (
    <span class="badge alert-count" data-count={firing} title={`${firing}${more ? '+' : ''} firing alerts`}>
      {firing}
      {more ? '+' : ''}
    </span>
  );
}

export function AlertsView() {
  const scope = useScope();
  const servers = listServers(scope);
  // Links name the alert's server when the session holds several.
  const several = severalServers(scope);
  const events = useAlertEvents(servers);
  const query = useQuery(Alerts, { firstFiring: MAX_FIRING, firstResolved: RESOLVED_SHOWN, ...servers }, `alerts:${JSON.stringify(servers)}`, { reload: events });
  if (query.fetching && query.data === undefined) return <p class="muted">Loading alerts…</p>;
  const firing = query.data?.firing.nodes ?? [];
  const resolved = query.data?.resolved.nodes ?? [];
  return (
    <section class="alerts-view">
      <header class="view-header">
        <h2>Alerts</h2>
        <span class="muted small">
          {firing.length}
          {query.data?.firing.pageInfo.hasNextPage ? '+' : ''} firing
        </span>
      </header>
      <Problems error={query.error} context="Alerts" />
      {firing.length === 0 && resolved.length === 0 ? <p class="muted empty">No alerts you can see.</p> : null}
      <ul class="alert-list">
        {[...firing, ...resolved].map((alert) => (
          <li key={alert.id} class={`alert alert-${alert.state.toLowerCase()}`} data-alert-id={alert.id} data-state={alert.state} data-server={alert.server.name}>
            <span class={`badge severity-${alert.severity.toLowerCase()}`}>{SEVERITY_LABEL[alert.severity]}</span>
            <span class="badge state">{alert.state === 'FIRING' ? 'Firing' : 'Resolved'}</span>
            <span class="server-name" title="Backup server">
              {alert.server.name}
            </span>
            <a class="subject-link" href={alertSubjectHref(alert.subject, several ? alert.server.name : undefined)}>
              {alert.subject.name ?? alert.subject.id}
            </a>
            {alert.subject.organization ? <span class="muted small"> {alert.subject.organization.name}</span> : null}
            <div class="message">{alert.message}</div>
            <div class="muted small">
              {alert.kind} · raised <Stamp value={alert.raisedAt} />
              {alert.resolvedAt ? (
                <>
                  {' '}
                  · resolved <Stamp value={alert.resolvedAt} />
                </>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
