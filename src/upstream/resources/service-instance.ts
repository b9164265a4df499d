import { Fields, type Decoder } from '../decode.js';
import { defineResource, free, fromVersion, once } from './define.js';

export interface ServiceInstanceModel {
  /** The product build, e.g. `8.3.0.2201`. */
  version: string | null;
}

const decodeServiceInstance: Decoder<ServiceInstanceModel> = (value) => ({
  version: Fields.of(value, 'service instance').optionalString('version'),
});

/** `/ServiceInstance` (v6+): the product build. */
export default defineResource({
  name: 'serviceInstance',
  what: 'service instance',
  routes: { serviceInstance: 'serviceinstance' },
  decoders: fromVersion({ v6: decodeServiceInstance }),
  costs: {
    Query: { server: free },
    ServerInfo: { apiVersion: free, productVersion: once },
  },
});
