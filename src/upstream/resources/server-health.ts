import type { HealthStatus } from '../../schema-types.generated.js';
import { HEALTH_STATUS } from '../enums.js';
import { badShape, Fields, isObject, known, type Decoder } from '../decode.js';
import { defineResource, each, fromVersion } from './define.js';

export interface HealthComponentModel {
  name: string;
  status: HealthStatus;
  description: string | null;
}

export interface ServerHealthModel {
  status: HealthStatus;
  components: HealthComponentModel[];
}

/** `RESTHealthReport`: `status` and `entries`, a map of component name to `{status, description}`. */
export const decodeServerHealth: Decoder<ServerHealthModel> = (value) => {
  const f = Fields.of(value, 'health report');
  const entries = f.json.entries ?? null;
  if (entries !== null && !isObject(entries)) badShape('health report');
  return {
    status: known(HEALTH_STATUS, f.optionalString('status')),
    components: Object.entries(entries ?? {}).map(([name, entry]) => {
      const e = Fields.of(entry, 'health report');
      return { name, status: known(HEALTH_STATUS, e.optionalString('status')), description: e.optionalString('description') };
    }),
  };
};

/** `/Health` (v8): a singleton, read with `api.singleton`. */
export default defineResource({
  name: 'serverHealth',
  what: 'health',
  routes: { serverHealth: 'health' },
  decoders: fromVersion({ v8: decodeServerHealth }),
  costs: {
    Query: { serverHealth: each },
    ServerHealth: 'free',
    HealthComponent: 'free',
  },
});
