import { readFileSync } from 'node:fs';
import { API_VERSIONS, parseApiVersion, splitApiUrl, type ApiVersion } from './upstream/api-version.js';
import { parseAddressRange } from './client-address.js';
import { readAlertsFile } from './alerts/alerts-file.js';
import type { AlertsConfig } from './alerts/types.js';
import type { LiveSettings } from './live/hub.js';
import type { UpstreamSettings } from './upstream/pool.js';
import { DEFAULT_SERVER_NAME, parseSessionKey, readServersFile, type ServerSetting } from './servers/settings.js';

/** Everything the process is configured with; read once, from the environment only here. */
export interface Config {
  /** Upstream URL, naming the API version (`.../v7`) or not (then it is discovered); null runs the embedded simulator (demo mode). */
  upstreamUrl: URL | null;
  /** PEM text trusted for the upstream's TLS (from VBM_CA_FILE). */
  upstreamCa: string | undefined;
  /** Skip TLS verification of the upstream. */
  tlsInsecure: boolean;
  /** Per upstream request, in milliseconds. */
  timeoutMs: number;
  /** Most concurrent upstream connections per process. */
  maxUpstreamConnections: number;
  /** Attempts per idempotent upstream GET (1 = no retry). */
  retryAttempts: number;
  /** Consecutive upstream failures that open the circuit breaker. */
  breakerThreshold: number;
  /** How long the open breaker fails fast before it lets one probe through. */
  breakerCooldownMs: number;
  /** Most upstream calls waiting for a connection, all callers together; more are shed (UPSTREAM_OVERLOADED). */
  maxUpstreamQueue: number;
  /** Most upstream calls one caller (token) may have waiting for a connection. */
  maxUpstreamQueuePerCaller: number;
  /** Longest an upstream call waits for a connection before it is shed (UPSTREAM_OVERLOADED). */
  queueTimeoutMs: number;
  /** Largest upstream response body read, in bytes; a larger one fails with UPSTREAM_BAD_RESPONSE. */
  maxResponseBytes: number;
  /** Retries allowed per process, as a percentage of first attempts (plus a small fixed burst). */
  retryBudgetPercent: number;
  /** Distinct callers whose failures it takes to open the breaker. */
  breakerMinCallers: number;
  /** How long one `/ready` probe result is reused, in milliseconds. */
  readyCacheMs: number;
  /** Distinct operation names used as metric labels; later names count as `other`. */
  metricsMaxOperations: number;
  /** Time for a client to send its request headers. */
  httpHeadersTimeoutMs: number;
  /** Time for a client to send its whole request. */
  httpRequestTimeoutMs: number;
  /** Most open client connections to this facade. */
  httpMaxConnections: number;
  /** Largest `first` a connection accepts. */
  maxPageSize: number;
  /** Upstream requests one GraphQL operation may cause. */
  upstreamBudget: number;
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxBatch: number;
  maxBodyBytes: number;
  /** Origins allowed by CORS; empty means no cross-origin access. */
  corsOrigins: string[];
  introspection: boolean;
  /** Serve the built dashboard at /dashboard/ (default: on in demo mode, off against a real server). */
  dashboard: boolean;
  /** Compile operations with graphql-jit (about a fifth more throughput). */
  graphqlJit: boolean;
  /** JSON manifest of allowed operations ({ "<hash>": "<document>" }); unset allows any operation. */
  persistedOperations: Record<string, string> | undefined;
  shutdownGraceMs: number;
  /** Base interval of the pollers behind subscriptions (it backs off while nothing changes). */
  subscriptionPollMs: number;
  /** How long one long poll of the v8 event feed waits for an event; 0 turns the feed off (pollers only). */
  liveFeedTimeoutSeconds: number;
  /** Open subscriptions one token may hold. */
  maxSubscriptionsPerToken: number;
  /** Open subscriptions of the whole process. */
  maxSubscriptions: number;
  /** Shared Redis of the replicas (cache, cluster caps, live pollers); unset runs one replica in process only. Never logged. */
  redisUrl: string | undefined;
  /** Lifetime of cached running sessions, logs and lists; 0 turns it off. */
  cacheTtlMs: number;
  /** Most a finished session or log item stays cached (less when the token expires sooner); 0 turns it off. */
  cacheFinishedTtlMs: number;
  /**
   * Entries are served to a caller only while the backup server accepted its token less than this
   * long ago; past it the caller's next read goes upstream first. 0: every request reaches the server.
   */
  cacheRevalidateMs: number;
  /** Bound of the in-process cache in bytes. */
  cacheMaxBytes: number;
  /** Cache keys are HMACs of the token under this secret when set (same on every replica). Never logged. */
  cacheKeySecret: string | undefined;
  /** Concurrent upstream requests of the whole cluster (with REDIS_URL). */
  upstreamClusterConcurrency: number;
  /** Sign-in attempts per (client address, user name or refresh token) per second; 0 turns the rule off. */
  signInPerSecond: number;
  /** Failed sign-ins per (client address, user name or refresh token) in any minute; 0 turns the rule off. */
  signInPerMinute: number;
  /** Failed sign-ins per client address, whatever the user names, in any minute; 0 turns the rule off. */
  signInPerMinutePerAddress: number;
  /** Proxies (addresses or CIDR ranges) whose `X-Forwarded-For` names the client; empty believes no one. */
  trustedProxies: string[];
  /** The validated ALERTS_FILE (targets and rules); unset runs no watcher. */
  alerts: AlertsConfig | undefined;
  /** The watcher's own service account (with ALERTS_FILE; from the environment only). Never logged. */
  watchUsername: string | undefined;
  watchPassword: string | undefined;
  /** Folder of the alert history and outbox without REDIS_URL. */
  stateDir: string;
  /** First delay before an alert delivery is retried; it doubles (full jitter) up to 5 minutes. */
  alertRetryBaseMs: number;
  /** ALERTS_INTERVAL_MS: between two evaluations of the condition rules, and of the session polling where there is no event feed. */
  alertsIntervalMs: number;
  /** The facade's public base URL, for the dashboard links in alerts; unset leaves `link` null. */
  publicUrl: URL | null;
  logLevel: string;
  /** OTLP/HTTP collector base URL; unset turns tracing off. */
  otlpEndpoint: string | undefined;
  serviceName: string;
  host: string;
  port: number;
  /**
   * The backup servers: SERVERS_FILE's, or VBM_API_URL's one server named `default`; empty
   * runs the three embedded simulators of the demo.
   */
  servers: ServerSetting[];
  /** Whether `servers` came from SERVERS_FILE. */
  serversFromFile: boolean;
  /** Seals session tokens (SESSION_KEY, 32 bytes); required with SERVERS_FILE. Never logged. */
  sessionKey: Buffer | undefined;
  /** Opens session tokens sealed under the previous key (SESSION_KEY_PREVIOUS), for rotation. Never logged. */
  sessionKeyPrevious: Buffer | undefined;
  /** Lifetime of a session token, whatever the upstream tokens' (which are refreshed). */
  sessionTtlMs: number;
  /** What start-up prints as warnings (plain-http servers). */
  warnings: string[];
}

