import type { SimulatorResource } from './define.js';

/**
 * `GET /Health` (v8): `RESTHealthReport`, the verdict on the server's message bus (NATS) and its
 * PostgreSQL configuration database, each an entry of `entries` by name.
 */
export default {
  routes: [
    {
      pattern: ['health'],
      versions: ['v8'],
      read: ({ store }) => {
        const status = store.infrastructure.health;
        return {
          status,
          entries: {
            NATS: { status: 'Healthy', description: null },
            PostgreSQL: status === 'Healthy' ? { status, description: null } : { status, description: 'The configuration database does not answer.' },
          },
        };
      },
    },
  ],
} satisfies SimulatorResource;
