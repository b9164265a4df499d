/**
 * The backup infrastructure: each repository's used and free space (a warning colour under
 * 15 % free), its object storage and immutability; the proxies with their state and load; the
 * license; the server's health (v8: older API versions say it is not available). With several
 * servers, each server's license and health side by side (the picked one only, when one is
 * picked), and every row names its server.
 */
import { PartialProblems, Stamp, Unavailable, unsupportedAt, unsupportedServers } from '../components.js';
import { bytes } from '../format.js';
import type { HealthCardFragment, HealthStatus, InfrastructureQuery, LicenseCardFragment, ProxyStatus } from '../gql/graphql.js';
import { listServers, lookupServer, severalServers, useQuery, useScope } from '../hooks.js';
import { Infrastructure, ServerHealth, ServersHealth } from '../queries.js';

/** Below this share of free space a repository's bar turns to the warning colour. */
export const LOW_FREE_SHARE = 0.15;
const DAY_MS = 24 * 60 * 60 * 1000;

type Repository = InfrastructureQuery['backupRepositories'][number];

const PROXY_LABEL: Readonly<Record<ProxyStatus, string>> = { ONLINE: 'Online', OFFLINE: 'Offline', UNKNOWN: 'Unknown' };
const HEALTH_LABEL: Readonly<Record<HealthStatus, string>> = { HEALTHY: 'Healthy', UNHEALTHY: 'Unhealthy', UNKNOWN: 'Unknown' };