/** Thrown with every configuration problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Validates the whole environment and reports all problems together. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const read = new Reader(env, problems);

  const config: Config = {
    upstreamUrl: read.url('VBM_API_URL', true),
    upstreamCa: read.file('VBM_CA_FILE'),
    tlsInsecure: read.bool('VBM_TLS_INSECURE', false),
    timeoutMs: read.int('VBM_TIMEOUT_MS', 10_000, 1, 600_000),
    maxUpstreamConnections: read.int('VBM_MAX_CONNECTIONS', 16, 1, 1024),
    retryAttempts: read.int('VBM_RETRY_ATTEMPTS', 3, 1, 10),
    breakerThreshold: read.int('VBM_BREAKER_THRESHOLD', 5, 1, 1000),
    breakerCooldownMs: read.int('VBM_BREAKER_COOLDOWN_MS', 10_000, 100, 600_000),
    maxUpstreamQueue: read.int('VBM_MAX_QUEUE', 1000, 0, 1_000_000),
    maxUpstreamQueuePerCaller: read.int('VBM_MAX_QUEUE_PER_CALLER', 250, 0, 1_000_000),
    queueTimeoutMs: read.int('VBM_QUEUE_TIMEOUT_MS', 10_000, 1, 600_000),
    maxResponseBytes: read.int('VBM_MAX_RESPONSE_BYTES', 16 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    retryBudgetPercent: read.int('VBM_RETRY_BUDGET_PERCENT', 20, 0, 100),
    breakerMinCallers: read.int('VBM_BREAKER_MIN_CALLERS', 2, 1, 100),
    readyCacheMs: read.int('READY_CACHE_MS', 1000, 0, 60_000),
    metricsMaxOperations: read.int('METRICS_MAX_OPERATIONS', 100, 0, 10_000),
    httpHeadersTimeoutMs: read.int('HTTP_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000),
    httpRequestTimeoutMs: read.int('HTTP_REQUEST_TIMEOUT_MS', 30_000, 100, 600_000),
    httpMaxConnections: read.int('HTTP_MAX_CONNECTIONS', 1024, 1, 1_000_000),
    maxPageSize: read.int('MAX_PAGE_SIZE', 1000, 1, 10_000),
    upstreamBudget: read.int('UPSTREAM_BUDGET', 200, 1, 100_000),
    maxDepth: read.int('MAX_DEPTH', 12, 1, 100),
    maxAliases: read.int('MAX_ALIASES', 30, 0, 1000),
    maxTokens: read.int('MAX_TOKENS', 2000, 10, 100_000),
    maxBatch: read.int('MAX_BATCH', 5, 1, 100),
    maxBodyBytes: read.int('MAX_BODY_BYTES', 100_000, 1_000, 10_000_000),
    corsOrigins: read.list('CORS_ORIGINS'),
    introspection: read.bool('INTROSPECTION', true),
    dashboard: read.bool('DASHBOARD', !env['VBM_API_URL']?.trim() && !env['SERVERS_FILE']?.trim()),
    graphqlJit: read.bool('GRAPHQL_JIT', true),
    persistedOperations: read.json('PERSISTED_OPERATIONS_FILE'),
    shutdownGraceMs: read.int('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    subscriptionPollMs: read.int('SUBSCRIPTION_POLL_MS', 2_000, 10, 600_000),
    liveFeedTimeoutSeconds: read.int('LIVE_FEED_TIMEOUT_SECONDS', 25, 0, 300),
    maxSubscriptionsPerToken: read.int('MAX_SUBSCRIPTIONS_PER_TOKEN', 20, 1, 10_000),
    maxSubscriptions: read.int('MAX_SUBSCRIPTIONS', 2_000, 1, 100_000),
    redisUrl: read.redisUrl('REDIS_URL'),
    cacheTtlMs: read.int('CACHE_TTL_MS', 3_000, 0, 3_600_000),
    cacheFinishedTtlMs: read.int('CACHE_FINISHED_TTL_MS', 3_600_000, 0, 86_400_000),
    cacheRevalidateMs: read.int('CACHE_REVALIDATE_MS', 30_000, 0, 3_600_000),
    cacheMaxBytes: read.int('CACHE_MAX_BYTES', 32 * 1024 * 1024, 1024 * 1024, 4 * 1024 * 1024 * 1024),
    cacheKeySecret: env['CACHE_KEY_SECRET'] || undefined,
    upstreamClusterConcurrency: read.int('UPSTREAM_CLUSTER_CONCURRENCY', 32, 1, 10_000),
    signInPerSecond: read.int('SIGN_IN_PER_SECOND', 1, 0, 1_000),
    signInPerMinute: read.int('SIGN_IN_PER_MINUTE', 5, 0, 60_000),
    signInPerMinutePerAddress: read.int('SIGN_IN_PER_MINUTE_PER_ADDRESS', 20, 0, 60_000),
    trustedProxies: read.addressRanges('TRUSTED_PROXIES'),
    ...readAlerting(env, read, problems),
    otlpEndpoint: read.url('OTEL_EXPORTER_OTLP_ENDPOINT', false)?.href,
    serviceName: read.string('OTEL_SERVICE_NAME', 'vbm365-graphql'),
    logLevel: read.oneOf('LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    host: read.string('HOST', '127.0.0.1'),
    port: read.int('PORT', 4000, 0, 65_535),
    ...readServers(env, problems),
  };
  checkWatchAccounts(config, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** ALERTS_FILE and what alerting needs beside it. */
