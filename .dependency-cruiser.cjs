/**
 * Import rules of src/ (`npm run deps:check`, part of `npm test`).
 *
 * Layers, lowest first. A module may import its own layer and the layers below it, never one
 * above. docs/architecture.md draws the same picture.
 *
 *   base        src/model.ts, src/errors.ts, src/lru.ts, src/logger.ts, src/token-hash.ts,
 *               src/schema-types.generated.ts (the SDL's enums and types, imports nothing)
 *               What every layer speaks: the decoded model, the facade's errors, small utilities.
 *   upstream    src/upstream/
 *               The REST client (pool, fair queue, breaker, retry budget), routes, decoders and
 *               version adapters. Declares what it needs from above as interfaces: SlotGate
 *               (upstream/slot-gate.ts) for the cluster-wide cap.
 *   shared      src/cache/, src/cluster/
 *               Process- or cluster-wide primitives: cache stores, the Redis link, leases, the
 *               cluster semaphore (a SlotGate), the cluster's single flight, the sign-in limiter. cache/ may import cluster/
 *               (the Redis link); cluster/ never imports cache/.
 *   datasource  src/datasource/
 *               The per-request BackupApi: loaders, pages, writes over the upstream client.
 *   live        src/live/
 *               Subscriptions' pollers and channels. Declares LeaderElection (live/hub.ts); the
 *               app passes cluster/poller-lease.ts, which fits it.
 *   alerts      src/alerts/
 *               The alerts watcher, its rules, the outbox and delivery to webhooks, Slack and
 *               Teams. Reads through the data source; asks for LeaderElection like live/.
 *   servers     src/servers/
 *               Many backup servers: their settings, each server's machinery (pool, queue,
 *               breaker, version, live hub), sealed session tokens and their refresh; reads
 *               across servers, each through its own BackupApi: the merged page walk of lists,
 *               whole lists merged, the summary, and the partial errors (one per server that
 *               failed) a resolver reports beside its data.
 *   context     src/context.ts, src/client-address.ts
 *               The GraphQL context: what a resolver may reach, and who the client is (its
 *               address, believing X-Forwarded-For only from TRUSTED_PROXIES).
 *   graphql     src/resolvers/, src/plugins/, src/observability/, src/scalars.ts,
 *               src/generated/resolvers.generated.ts
 *               Resolvers, Yoga/envelop plugins, metrics and tracing, scalars.
 *   schema      src/schema.ts
 *               The executable schema: SDL plus every resolver module.
 *   app         src/config.ts, src/shared-state.ts, src/yoga.ts, src/http-server.ts,
 *               src/index.ts, src/dashboard.ts, src/graphiql.ts, src/simulator-main.ts
 *               Configuration (the only reader of process.env), the composition root
 *               (shared-state.ts builds cache, caps and leases and hands them down), Yoga, the
 *               HTTP server and the processes.
 *
 * Beside the layers: src/simulator/ is a stand-in for the backup server, written from the API's
 * documents. It imports nothing of the facade (its own wire types and version list); only the
 * app layer starts it. Tests may import both.
 */

const layers = [
  ['base', ['^src/model\\.ts$', '^src/errors\\.ts$', '^src/lru\\.ts$', '^src/logger\\.ts$', '^src/token-hash\\.ts$', '^src/config-file\\.ts$', '^src/schema-types\\.generated\\.ts$']],
  ['upstream', ['^src/upstream/']],
  ['shared', ['^src/cache/', '^src/cluster/']],
  ['datasource', ['^src/datasource/']],
  ['live', ['^src/live/']],
  ['alerts', ['^src/alerts/']],
  ['servers', ['^src/servers/']],
  ['context', ['^src/context\\.ts$', '^src/client-address\\.ts$']],
  ['graphql', ['^src/resolvers/', '^src/plugins/', '^src/observability/', '^src/scalars\\.ts$', '^src/generated/resolvers\\.generated\\.ts$']],
  ['schema', ['^src/schema\\.ts$']],
  [
    'app',
    [
      '^src/config\\.ts$',
      '^src/shared-state\\.ts$',
      '^src/yoga\\.ts$',
      '^src/http-server\\.ts$',
      '^src/index\\.ts$',
      '^src/dashboard\\.ts$',
      '^src/graphiql\\.ts$',
      '^src/simulator-main\\.ts$',
    ],
  ],
];

const SIMULATOR = '^src/simulator/';
const everyLayer = layers.flatMap(([, paths]) => paths);

/** One rule per layer: nothing in it imports a layer above it. */
const upward = layers.slice(0, -1).map(([name, paths], index) => ({
  name: `no-upward-import-from-${name}`,
  comment: `The ${name} layer imports only itself and the layers below it (${layers
    .slice(0, index)
    .map(([below]) => below)
    .join(', ') || 'none'}).`,
  severity: 'error',
  from: { path: paths },
  to: { path: layers.slice(index + 1).flatMap(([, above]) => above) },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycle between modules of src/, type-only imports included.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-folder-cycle',
      comment: 'No cycle between folders of src/ (a folder counts with its subfolders).',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...upward,
    {
      name: 'cache-above-cluster',
      comment: 'Within the shared layer cache/ may use cluster/ (the Redis link), not the other way round.',
      severity: 'error',
      from: { path: '^src/cluster/' },
      to: { path: '^src/cache/' },
    },
    {
      name: 'simulator-stands-alone',
      comment: 'The simulator is written from the API documents: it imports nothing of src/ outside src/simulator/.',
      severity: 'error',
      from: { path: SIMULATOR },
      to: { path: '^src/', pathNot: SIMULATOR },
    },
    {
      name: 'only-processes-start-simulator',
      comment: 'Only the process entries start the simulator (index.ts in demo mode, simulator-main.ts); configuration does not know it.',
      severity: 'error',
      from: { path: '^src/', pathNot: [SIMULATOR, '^src/index\\.ts$', '^src/simulator-main\\.ts$'] },
      to: { path: SIMULATOR },
    },
    {
      name: 'live-asks-for-leader-election',
      comment: 'live/ declares LeaderElection; the app passes the cluster leases in, live/ does not import cluster/.',
      severity: 'error',
      from: { path: '^src/live/' },
      to: { path: '^src/cluster/' },
    },
    {
      name: 'every-module-has-a-layer',
      comment: 'A new file of src/ goes into a layer (or the simulator): add its path above.',
      severity: 'error',
      from: { path: '^src/', pathNot: [SIMULATOR, ...everyLayer] },
      to: {},
    },
    {
      name: 'imports-reach-a-layer',
      comment: 'An imported file of src/ belongs to a layer (or the simulator): add its path above.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: [SIMULATOR, ...everyLayer] },
    },
  ],
  options: {
    // `import type` counts: a type-only import that runs back up is a back edge as well.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
  },
};
