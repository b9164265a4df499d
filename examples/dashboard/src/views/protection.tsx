/**
 * What is protected: the storage each organization's backups take (per repository), the
 * licensed users no backup has processed yet, and a restore-point calendar per organization
 * (restore points grouped by day). Licensed users and restore points are v6+: older API
 * versions say they are not available (with several servers, per server). Over several
 * servers every row names its server and the calendar shows each server's organizations with
 * that server's restore points.
 */
import { PartialProblems, Stamp, Unavailable, unsupportedAt, unsupportedServers } from '../components.js';
import { bytes } from '../format.js';
import type { ProtectionQuery } from '../gql/graphql.js';
import { listServers, severalServers, useQuery, useScope } from '../hooks.js';
import { Protection } from '../queries.js';

/** One page of each: enough for the demo and a small tenant; the view says when there is more. */
const USERS_FIRST = 200;
const POINTS_FIRST = 200;
/** Days the calendar shows, ending today. */
const CALENDAR_DAYS = 21;
const DAY_MS = 24 * 60 * 60 * 1000;

type Point = NonNullable<ProtectionQuery['restorePoints']>['edges'][number]['node'];

/** `YYYY-MM-DD` of a time in the browser's time zone. */
function dayOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function ProtectionView() {
  const scope = useScope();
  const servers = listServers(scope);
  const several = severalServers(scope);
  const variables = { ...servers, usersFirst: USERS_FIRST, pointsFirst: POINTS_FIRST, oneServer: !several };
  const query = useQuery(Protection, variables, JSON.stringify(variables));
  if (query.fetching && query.data === undefined) return <p class="muted">Loading protection…</p>;
  const data = query.data;
  const apiVersion = data?.server?.apiVersion;
  const versions = new Map((data?.servers ?? []).map((s) => [s.name, s.apiVersion ?? undefined]));
  const pointsUnsupported = unsupportedServers(query.error, 'restorePoints');
  const usersUnsupported = unsupportedServers(query.error, 'licensedUsers');
  const repositoryName = new Map((data?.backupRepositories ?? []).map((r) => [`${r.server.name}/${r.id}`, r.name]));
  const organizations = data?.organizations ?? [];
  // A server without restore points (v5) has no calendar rows: its line says why.
  const calendarOrganizations = organizations.filter((o) => !pointsUnsupported.includes(o.server.name));
  const notBackedUp = (data?.licensedUsers?.edges ?? []).map((e) => e.node).filter((u) => u.isBackedUp === false);
  const points = (data?.restorePoints?.edges ?? []).map((e) => e.node);
  const today = Date.now();
  const days = Array.from({ length: CALENDAR_DAYS }, (_, n) => dayOf(today - (CALENDAR_DAYS - 1 - n) * DAY_MS));

  return (
    <section class="protection-view">
      <header class="view-header">
        <h2>Protection</h2>
        {apiVersion ? <span class="muted small">API {apiVersion}</span> : null}
      </header>
      <PartialProblems error={query.error} context="Protection" optional={['licensedUsers', 'restorePoints']} />

      <h3>Storage used per organization</h3>
      <table class="sessions storage">
        <thead>
          <tr>
            <th>Server</th>
            <th>Organization</th>
            <th>Repository</th>
            <th>Used</th>
            <th>In object storage</th>
            <th>Local cache</th>
          </tr>
        </thead>
        <tbody>
          {organizations.map((o) => {
            const total = o.usedRepositories.reduce((sum, u) => sum + (u.usedSpaceBytes ?? 0), 0);
            return [
              <tr key={`${o.server.name}/${o.id}`} class="organization-total" data-organization-id={o.id} data-server={o.server.name} data-used-bytes={total}>
                <td class="server-name">{o.server.name}</td>
                <td>
                  <strong>{o.name}</strong>
                </td>
                <td class="muted">{o.usedRepositories.length === 1 ? '1 repository' : `${o.usedRepositories.length} repositories`}</td>
                <td>
                  <strong>{bytes(total)}</strong>
                </td>
                <td />
                <td />
              </tr>,
              ...o.usedRepositories.map((u, n) => (
                <tr key={`${o.id}-${u.repository?.id ?? n}`} class="usage" data-organization-id={o.id} data-repository-id={u.repository?.id ?? ''}>
                  <td />
                  <td />
                  <td>
                    {u.repository ? (repositoryName.get(`${o.server.name}/${u.repository.id}`) ?? <span class="mono">{u.repository.id}</span>) : '—'}
                    {u.isAvailable === false ? <span class="badge warn">unavailable</span> : null}
                  </td>
                  <td>{bytes(u.usedSpaceBytes)}</td>
                  <td>{bytes(u.objectStorageUsedSpaceBytes)}</td>
                  <td>{bytes(u.localCacheUsedSpaceBytes)}</td>
                </tr>
              )),
            ];
          })}
        </tbody>
      </table>

      <h3>Licensed users not backed up</h3>
      {usersUnsupported.map((server) => (
        <Unavailable key={server} server={server} apiVersion={versions.get(server)} />
      ))}
      {unsupportedAt(query.error, 'licensedUsers') ? (
        <Unavailable apiVersion={apiVersion} />
      ) : notBackedUp.length === 0 ? (
        <p class="muted">Every licensed user has been backed up.</p>
      ) : (
        <table class="sessions not-backed-up">
          <thead>
            <tr>
              <th>Server</th>
              <th>User</th>
              <th>Organization</th>
              <th>License state</th>
              <th>Last backup</th>
            </tr>
          </thead>
          <tbody>
            {notBackedUp.map((u) => (
              <tr key={`${u.server.name}/${u.id}`} class="licensed-user" data-user-id={u.id} data-server={u.server.name}>
                <td class="server-name">{u.server.name}</td>
                <td class="name">{u.name}</td>
                <td>{u.organizationName ?? '—'}</td>
                <td>{u.licenseState ?? '—'}</td>
                <td>{u.lastBackupDate && !u.lastBackupDate.startsWith('0001-') ? <Stamp value={u.lastBackupDate} /> : <span class="muted">never</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data?.licensedUsers?.pageInfo.hasNextPage ? <p class="muted small">Only the first {USERS_FIRST} licensed users are shown.</p> : null}

      <h3>Restore points, last {CALENDAR_DAYS} days</h3>
      {pointsUnsupported.map((server) => (
        <Unavailable key={server} server={server} apiVersion={versions.get(server)} />
      ))}
      {unsupportedAt(query.error, 'restorePoints') ? (
        <Unavailable apiVersion={apiVersion} />
      ) : (
        <div class="calendar card">
          <div class="calendar-row calendar-head">
            <span />
            {days.map((day) => (
              <span key={day} class="calendar-day-label small muted" title={day}>
                {day.slice(8)}
              </span>
            ))}
          </div>
          {calendarOrganizations.map((o) => {
            const byDay = groupByDay(points.filter((p) => p.server.name === o.server.name && p.organization?.id === o.id));
            return (
              <div key={`${o.server.name}/${o.id}`} class="calendar-row" data-organization-id={o.id} data-server={o.server.name}>
                <span class="calendar-name">
                  {several ? <span class="server-name">{o.server.name}</span> : null}
                  {o.name}
                </span>
                {days.map((day) => {
                  const count = byDay.get(day)?.length ?? 0;
                  return (
                    <span key={day} class={`calendar-cell${count > 0 ? ' has' : ''}`} data-day={day} data-count={count} title={`${day}: ${count} restore point${count === 1 ? '' : 's'}`}>
                      {count > 0 ? count : ''}
                    </span>
                  );
                })}
              </div>
            );
          })}
        </div>
      )}
      {data?.restorePoints?.pageInfo.hasNextPage ? <p class="muted small">Only the newest {POINTS_FIRST} restore points are shown.</p> : null}
    </section>
  );
}

function groupByDay(points: readonly Point[]): Map<string, Point[]> {
  const byDay = new Map<string, Point[]>();
  for (const point of points) {
    const ms = Date.parse(point.backupTime);
    if (!Number.isFinite(ms)) continue;
    const day = dayOf(ms);
    byDay.set(day, [...(byDay.get(day) ?? []), point]);
  }
  return byDay;
}