function readAlerting(env: Env, read: Reader, problems: string[]) {
  const file = env['ALERTS_FILE']?.trim() || undefined;
  const alerts = file === undefined ? undefined : readAlertsFile(file, env, problems);
  const watchUsername = env['WATCH_USERNAME'] || undefined;
  const watchPassword = env['WATCH_PASSWORD'] || undefined;
  // With servers' own accounts in the file, which servers still need these is known with the servers (checkWatchAccounts).
  if (file !== undefined && !alerts?.servers) requireWatchAccount(watchUsername, watchPassword, problems);
  const publicUrl = readPublicUrl(env['PUBLIC_URL']?.trim() || undefined, problems);
  return {
    alerts,
    watchUsername,
    watchPassword,
    stateDir: read.string('STATE_DIR', './state'),
    alertRetryBaseMs: read.int('ALERT_RETRY_BASE_MS', 1000, 1, 300_000),
    alertsIntervalMs: read.int('ALERTS_INTERVAL_MS', 30_000, 100, 3_600_000),
    publicUrl,
  };
}

function requireWatchAccount(username: string | undefined, password: string | undefined, problems: string[]): void {
  if (username === undefined) problems.push('WATCH_USERNAME must be set with ALERTS_FILE (the watcher signs in with its own service account)');
  if (password === undefined) problems.push('WATCH_PASSWORD must be set with ALERTS_FILE (value never shown)');
}

