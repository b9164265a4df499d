// Mesh Compose config for the Hive Gateway peer. bench/run.ts copies it into
// .bench-peers/hive/ (so its imports resolve there) and runs `mesh-compose` with
// VBM_OPENAPI (absolute path of bench/peers/vbm365-v5.openapi.json) and VBM_ENDPOINT (the
// simulator's versioned base URL, e.g. http://127.0.0.1:PORT/v5) in the environment.
import { defineConfig } from '@graphql-mesh/compose-cli';
import { loadOpenAPISubgraph } from '@omnigraph/openapi';

const source = process.env.VBM_OPENAPI;
const endpoint = process.env.VBM_ENDPOINT;
if (!source || !endpoint) throw new Error('VBM_OPENAPI and VBM_ENDPOINT must be set');

export const composeConfig = defineConfig({
  subgraphs: [
    {
      sourceHandler: loadOpenAPISubgraph('VBM', {
        source,
        endpoint,
        // The caller's bearer token goes to the REST API with every operation.
        operationHeaders: { Authorization: '{context.headers.authorization}' },
        HATEOAS: false,
      }),
    },
  ],
});
