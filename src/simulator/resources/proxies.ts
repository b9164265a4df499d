import { createHash } from 'node:crypto';
import type { SimulatorData } from '../data.js';
import { ApiError } from '../errors.js';
import { API_VERSIONS, PRODUCT_VERSION, since } from '../versions.js';
import type { ReadContext, SimulatorResource } from './define.js';

/** A backup proxy of the demo data: the one each organization's sessions ran on. */
export interface ProxyRecord {
  readonly id: string;
  readonly hostName: string;
  readonly description: string;
  readonly organizationId: string;
  readonly status: 'Online' | 'Offline';
  /** v8. */
  readonly maintenanceModeState: 'Disabled' | 'Enabling' | 'Enabled';
  /** v8: the pool the proxy is in; a repository on it names the pool instead of the proxy. */
  readonly proxyPoolId: string | null;
  readonly cpuUsagePercent: number | null;
  readonly memoryUsagePercent: number | null;
}

/** A GUID derived from a name: the demo's ids for things the seed data does not number. */
export function derivedGuid(salt: string, id: string): string {
  const hex = createHash('sha256').update(`${salt}|${id}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** How each organization's proxy looks, in the organizations' order (the third is in maintenance, in a pool on v8). */
const STATES: readonly Pick<ProxyRecord, 'status' | 'maintenanceModeState' | 'cpuUsagePercent' | 'memoryUsagePercent'>[] = [
  { status: 'Online', maintenanceModeState: 'Disabled', cpuUsagePercent: 37.5, memoryUsagePercent: 61.25 },
  { status: 'Offline', maintenanceModeState: 'Disabled', cpuUsagePercent: null, memoryUsagePercent: null },
  { status: 'Online', maintenanceModeState: 'Enabled', cpuUsagePercent: 4.75, memoryUsagePercent: 22.5 },
];

/** One proxy per organization whose sessions name one, in the organizations' order. */
export function proxies(data: SimulatorData): ProxyRecord[] {
  const found: ProxyRecord[] = [];
  for (const organization of data.organizations) {
    const jobIds = new Set(data.jobs.filter((j) => j.organizationId === organization.id).map((j) => j.id));
    const proxyId = data.sessions.find((s) => jobIds.has(s.jobId) && s.proxyId !== null)?.proxyId;
    if (proxyId === undefined || proxyId === null || found.some((p) => p.id === proxyId)) continue;
    const state = STATES[found.length % STATES.length]!;
    const number = found.length + 1;
    found.push({
      id: proxyId,
      hostName: `proxy-${String(number).padStart(2, '0')}.backup.invalid`,
      description: `Backup proxy of ${organization.officeName}`,
      organizationId: organization.id,
      ...state,
      proxyPoolId: state.maintenanceModeState === 'Enabled' ? derivedGuid('proxy-pool', proxyId) : null,
    });
  }
  return found;
}

/** `RESTProxy` as each version writes it (v7 adds fqdn; v8 adds the pool, maintenance, load and version). */
function render({ version, render: renderer, store }: ReadContext, p: ProxyRecord) {
  const v8 = since(version, 'v8');
  return {
    type: 'Domain',
    useInternetProxy: false,
    ...(v8 ? { operatingSystem: 'Windows' } : {}),
    id: p.id,
    ...(v8 ? { proxyPoolId: p.proxyPoolId } : {}),
    hostName: p.hostName,
    ...(since(version, 'v7') ? { fqdn: p.hostName } : {}),
    description: p.description,
    port: 9193,
    ...(v8 ? {} : { threadsNumber: 64 }),
    enableNetworkThrottling: false,
    status: store.infrastructure.proxyStatus.get(p.id) ?? p.status,
    ...(v8
      ? { maintenanceModeState: p.maintenanceModeState, cpuUsagePercent: p.cpuUsagePercent, memoryUsagePercent: p.memoryUsagePercent, version: PRODUCT_VERSION }
      : {}),
    _links: { self: renderer.link(`proxies/${p.id}`) },
  };
}

/**
 * `GET /Proxies` (a plain array on v5-v7, pages on v8) and `/Proxies/{id}`: infrastructure, shown
 * to every user. v5's proxies are served as v6 writes them.
 */
export default {
  routes: [
    {
      pattern: ['proxies'],
      versions: API_VERSIONS,
      read: (context) => {
        const all = proxies(context.store.data);
        const item = (p: ProxyRecord) => render(context, p);
        return since(context.version, 'v8') ? context.render.page('proxies', context.window(), all, item) : all.map(item);
      },
    },
    {
      pattern: ['proxies', '{id}'],
      versions: API_VERSIONS,
      read: (context) => {
        const id = context.ids[0] ?? '';
        const found = proxies(context.store.data).find((p) => p.id === id);
        if (found === undefined) throw new ApiError(404, `Proxy with ID '${id}' was not found.`);
        return render(context, found);
      },
    },
  ],
} satisfies SimulatorResource;