/**
 * ALERTS_FILE's own watcher accounts (`servers:`) must name configured servers, and
 * WATCH_USERNAME/WATCH_PASSWORD are needed for any server without one (always in the demo,
 * whose servers the configuration does not name). Without `servers:` readAlerting asked for them.
 */
function checkWatchAccounts(config: Config, problems: string[]): void {
  const own = config.alerts?.servers;
  if (!own) return;
  const names = config.servers.map((server) => server.name);
  if (names.length > 0) {
    own.forEach((account, index) => {
      if (!names.includes(account.name)) problems.push(`ALERTS_FILE: servers[${index}].name names no configured server ("${account.name}"; configured: ${names.join(', ')})`);
    });
  }
  const everyOwn = names.length > 0 && names.every((name) => own.some((account) => account.name === name));
  if (!everyOwn) requireWatchAccount(config.watchUsername, config.watchPassword, problems);
}

/** The facade's own base URL as users reach it (alert links point into its dashboard). */
function readPublicUrl(value: string | undefined, problems: string[]): URL | null {
  if (value === undefined) return null;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) {
    problems.push(`PUBLIC_URL must be an absolute http(s) URL without credentials, query or fragment, like https://vbm-graphql.example.invalid/ (got "${value}")`);
    return null;
  }
  return url;
}

/** SERVERS_FILE (or VBM_API_URL as one server) and the session keys, with every problem named. */
function readServers(env: Env, problems: string[]) {
  // Read again on their own (their problems are already reported by the fields above).
  const read = new Reader(env, []);
  const single = { url: read.url('VBM_API_URL', true), ca: read.file('VBM_CA_FILE'), insecure: read.bool('VBM_TLS_INSECURE', false) };
  const warnings: string[] = [];
  const file = env['SERVERS_FILE']?.trim() || undefined;
  if (file !== undefined && single.url !== null) problems.push('SERVERS_FILE and VBM_API_URL are both set: name every server in SERVERS_FILE, or one in VBM_API_URL');
  let servers: ServerSetting[] = [];
  if (file !== undefined) servers = readServersFile(file, env, problems, warnings);
  else if (single.url !== null) {
    servers = [{ name: DEFAULT_SERVER_NAME, url: single.url, ...(single.ca === undefined ? {} : { ca: single.ca }), insecure: single.insecure }];
    if (single.url.protocol === 'http:') warnings.push(`VBM_API_URL uses plain http (${single.url.origin}): tokens and data travel unencrypted`);
  }
  const key = (name: string) => {
    const value = env[name]?.trim();
    if (!value) return undefined;
    const parsed = parseSessionKey(value);
    // The value is never echoed: it is a secret.
    if (!parsed) problems.push(`${name} must be the base64 of exactly 32 random bytes (e.g. from \`openssl rand -base64 32\`; value not shown)`);
    return parsed;
  };
  const sessionKey = key('SESSION_KEY');
  const sessionKeyPrevious = key('SESSION_KEY_PREVIOUS');
  if (file !== undefined && !env['SESSION_KEY']?.trim()) problems.push('SESSION_KEY is required with SERVERS_FILE (the base64 of 32 random bytes, the same on every replica)');
  if (sessionKeyPrevious && !env['SESSION_KEY']?.trim()) problems.push('SESSION_KEY_PREVIOUS is set without SESSION_KEY');
  return {
    servers,
    serversFromFile: file !== undefined,
    sessionKey,
    sessionKeyPrevious,
    sessionTtlMs: new Reader(env, problems).int('SESSION_TTL_MS', 12 * 3_600_000, 60_000, 30 * 86_400_000),
    warnings,
  };
}

