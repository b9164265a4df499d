import type { Links } from '../../model.js';
import type { ProxyStatus } from '../../schema-types.generated.js';
import { badShape, Fields, known, type Decoder } from '../decode.js';
import { defineResource, each, free, fromVersion } from './define.js';

/** `status` of `RESTProxy` (v5-v8: Online, Offline); anything else is UNKNOWN. */
export const PROXY_STATUS: Readonly<Record<string, ProxyStatus>> = { Online: 'ONLINE', Offline: 'OFFLINE' };

/** A backup proxy server as every version is decoded into; a field a version does not send is null. */
export interface ProxyModel {
  id: string;
  hostName: string;
  description: string | null;
  port: number | null;
  status: ProxyStatus;
  /** v8: true only while `maintenanceModeState` is `Enabled`. */
  maintenanceMode: boolean | null;
  /** v8: `Disabled`, `Enabling` or `Enabled`, as the server spells it. */
  maintenanceModeState: string | null;
  /** v8. */
  cpuUsagePercent: number | null;
  /** v8. */
  memoryUsagePercent: number | null;
  /** v8: the product build installed on the proxy. */
  version: string | null;
  /** v8: the proxy pool the proxy belongs to. */
  proxyPoolId: string | null;
  links: Links;
}

/** A percentage (`number`, `double` in the spec), kept with its fraction. */
function optionalPercent(f: Fields, key: string, what: string): number | null {
  const value = f.json[key];
  if (value === undefined || value === null) return null;
  return typeof value === 'number' && Number.isFinite(value) ? value : badShape(what);
}

/**
 * `RESTProxy` of the v6-v8 specs (v8 adds `proxyPoolId`, `maintenanceModeState`,
 * `cpuUsagePercent`, `memoryUsagePercent` and `version`). `id` and `hostName` are required; v5's
 * proxies are documented with the same names.
 */
export const decodeProxy: Decoder<ProxyModel> = (value) => {
  const what = 'backup proxy';
  const f = Fields.of(value, what);
  const maintenanceModeState = f.optionalString('maintenanceModeState');
  return {
    id: f.guid('id'),
    hostName: f.string('hostName'),
    description: f.optionalString('description'),
    port: f.optionalInt('port'),
    status: known(PROXY_STATUS, f.optionalString('status')),
    maintenanceMode: maintenanceModeState === null ? null : maintenanceModeState === 'Enabled',
    maintenanceModeState,
    cpuUsagePercent: optionalPercent(f, 'cpuUsagePercent', what),
    memoryUsagePercent: optionalPercent(f, 'memoryUsagePercent', what),
    version: f.optionalString('version'),
    proxyPoolId: f.optionalGuid('proxyPoolId'),
    links: f.links(),
  };
};

/** `/Proxies/{id}` and `/Proxies`: a plain array on v5-v7, pages on v8. */
export default defineResource({
  name: 'proxy',
  what: 'backup proxy',
  routes: {
    proxy: 'proxies/{id}',
    proxyList: 'proxies',
  },
  list: 'proxyList',
  decoders: fromVersion({ v5: decodeProxy }),
  paging: fromVersion({ v5: 'array', v8: 'pages' }),
  costs: {
    Query: { proxy: each, proxies: each },
    Proxy: {
      id: free,
      hostName: free,
      description: free,
      port: free,
      status: free,
      maintenanceMode: free,
      maintenanceModeState: free,
      cpuUsagePercent: free,
      memoryUsagePercent: free,
      version: free,
      proxyPoolId: free,
    },
  },
});
