import { ConfigError, loadConfig, type Config } from './config.js';
import { DEMO_USERS, SEED, startSimulator, type Simulator } from './simulator/index.js';
import { createHttpServer } from './http-server.js';
import { createLogger } from './logger.js';
import { createMetrics } from './observability/metrics.js';
import { createTracing } from './observability/tracing.js';
import { splitApiUrl, type ApiVersion } from './upstream/api-version.js';
import { createUpstreamDispatcher } from './upstream/dispatcher.js';
import { discoverApiVersion } from './upstream/version-state.js';
import { buildYoga } from './yoga.js';

const DEMO_QUERY = `# The seed's call, GET /v5/JobSessions/{id}/LogItems/{id}, as one GraphQL query.
query SeedLogItem {
  jobSession(id: "${SEED.jobSessionId}") {
    id
    status
    creationTime
    logItem(id: "${SEED.logItemId}") {
      id
      usn
      title
      status
      message
      creationTime
      endTime
      # Followed through the item's own _links.jobsessions, which names another session.
      jobSession { id status }
    }
  }
}
`;

/** How often the demo simulator starts a job whose session ends Failed... */
const DEMO_FAILURE_EVERY_MS = 2 * 60_000;
/** ...the first time this soon after start, so the alerts demo shows one within a minute. */
const DEMO_FIRST_FAILURE_MS = 20_000;

/** The start-up message for a TLS handshake the backup server's certificate failed: names the error and VBM_CA_FILE. */
function tlsRefused(code: string, base: URL, caFileSet: boolean): string {
  const trusted = caFileSet ? 'the CA in VBM_CA_FILE' : 'the public CAs (VBM_CA_FILE is not set)';
  let fix: string;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    fix = `the certificate does not name the host ${base.hostname}: use a host name the certificate names in VBM_API_URL`;
  } else if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    fix = 'the certificate is outside its validity period: renew it on the backup server';
  } else {
    fix = caFileSet
      ? "VBM_CA_FILE does not hold the CA that signed the server's certificate: point it at that CA's PEM file (or the certificate itself when it is self-signed)"
      : "set VBM_CA_FILE to the PEM file of the CA that signed the server's certificate (or the certificate itself when it is self-signed)";
  }
  return `Cannot start: the backup server at ${base.origin} failed TLS verification (${code}) against ${trusted} during the API version discovery; ${fix}.`;
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }

  let simulator: Simulator | undefined;
  let upstreamUrl = config.upstreamUrl;
  let demoToken: string | undefined;
  if (!upstreamUrl) {
    // The demo's failing job gives the alert rules (ALERTS_FILE) something to report.
    simulator = await startSimulator({ host: '127.0.0.1', port: 0, failingJob: { everyMs: DEMO_FAILURE_EVERY_MS, firstAfterMs: DEMO_FIRST_FAILURE_MS } });
    // No version named: the facade discovers the newest the simulator serves, as with a real server.
    upstreamUrl = new URL(simulator.origin);
    demoToken = simulator.issueToken(DEMO_USERS[0]!.userName);
  } else if (config.tlsInsecure) {
    console.warn('WARNING: VBM_TLS_INSECURE=true: the backup server\'s TLS certificate is NOT verified. Never use this in production.');
  }

  const logger = createLogger(config.logLevel);
  // The one pool to the backup server (CA file, TLS, keep-alive): the discovery below, then every request.
  const dispatcher = createUpstreamDispatcher({ ca: config.upstreamCa, tlsInsecure: config.tlsInsecure, maxConnections: config.maxUpstreamConnections });
  const { base, version: named } = splitApiUrl(upstreamUrl);
  let apiVersion: ApiVersion | undefined = named;
  let apiVersionAnswered = true;
  if (!apiVersion) {
    const discovered = await discoverApiVersion(base, { dispatcher, timeoutMs: Math.min(config.timeoutMs, 10_000) });
    if (discovered.tlsError && !discovered.answered) {
      // A certificate the facade does not trust is a configuration error: no retry will fix it.
      console.error(tlsRefused(discovered.tlsError, base, config.upstreamCa !== undefined));
      await dispatcher.close();
      process.exit(2);
    }
    apiVersion = discovered.version;
    apiVersionAnswered = discovered.answered;
    if (!discovered.answered) logger.warn('the backup server did not answer the version discovery; starting with v5 and checking again on the next request');
  }
  const tracing = config.otlpEndpoint ? createTracing({ otlpEndpoint: config.otlpEndpoint }, config.serviceName) : undefined;
  const stopping = new AbortController();
  const yoga = buildYoga({
    shutdown: stopping.signal,
    config,
    upstreamUrl,
    apiVersion,
    apiVersionAnswered,
    dispatcher,
    logger,
    metrics: createMetrics({ maxOperations: config.metricsMaxOperations }),
    tracing,
    graphiql: demoToken
      ? { defaultQuery: DEMO_QUERY, headers: JSON.stringify({ Authorization: `Bearer ${demoToken}` }), title: 'VBM365 GraphQL (demo)' }
      : { title: 'VBM365 GraphQL' },
  });

  const server = createHttpServer(yoga, config);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const endpoint = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}/graphql`;

  console.log(`GraphQL facade listening: ${endpoint} (GraphiQL in a browser); backup server API ${apiVersion}${named ? ' (configured)' : ' (discovered)'}`);
  if (config.dashboard) console.log(`Dashboard: ${endpoint.replace(/\/graphql$/, '/dashboard/')}`);
  if (simulator && demoToken) {
    console.log(`Demo mode: embedded simulator at ${simulator.origin} (set VBM_API_URL to use a real server).`);
    console.log(`Demo token (user "${DEMO_USERS[0]!.userName}"): ${demoToken}`);
    console.log(`Try:\n  curl -s ${endpoint} -H 'content-type: application/json' -H 'authorization: Bearer ${demoToken}' \\\n    -d '{"query":"{ jobSession(id: \\"${SEED.jobSessionId}\\") { status logItem(id: \\"${SEED.logItemId}\\") { title jobSession { status } } } }"}'`);
  }

  // Stop accepting, let in-flight requests finish within the grace period, then close the rest.
  // Keep-alive sockets that fall idle after their last response are closed as they do.
  const shutdown = (signal: string) => {
    logger.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down');
    // Subscription streams never end by themselves: end them first, cleanly.
    stopping.abort();
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    const force = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(force);
      void Promise.all([yoga.dispose(), simulator?.close(), tracing?.shutdown()]).finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  console.error(code === 'EADDRINUSE' ? 'Cannot listen: the port is in use (set PORT).' : `Cannot start: ${String(error)}`);
  process.exit(1);
});