// Back-off before retry n: full jitter up to base * 2^(n-1), at most max; a server's Retry-After wins.
const RETRY_BASE_DELAY_MS = 100;
const RETRY_MAX_DELAY_MS = 2_000;

/** How often, at most, a 404 or an unanswered start makes the facade discover the API version again. */
export const VERSION_RECHECK_MS = 30_000;
/** How long the `/ready` probe waits for the upstream's answer. */
export const READY_PROBE_TIMEOUT_MS = 2_000;
/** Events one subscriber may have waiting before it is ended alone (it stopped reading). */
const SUBSCRIPTION_QUEUE_MAX = 1_000;

/** The live hub's settings from the configuration. */
export function liveSettings(config: Config): LiveSettings {
  return {
    pollMs: config.subscriptionPollMs,
    maxPerToken: config.maxSubscriptionsPerToken,
    maxTotal: config.maxSubscriptions,
    maxQueued: SUBSCRIPTION_QUEUE_MAX,
    feedTimeoutSeconds: config.liveFeedTimeoutSeconds,
  };
}

/** The upstream machinery's settings from the configuration, for the (versioned) base URL in use. */
export function upstreamSettings(config: Config, baseUrl: URL): UpstreamSettings {
  return {
    baseUrl,
    timeoutMs: config.timeoutMs,
    ca: config.upstreamCa,
    tlsInsecure: config.tlsInsecure,
    maxConnections: config.maxUpstreamConnections,
    maxQueued: config.maxUpstreamQueue,
    maxQueuedPerCaller: config.maxUpstreamQueuePerCaller,
    maxQueueWaitMs: config.queueTimeoutMs,
    maxResponseBytes: config.maxResponseBytes,
    retryBudgetPercent: config.retryBudgetPercent,
    retry: { attempts: config.retryAttempts, baseDelayMs: RETRY_BASE_DELAY_MS, maxDelayMs: RETRY_MAX_DELAY_MS },
    breaker: { threshold: config.breakerThreshold, cooldownMs: config.breakerCooldownMs, minCallers: config.breakerMinCallers },
  };
}

/** Settings of the standalone simulator (`npm run simulator`). */
export interface SimulatorConfig {
  host: string;
  port: number;
  latencyMs: number;
  /** Origin written into the simulator's `_links`; a `.invalid` name by default. */
  advertisedBase: string | undefined;
  /** API versions served, ascending (SIM_API_VERSIONS); all four by default, as an 8.x server. */
  versions: ApiVersion[];
  /** Real time between two steps of a started session (SIM_STEP_MS). */
  stepMs: number;
}

/**
 * Reads SIM_HOST, SIM_PORT, SIM_LATENCY_MS, SIM_ADVERTISED_BASE, SIM_API_VERSIONS and
 * SIM_STEP_MS, reporting all problems together.
 */