export function InfrastructureView() {
  const scope = useScope();
  const servers = listServers(scope);
  const several = severalServers(scope);
  const query = useQuery(Infrastructure, servers, JSON.stringify(servers));
  // One server: its license and health from the root fields; several: each server's, from `servers`.
  const where = lookupServer(scope, undefined);
  const status = useQuery(ServerHealth, where, `server-health/${where.server ?? ''}`, { skip: several });
  const perServer = useQuery(ServersHealth, {}, 'servers-health', { skip: !several });
  if (query.fetching && query.data === undefined) return <p class="muted">Loading infrastructure…</p>;
  const data = query.data;
  const health = status.data;
  const apiVersion = health?.server.apiVersion;
  const cards = (perServer.data?.servers ?? []).filter((s) => s.signedIn && (scope.picked === undefined || s.name === scope.picked));
  const healthUnsupported = new Set(unsupportedServers(perServer.error, 'servers.health'));
  return (
    <section class="infrastructure-view">
      <header class="view-header">
        <h2>Infrastructure</h2>
        {apiVersion ? <span class="muted small">API {apiVersion}</span> : null}
      </header>
      <PartialProblems error={query.error} context="Infrastructure" optional={[]} />
      <PartialProblems error={status.error} context="Server" optional={['serverHealth']} />
      <PartialProblems error={perServer.error} context="Servers" optional={['servers.health']} />

      {several ? (
        cards.map((server) => (
          <div class="columns server-cards" key={server.name} data-server={server.name}>
            <div class="card license" data-server={server.name}>
              <h3>
                License <span class="server-name">{server.name}</span>
              </h3>
              {server.license ? <License license={server.license} /> : <p class="muted">—</p>}
            </div>
            <div class="card health" data-server={server.name}>
              <h3>
                Server health <span class="server-name">{server.name}</span>
              </h3>
              {healthUnsupported.has(server.name) ? <Unavailable apiVersion={server.apiVersion ?? undefined} /> : <Health health={server.health} />}
            </div>
          </div>
        ))
      ) : (
        <div class="columns">
          <div class="card license">
            <h3>License</h3>
            {health?.license ? <License license={health.license} /> : <p class="muted">—</p>}
          </div>
          <div class="card health">
            <h3>Server health</h3>
            {unsupportedAt(status.error, 'serverHealth') ? <Unavailable apiVersion={apiVersion} /> : <Health health={health?.serverHealth} />}
          </div>
        </div>
      )}

      <h3>Backup repositories</h3>
      <table class="sessions repositories">
        <thead>
          <tr>
            <th>Server</th>
            <th>Repository</th>
            <th>Space</th>
            <th>Object storage</th>
            <th>Immutability</th>
          </tr>
        </thead>
        <tbody>
          {(data?.backupRepositories ?? []).map((r) => (
            <tr key={`${r.server.name}/${r.id}`} class="repository" data-repository-id={r.id} data-server={r.server.name}>
              <td class="server-name">{r.server.name}</td>
              <td>
                <div class="name">{r.name}</div>
                <div class="muted small mono">{r.path ?? ''}</div>
                {r.isOutOfSync ? <span class="badge warn">out of sync</span> : null}
              </td>
              <td class="space">
                <SpaceBar repository={r} />
              </td>
              <td>
                {r.objectStorage ? (
                  <>
                    <div>{r.objectStorage.name ?? 'object storage'}</div>
                    <div class="muted small">
                      {bytes(r.objectStorage.usedSpaceBytes)} used
                      {r.objectStorage.sizeLimitBytes !== null && r.objectStorage.sizeLimitBytes !== undefined ? ` of ${bytes(r.objectStorage.sizeLimitBytes)}` : ', no limit'}
                    </div>
                  </>
                ) : (
                  <span class="muted">local</span>
                )}
              </td>
              <td class="immutability">
                {r.objectStorage?.immutabilityEnabled
                  ? `immutable${r.objectStorage.immutabilityPeriodDays ? ` for ${r.objectStorage.immutabilityPeriodDays} days` : ''}`
                  : r.objectStorage
                    ? r.objectStorage.immutabilityEnabled === false
                      ? 'off'
                      : '—'
                    : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>Backup proxies</h3>
      <table class="sessions proxies">
        <thead>
          <tr>
            <th>Server</th>
            <th>Proxy</th>
            <th>Status</th>
            <th>CPU</th>
            <th>Memory</th>
            <th>Version</th>
          </tr>
        </thead>
        <tbody>
          {(data?.proxies ?? []).map((p) => (
            <tr key={`${p.server.name}/${p.id}`} class="proxy" data-proxy-id={p.id} data-server={p.server.name}>
              <td class="server-name">{p.server.name}</td>
              <td>
                <span class="name">{p.hostName}</span>
                {p.port ? <span class="muted small">:{p.port}</span> : null}
              </td>
              <td>
                <span class={`badge proxy-${p.status.toLowerCase()}`} data-status={p.status}>
                  {PROXY_LABEL[p.status]}
                </span>
                {p.maintenanceMode ? <span class="badge warn maintenance">maintenance</span> : null}
              </td>
              <td>
                <Load percent={p.cpuUsagePercent} />
              </td>
              <td>
                <Load percent={p.memoryUsagePercent} />
              </td>
              <td class="muted">{p.version ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Used and free space of a repository: local capacity where it has one, else its object storage against its limit. */
function SpaceBar({ repository: r }: { repository: Repository }) {
  const total = r.capacityBytes ?? r.objectStorage?.sizeLimitBytes ?? null;
  const used = r.usedSpaceBytes ?? null;
  if (total === null || total <= 0 || used === null) {
    return <span class="muted">{used !== null ? `${bytes(used)} used, no limit` : '—'}</span>;
  }
  const free = r.freeSpaceBytes ?? Math.max(0, total - used);
  const freeShare = free / total;
  const low = freeShare < LOW_FREE_SHARE;
  return (
    <div class={`space-bar${low ? ' low' : ''}`} data-free-percent={(freeShare * 100).toFixed(1)} title={`${bytes(used)} used, ${bytes(free)} free of ${bytes(total)}`}>
      <div class="track">
        <div class="used" style={{ width: `${Math.min(100, (used / total) * 100)}%` }} />
      </div>
      <div class="small">
        {bytes(used)} used · <span class="free">{bytes(free)} free</span> ({Math.round(freeShare * 100)} %) of {bytes(total)}
      </div>
    </div>
  );
}

function Load({ percent }: { percent: number | null | undefined }) {
  if (percent === null || percent === undefined) return <span class="muted">—</span>;
  return (
    <div class="load" title={`${percent} %`}>
      <div class="track">
        <div class="used" style={{ width: `${Math.min(100, percent)}%` }} />
      </div>
      <span class="small">{percent.toFixed(1)} %</span>
    </div>
  );
}

/** A health report: the verdict and each component's. */
function Health({ health }: { health: HealthCardFragment | null | undefined }) {
  if (!health) return <p class="muted">—</p>;
  return (
    <>
      <p>
        <span class={`badge health-${health.status.toLowerCase()}`} data-status={health.status}>
          {HEALTH_LABEL[health.status]}
        </span>
      </p>
      <ul class="components">
        {health.components.map((c) => (
          <li key={c.name} class="component" data-status={c.status}>
            <span class={`dot health-${c.status.toLowerCase()}`} /> {c.name}
            {c.description ? <span class="muted small"> {c.description}</span> : null}
          </li>
        ))}
      </ul>
    </>
  );
}

function License({ license }: { license: LicenseCardFragment }) {
  const expires = license.expirationDate ? Date.parse(license.expirationDate) : Number.NaN;
  const days = Number.isFinite(expires) ? Math.floor((expires - Date.now()) / DAY_MS) : undefined;
  return (
    <dl class="facts plain">
      <dt>Status</dt>
      <dd class="license-status">
        {license.status ?? '—'} {license.type ? <span class="muted">({license.type})</span> : null}
      </dd>
      <dt>Licensed to</dt>
      <dd>{license.licensedTo ?? '—'}</dd>
      <dt>Users</dt>
      <dd class="license-users">
        {license.usedUsers ?? '?'} / {license.totalUsers ?? '?'}
        {license.newUsers ? <span class="muted"> (+{license.newUsers} new)</span> : null}
      </dd>
      <dt>Expires</dt>
      <dd>
        <Stamp value={license.expirationDate} />{' '}
        {days !== undefined ? (
          <span class={`license-days${days < 30 ? ' soon' : ''}`} data-days={days}>
            {days >= 0 ? `in ${days} days` : `${-days} days ago`}
          </span>
        ) : null}
      </dd>
      {license.gracePeriodExpirationDate ? (
        <>
          <dt>Grace period until</dt>
          <dd>
            <Stamp value={license.gracePeriodExpirationDate} />
          </dd>
        </>
      ) : null}
    </dl>
  );
}
