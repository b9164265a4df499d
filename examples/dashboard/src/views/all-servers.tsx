/**
 * The front page over several servers: every server of the configuration (from `servers`), and
 * the `summary` of the last 24 hours, failures first: servers unreachable, jobs whose last
 * session failed, repositories under 15 % free, licenses expired or used up; then one row per
 * server with its session counts. A server whose part could not be read says so in its row.
 */
import { useMemo } from 'preact/hooks';
import { Problems } from '../components.js';
import { bytes } from '../format.js';
import type { SummaryQuery } from '../gql/graphql.js';
import { listServers, useQuery, useScope } from '../hooks.js';
import { Servers, Summary } from '../queries.js';
import { href } from '../route.js';

const DAY_MS = 24 * 60 * 60 * 1000;
type Part = SummaryQuery['summary']['servers'][number];

/** A line of the "needs attention" list. */
interface Attention {
  readonly key: string;
  readonly server: string;
  readonly kind: 'unreachable' | 'failed-job' | 'low-space' | 'license';
  readonly text: string;
  readonly link?: string;
}

function licenseTrouble(license: Part['license']): string | undefined {
  if (!license) return undefined;
  if (license.status && license.status.toLowerCase() !== 'valid') return `license ${license.status.toLowerCase()}`;
  if (license.totalUsers != null && license.usedUsers != null && license.usedUsers >= license.totalUsers) return `license used up (${license.usedUsers} / ${license.totalUsers})`;
  const expires = license.expirationDate ? Date.parse(license.expirationDate) : Number.NaN;
  if (Number.isFinite(expires) && expires - Date.now() < 30 * DAY_MS) return 'license expires within 30 days';
  return undefined;
}

export function AllServersView() {
  const scope = useScope();
  // The period starts 24 h before the page opened (stable across re-renders).
  const since = useMemo(() => new Date(Date.now() - DAY_MS).toISOString(), []);
  const servers = useQuery(Servers, {}, 'servers');
  const variables = { ...listServers(scope), since };
  const summary = useQuery(Summary, variables, JSON.stringify(variables));
  const parts = new Map((summary.data?.summary.servers ?? []).map((part) => [part.server.name, part]));
  const shown = (servers.data?.servers ?? []).filter((s) => scope.picked === undefined || s.name === scope.picked);

  const attention: Attention[] = [];
  for (const server of shown) {
    if (!server.reachable) attention.push({ key: `u/${server.name}`, server: server.name, kind: 'unreachable', text: 'not reachable' });
  }
  for (const server of shown) {
    const part = parts.get(server.name);
    for (const job of part?.failedJobs ?? []) {
      attention.push({ key: `j/${server.name}/${job.id}`, server: server.name, kind: 'failed-job', text: `job "${job.name}" failed`, link: href.job(job.id, server.name) });
    }
    for (const r of part?.repositoriesLowOnSpace ?? []) {
      attention.push({ key: `r/${server.name}/${r.id}`, server: server.name, kind: 'low-space', text: `repository "${r.name}" low on space (${bytes(r.freeSpaceBytes)} free of ${bytes(r.capacityBytes)})` });
    }
    const license = licenseTrouble(part?.license ?? null);
    if (license) attention.push({ key: `l/${server.name}`, server: server.name, kind: 'license', text: license });
  }
  // Servers in trouble first, then by name.
  const trouble = (name: string) => attention.filter((a) => a.server === name).length;
  const rows = [...shown].sort((a, b) => Number(a.reachable) - Number(b.reachable) || trouble(b.name) - trouble(a.name) || a.name.localeCompare(b.name));
  const total = summary.data?.summary.total;

  return (
    <section class="all-servers-view">
      <header class="view-header">
        <h2>All servers</h2>
        <span class="muted small">sessions since {new Date(since).toLocaleString()}</span>
      </header>
      <Problems error={servers.error} context="Servers" />
      <Problems error={summary.error} context="Summary" />

      <h3>Needs attention</h3>
      {attention.length === 0 ? (
        <p class="muted nothing">{servers.data && summary.data ? 'Nothing: every server answered, no job failed, no repository is low on space.' : '…'}</p>
      ) : (
        <ul class="attention">
          {attention.map((a) => (
            <li key={a.key} class={`attention-item ${a.kind}`} data-server={a.server} data-kind={a.kind}>
              <span class="server-name">{a.server}</span> {a.link ? <a href={a.link}>{a.text}</a> : a.text}
            </li>
          ))}
        </ul>
      )}

      <table class="sessions servers">
        <thead>
          <tr>
            <th>Server</th>
            <th>API</th>
            <th>Reachable</th>
            <th>Signed in</th>
            <th>Success</th>
            <th>Warning</th>
            <th>Failed</th>
            <th>Running</th>
            <th>Failed jobs</th>
            <th>Low on space</th>
            <th>License</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((server) => {
            const part = parts.get(server.name);
            const counts = part?.sessions;
            return (
              <tr key={server.name} class={`server-row${server.reachable ? '' : ' unreachable'}`} data-server={server.name} data-reachable={String(server.reachable)}>
                <td class="server-name">
                  <button type="button" class="link" name="pickServer" onClick={() => scope.pick(server.name)} disabled={!server.signedIn}>
                    {server.name}
                  </button>
                </td>
                <td>{server.apiVersion ?? '—'}</td>
                <td>{server.reachable ? 'yes' : <strong class="failed">no</strong>}</td>
                <td class="signed-in">{server.signedIn ? 'yes' : 'no'}</td>
                <td>{counts?.success ?? '—'}</td>
                <td>{counts?.warning ?? '—'}</td>
                <td class="failed-count">{counts?.failed ?? '—'}</td>
                <td>{counts?.running ?? '—'}</td>
                <td>{part?.failedJobs?.length ?? '—'}</td>
                <td>{part?.repositoriesLowOnSpace?.length ?? '—'}</td>
                <td>{part?.license ? `${part.license.usedUsers ?? '?'} / ${part.license.totalUsers ?? '?'}` : '—'}</td>
              </tr>
            );
          })}
        </tbody>
        {total ? (
          <tfoot>
            <tr class="total">
              <td>All</td>
              <td />
              <td />
              <td />
              <td>{total.success}</td>
              <td>{total.warning}</td>
              <td>{total.failed}</td>
              <td>{total.running}</td>
              <td colSpan={3} />
            </tr>
          </tfoot>
        ) : null}
      </table>
    </section>
  );
}