export function loadSimulatorConfig(env: Env = process.env): SimulatorConfig {
  const problems: string[] = [];
  const read = new Reader(env, problems);
  const config: SimulatorConfig = {
    host: read.string('SIM_HOST', '127.0.0.1'),
    port: read.int('SIM_PORT', 4443, 0, 65_535),
    latencyMs: read.int('SIM_LATENCY_MS', 0, 0, 600_000),
    advertisedBase: read.url('SIM_ADVERTISED_BASE', false)?.origin,
    versions: readApiVersions(env['SIM_API_VERSIONS'], problems),
    stepMs: read.int('SIM_STEP_MS', 1000, 1, 3_600_000),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** A comma list like `v5,v6` (any case, any order); empty or unset means every version. */
function readApiVersions(value: string | undefined, problems: string[]): ApiVersion[] {
  const names = (value ?? '').split(',').map((v) => v.trim().toLowerCase()).filter((v) => v !== '');
  if (names.length === 0) return [...API_VERSIONS];
  const unknown = names.filter((name) => parseApiVersion(name) === undefined);
  if (unknown.length > 0) {
    problems.push(`SIM_API_VERSIONS must be a comma-separated list of ${API_VERSIONS.join(', ')} (got "${unknown.join(', ')}")`);
    return [...API_VERSIONS];
  }
  return API_VERSIONS.filter((version) => names.includes(version));
}

class Reader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  private raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
      return fallback;
    }
    return parsed;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    this.problems.push(`${name} must be true or false (got "${value}")`);
    return fallback;
  }

  url(name: string, versioned: boolean): URL | null {
    const value = this.raw(name);
    if (value === undefined) return null;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      // The value is not echoed: it may carry credentials.
      this.problems.push(`${name} must be an absolute URL like https://vbm01.example.invalid:4443 or https://vbm01.example.invalid:4443/v8`);
      return null;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      this.problems.push(`${name} must use https: or http: (got "${url.protocol}")`);
    }
    if (url.username || url.password || url.search || url.hash) {
      this.problems.push(`${name} must not contain credentials, a query or a fragment`);
    }
    const { version, named } = splitApiUrl(url);
    if (versioned && named !== undefined && version === undefined) {
      this.problems.push(`${name} names API ${named}, which this facade does not speak: use v5, v6, v7 or v8, or no version to use the newest the server serves`);
    }
    return url;
  }

  /** A `redis:` or `rediss:` URL; the value is never echoed (it may hold a password). */
  redisUrl(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '') {
      this.problems.push(`${name} must be a URL like redis://:password@redis.example.invalid:6379/0 or rediss://... (value not shown)`);
      return undefined;
    }
    return value;
  }

  list(name: string): string[] {
    const value = this.raw(name);
    if (value === undefined) return [];
    const origins = value.split(',').map((o) => o.trim()).filter((o) => o !== '');
    for (const origin of origins) {
      if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
        this.problems.push(`${name} must be a comma-separated list of origins like https://app.example.invalid (got "${origin}")`);
      }
    }
    return origins;
  }

  /** A comma list of IPv4/IPv6 addresses or CIDR ranges (`127.0.0.1`, `192.0.2.0/24`, `fd00::/8`). */
  addressRanges(name: string): string[] {
    const value = this.raw(name);
    if (value === undefined) return [];
    const entries = value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
    const bad = entries.filter((entry) => parseAddressRange(entry) === undefined);
    if (bad.length > 0) {
      this.problems.push(`${name} must be a comma-separated list of IP addresses or CIDR ranges like 127.0.0.1, 192.0.2.0/24 or fd00::/8 (got "${bad.join(', ')}")`);
      return [];
    }
    return entries;
  }

  oneOf(name: string, fallback: string, allowed: readonly string[]): string {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (!allowed.includes(value)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
      return fallback;
    }
    return value;
  }

  json(name: string): Record<string, string> | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    try {
      const parsed: unknown = JSON.parse(readFileSync(value, 'utf8'));
      const entries = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? Object.entries(parsed) : [];
      if (entries.length === 0 || !entries.every(([, doc]) => typeof doc === 'string')) {
        this.problems.push(`${name} must be a JSON object mapping operation hashes to documents (${value})`);
        return undefined;
      }
      return Object.fromEntries(entries) as Record<string, string>;
    } catch {
      this.problems.push(`${name} names a file that cannot be read as JSON (${value})`);
      return undefined;
    }
  }

  file(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    try {
      const text = readFileSync(value, 'utf8');
      if (!text.includes('-----BEGIN CERTIFICATE-----')) {
        this.problems.push(`${name} must be a PEM file with at least one certificate (${value})`);
      }
      return text;
    } catch {
      this.problems.push(`${name} names a file that cannot be read (${value})`);
      return undefined;
    }
  }
}
