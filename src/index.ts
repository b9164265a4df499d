import { ConfigError, loadConfig, type Config } from './config.js';
import { DEMO_USERS, SEED, startSimulator, type Simulator } from './simulator/index.js';
import type { ServerSetting } from './servers/settings.js';
import type { GraphiQLOptions } from 'graphql-yoga';
import { createHttpServer } from './http-server.js';
import { createLogger } from './logger.js';
import { createMetrics } from './observability/metrics.js';
import { createTracing } from './observability/tracing.js';
import { splitApiUrl, type ApiVersion } from './upstream/api-version.js';
import { createUpstreamDispatcher } from './upstream/dispatcher.js';
import { discoverApiVersion } from './upstream/version-state.js';
import { buildYoga, type ServerStart } from './yoga.js';

/** The demo's three servers: names, the one API version each serves, and each its own dataset. */
const DEMO_SERVERS = [
  { name: 'eu1', versions: ['v8'] },
  { name: 'us1', versions: ['v7'] },
  { name: 'apac1', versions: ['v6'] },
] as const;

const DEMO_QUERY = `# Every server of the session, then the seed's call, GET /v5/JobSessions/{id}/LogItems/{id}, as one GraphQL query.
query SeedLogItem {
  servers { name apiVersion productVersion reachable signedIn }
  jobSession(server: "eu1", id: "${SEED.jobSessionId}") {
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

  const logger = createLogger(config.logLevel);
  for (const warning of config.warnings) console.warn(`WARNING: ${warning}`);
  const simulators: Simulator[] = [];
  let settings: readonly ServerSetting[] = config.servers;
  if (settings.length === 0) {
    // The demo: three embedded simulators of three API versions, each with data of its own.
    // The first one's failing job gives the alert rules (ALERTS_FILE) something to report.
    for (const [index, demo] of DEMO_SERVERS.entries()) {
      const failingJob = index === 0 ? { everyMs: DEMO_FAILURE_EVERY_MS, firstAfterMs: DEMO_FIRST_FAILURE_MS } : undefined;
      simulators.push(await startSimulator({ host: '127.0.0.1', port: 0, versions: [...demo.versions], variant: demo.name, ...(failingJob ? { failingJob } : {}) }));
    }
    settings = DEMO_SERVERS.map((demo, index) => ({ name: demo.name, url: new URL(simulators[index]!.origin), insecure: false }));
  } else if (settings.some((server) => server.insecure)) {
    const names = settings.filter((server) => server.insecure).map((server) => server.name).join(', ');
    console.warn(`WARNING: TLS certificates are NOT verified for ${names} (VBM_TLS_INSECURE or insecure: true). Never use this in production.`);
  }

  // Each server its own pool (CA file, TLS, keep-alive): its discovery below, then every request to it.
  const starts: ServerStart[] = await Promise.all(
    settings.map(async (setting): Promise<ServerStart> => {
      const dispatcher = createUpstreamDispatcher({ ca: setting.ca, tlsInsecure: setting.insecure, maxConnections: config.maxUpstreamConnections });
      const { base, version: named } = splitApiUrl(setting.url);
      if (named) return { setting, apiVersion: named, apiVersionAnswered: true, dispatcher };
      const discovered = await discoverApiVersion(base, { dispatcher, timeoutMs: Math.min(config.timeoutMs, 10_000) });
      if (discovered.tlsError && !discovered.answered) {
        // A certificate the facade does not trust is a configuration error: no retry will fix it.
        const message = tlsRefused(discovered.tlsError, base, setting.ca !== undefined);
        console.error(settings.length > 1 || config.serversFromFile ? `Server "${setting.name}": ${message.replaceAll('VBM_CA_FILE', 'its caFile')}` : message);
        await dispatcher.close();
        process.exit(2);
      }
      if (!discovered.answered) logger.warn({ server: setting.name }, 'the backup server did not answer the version discovery; starting with v5 and checking again on the next request');
      return { setting, apiVersion: discovered.version, apiVersionAnswered: discovered.answered, dispatcher };
    }),
  );
  const apiVersion: ApiVersion | undefined = starts[0]?.apiVersion;
  const named = settings.length === 1 ? splitApiUrl(settings[0]!.url).version : undefined;
  const tracing = config.otlpEndpoint ? createTracing({ otlpEndpoint: config.otlpEndpoint }, config.serviceName) : undefined;
  const stopping = new AbortController();
  const graphiql: GraphiQLOptions = simulators.length > 0 ? { defaultQuery: DEMO_QUERY, title: 'VBM365 GraphQL (demo)' } : { title: 'VBM365 GraphQL' };
  const yoga = buildYoga({
    shutdown: stopping.signal,
    config,
    servers: starts,
    logger,
    metrics: createMetrics({ maxOperations: config.metricsMaxOperations }),
    tracing,
    graphiql,
  });
  // The demo signs in to its three servers through the facade itself, as a client would.
  const demoToken = simulators.length > 0 ? await demoSession(yoga) : undefined;
  // GraphiQL's page is rendered per request from these options: it opens with the session token.
  if (demoToken) graphiql.headers = JSON.stringify({ Authorization: `Bearer ${demoToken}` });

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

  const versions = starts.map((start) => `${start.setting.name} ${start.apiVersion ?? 'v5'}`).join(', ');
  const upstreams = settings.length === 1 ? `backup server API ${apiVersion}${named ? ' (configured)' : ' (discovered)'}` : `backup servers ${versions}`;
  console.log(`GraphQL facade listening: ${endpoint} (GraphiQL in a browser); ${upstreams}`);
  if (config.dashboard) console.log(`Dashboard: ${endpoint.replace(/\/graphql$/, '/dashboard/')}`);
  if (demoToken) {
    const where = DEMO_SERVERS.map((demo, index) => `${demo.name} (${demo.versions[0]}) at ${simulators[index]!.origin}`).join(', ');
    console.log(`Demo mode: embedded simulators ${where} (set SERVERS_FILE or VBM_API_URL to use real servers).`);
    console.log(`Demo session token (user "${DEMO_USERS[0]!.userName}" on every server): ${demoToken}`);
    console.log(`Try:\n  curl -s ${endpoint} -H 'content-type: application/json' -H 'authorization: Bearer ${demoToken}' \\\n    -d '{"query":"{ servers { name apiVersion signedIn } jobSession(server: \\"eu1\\", id: \\"${SEED.jobSessionId}\\") { status server { name } } }"}'`);
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
      void Promise.all([yoga.dispose(), ...simulators.map((simulator) => simulator.close()), tracing?.shutdown()]).finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/** Signs in to every demo server with the demo user through the facade's own createSession. */
async function demoSession(yoga: ReturnType<typeof buildYoga>): Promise<string | undefined> {
  const user = DEMO_USERS[0]!;
  const credentials = DEMO_SERVERS.map((demo) => ({ server: demo.name, username: user.userName, password: user.password }));
  const response = await yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation ($c: [ServerCredentials!]!) { createSession(credentials: $c) { token } }', variables: { c: credentials } }),
  });
  const body = (await response.json()) as { data?: { createSession?: { token: string } }; errors?: unknown[] };
  if (!body.data?.createSession) console.error(`The demo sign-in failed: ${JSON.stringify(body.errors ?? [])}`);
  return body.data?.createSession?.token;
}

main().catch((error: unknown) => {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  console.error(code === 'EADDRINUSE' ? 'Cannot listen: the port is in use (set PORT).' : `Cannot start: ${String(error)}`);
  process.exit(1);
});
