import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTokenStore } from './auth.js';
import { createSimulatorData, type DemoUser, type SessionRecord, type SimulatorData } from './data.js';
import { createRenderer, type Renderer } from './dto.js';
import { createFaultList, planFault, type Fault, type FaultPlan } from './faults.js';
import { createApi, type ApiRequest, type ApiResponse } from './routes.js';
import { createReplay, replayKey } from './replay.js';
import { openRestoreSession } from './resources/restore.js';
import { createJobRunner, JobConflict, type ClockMode } from './runner.js';
import { createStore, type InfrastructureState } from './store.js';
import { API_VERSIONS, normalizeVersions, type ApiVersion } from './versions.js';

export interface SimulatorOptions {
  /** Listen address; default `127.0.0.1` (loopback only). */
  host?: string;
  /** Listen port; default 0 (ephemeral). */
  port?: number;
  /** Origin written into `_links`, as a v5 server writes its own host name; default `https://vbm01.invalid:4443`. */
  advertisedBase?: string;
  /** Delay before answering each request; default 0. */
  latencyMs?: number;
  /** Access token lifetime; default 3600. */
  tokenLifetimeSeconds?: number;
  /** API versions served (a path under any other answers 404); default all four, as an 8.x server. */
  versions?: readonly ApiVersion[];
  /** Real time between two steps of a running session (`clock: 'real'`); default 1000. */
  stepMs?: number;
  /** `real` (default): started sessions step on timers; `manual`: only `advance()` moves them. */
  clock?: ClockMode;
  /**
   * The simulator's clock (epoch ms); default `Date.now`. Read once at start to date the seeded
   * data (it ends then), and by the `real` clock for started sessions.
   */
  now?: () => number;
  /**
   * Demo activity, off by default: every `everyMs` of real time, `jobId` (default: the first
   * enabled job) is started and its session ends Failed, so an alert rule has something to see;
   * the first time after `firstAfterMs` when given.
   */
  failingJob?: { readonly everyMs: number; readonly jobId?: string; readonly firstAfterMs?: number };
  /**
   * Another dataset: a name (e.g. the server's, `eu1`) that seeds other job and session ids and
   * statuses. Unset: the default dataset, Veeam's documented example included.
   */
  variant?: string;
  /** Who may sign in; default DEMO_USERS. */
  users?: readonly DemoUser[];
  /**
   * Benchmarks only, with `clock: 'manual'`: a read is rendered once and its bytes replayed to
   * the same request (path, query, authorization) until the next write, step or event, so the
   * simulator costs the measuring machine about what a remote server does. Default false.
   */
  frozenReads?: boolean;
}

export interface RecordedRequest {
  method: string;
  /** Raw path and query as received, e.g. `/v5/JobSessions?offset=0&limit=30`. */
  path: string;
  /** Raw Authorization header. */
  authorization: string | undefined;
  host: string | undefined;
  /** The x-request-id header. */
  requestId: string | undefined;
  /** performance.now() when received. */
  startedAt: number;
  /** performance.now() when the response finished or the socket was destroyed. */
  endedAt?: number;
  status?: number;
  /** Body of a POST other than `/token` (sign-in bodies hold passwords and are never recorded). */
  body?: string;
}

export interface Simulator {
  /**
   * Base URL including the version, e.g. `http://127.0.0.1:45678/v5`: the v5 base when v5 is
   * served, else the newest served version's.
   */
  readonly url: string;
  /** Served versions, ascending. */
  readonly versions: readonly ApiVersion[];
  /** `${origin}/${version}`. */
  baseUrl(version: ApiVersion): string;
  /** e.g. `http://127.0.0.1:45678`. */
  readonly origin: string;
  readonly advertisedBase: string;
  /** Every request served, in arrival order (including token, 401 and faulted ones). */
  readonly requests: RecordedRequest[];
  /** TCP connections accepted so far (keep-alive reuse shows as fewer connections than requests). */
  readonly connectionsAccepted: number;
  /** When the simulator started (epoch ms, from its clock): the seeded data ends then. */
  readonly startedAt: number;
  /** The live dataset (started sessions appear first in `sessions`); read-only use. */
  readonly data: SimulatorData;
  /** Moves every started, still running session by `steps` steps (default 1); meant for `clock: 'manual'`. */
  advance(steps?: number): void;
  /** Sessions started through the API that are still running, newest first. */
  runningSessions(): readonly SessionRecord[];
  /** Starts a job whose session ends Failed after its steps; throws when the job is running or disabled. */
  startFailingSession(jobId: string): SessionRecord;
  /** What a test changes in the infrastructure: repository free space, proxy status, health. */
  readonly infrastructure: InfrastructureState;
  /** The restore session still open (the newest one), if any. */
  openRestoreSession(): { readonly id: string; readonly organizationId: string } | undefined;
  /** Ends the open restore session with this id now (state Stopped); false when it is not the open one. */
  endRestoreSession(id: string): boolean;
  /** Long polls of `/Events` waiting for an event right now. */
  readonly longPolls: number;
  /** Adds a session at the top of the lists (or replaces the one with its id), as a server would record it. */
  putSession(session: SessionRecord): void;
  resetRequests(): void;
  setLatency(ms: number): void;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  /** A valid access token for a demo user, without HTTP. */
  issueToken(userName: string): string;
  /**
   * Revokes an access token (and its refresh token) as an administrator would, on every served
   * version: from then on the server answers 401 to it. False when it was not a valid token.
   */
  revokeToken(accessToken: string): boolean;
  /** Closes the server, stops the session timers and destroys open (also hanging) sockets. */
  close(): Promise<void>;
}

const DEFAULT_ADVERTISED_BASE = 'https://vbm01.invalid:4443';
/** `GET /ServiceInstance` of every simulator: one fictitious installation. */
const INSTALLATION_ID = '0b6f3c1e-5d2a-4e8f-9c47-2a1d8e6b3f90';
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
const SLOW_BODY_CHUNKS = 4;
/** Long polls of `/Events` held at once; past it, a poll answers at once (with nothing, if nothing happened). */
const MAX_LONG_POLLS = 64;
const NO_FAULT: FaultPlan = { delayMs: 0, headers: {}, action: { kind: 'none' } };
const INTERNAL_ERROR: ApiResponse = {
  status: 500,
  body: JSON.stringify({ message: 'An error has occurred.' }),
  headers: {},
};

/**
 * Starts an embedded Veeam Backup for Microsoft 365 8.x REST simulator over plain HTTP, serving
 * API v5 to v8 at once (or the `versions` given). Every call builds its own state (tokens,
 * faults, request log, started sessions); the seeded dataset is deterministic.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const advertisedBase = (options.advertisedBase ?? DEFAULT_ADVERTISED_BASE).replace(/\/+$/, '');
  const versions = normalizeVersions(options.versions ?? API_VERSIONS);
  const stepMs = nonNegative('stepMs', options.stepMs ?? 1000);
  const now = options.now ?? Date.now;
  const startedAt = now();
  const store = createStore(createSimulatorData(startedAt, options.variant));
  const tokens = createTokenStore(nonNegative('tokenLifetimeSeconds', options.tokenLifetimeSeconds ?? 3600), options.users);
  const runner = createJobRunner(store, stepMs, options.clock ?? 'real', startedAt, now);
  const instanceId = randomBytes(6).toString('hex');
  const renderers = new Map<ApiVersion, Renderer>(
    versions.map((version) => [version, createRenderer(advertisedBase, version, instanceId)]),
  );
  const api = createApi({ store, tokens, runner, renderers, instanceId, installationId: INSTALLATION_ID });
  const faults = createFaultList();
  const replay = options.frozenReads ? createReplay() : undefined;
  if (replay) store.onEvent(() => replay.clear());
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const closing = new AbortController();
  let latencyMs = nonNegative('latencyMs', options.latencyMs ?? 0);
  let longPolls = 0;

  // Rejects with an AbortError once close() runs, so no timer outlives the simulator.
  const pause = async (ms: number): Promise<void> => {
    if (ms > 0) await sleep(ms, undefined, { signal: closing.signal });
  };

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const record = recordOf(req);
    requests.push(record);
    res.on('close', () => {
      record.endedAt = performance.now();
    });
    const [path, query = ''] = splitUrl(record.path);
    try {
      const body = await readBody(req);
      if (record.method.toUpperCase() === 'POST' && !/\/token(\/|$)/i.test(path)) record.body = body;
      // Latency counts from arrival, so reading the request does not add to it.
      await pause(latencyMs - (performance.now() - record.startedAt));
      const fault = faults.take(record.method, path.toLowerCase());
      const plan = fault === undefined ? NO_FAULT : planFault(fault);
      await pause(plan.delayMs);
      const request: ApiRequest = {
        method: record.method,
        path,
        query: new URLSearchParams(query),
        authorization: record.authorization,
        body,
        contentType: req.headers['content-type'],
        antiforgeryToken: firstValue(req.headers, 'x-xsrf-token'),
      };
      // Only reads are replayed (a sign-in or a write answers anew each time), and a write ends every replay.
      const reads = record.method.toUpperCase() === 'GET';
      if (replay && !reads) replay.clear();
      const key = replay && reads ? replayKey(path, query, record.authorization) : undefined;
      // A long poll waits until an event the caller may see arrives (others wake it, and it waits on), its time is up, or the client leaves.
      const answer = async (): Promise<ApiResponse> => {
        const replayed = key === undefined ? undefined : replay?.get(key);
        if (replayed) return replayed;
        let response = api(request);
        if (key !== undefined) replay?.keep(key, response);
        if (response.wait === undefined) return response;
        const from = response.wait.from;
        const at = (noWait: boolean) => api({ ...request, noWait, query: withParameter(request.query, 'from', from) });
        if (longPolls >= MAX_LONG_POLLS) return at(true);
        const until = performance.now() + response.wait.ms;
        longPolls++;
        try {
          while (response.wait !== undefined && performance.now() < until && !res.destroyed && !closing.signal.aborted) {
            await nextEvent(until - performance.now(), res);
            response = at(false);
          }
        } finally {
          longPolls--;
        }
        return response.wait === undefined ? response : at(true);
      };
      await act(plan, answer, res, record, pause);
    } catch {
      if (closing.signal.aborted || res.headersSent) res.destroy();
      else send(res, record, INTERNAL_ERROR);
    }
  };

  /** Resolves on the store's next event, after `ms`, when the client goes away, or on close(). */
  const nextEvent = (ms: number, res: ServerResponse): Promise<void> =>
    new Promise<void>((resolve) => {
      if (closing.signal.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        unsubscribe();
        closing.signal.removeEventListener('abort', done);
        res.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      const unsubscribe = store.onEvent(done);
      closing.signal.addEventListener('abort', done, { once: true });
      res.once('close', done);
    });

  const server = createServer((req, res) => void serve(req, res));
  let connectionsAccepted = 0;
  server.on('connection', (socket) => {
    connectionsAccepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The simulator is not listening on TCP');
  const origin = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  let closed: Promise<void> | undefined;
  const startFailingSession = (jobId: string): SessionRecord => {
    const job = store.job(jobId);
    if (job === undefined) throw new RangeError(`No job with id ${jobId}`);
    replay?.clear();
    return runner.start(job, { full: false, fails: true });
  };
  const failing = options.failingJob;
  const failNow = (): void => {
    if (failing === undefined) return;
    const jobId = failing.jobId ?? store.data.jobs.find((job) => job.isEnabled)?.id;
    try {
      if (jobId !== undefined) startFailingSession(jobId);
    } catch (error) {
      // The job is still running (or was disabled): the next interval tries again.
      if (!(error instanceof JobConflict)) throw error;
    }
  };
  const demoTimer = failing === undefined ? undefined : setInterval(failNow, nonNegative('failingJob.everyMs', failing.everyMs) || 1);
  demoTimer?.unref();
  // The first failing run, sooner than the interval when asked.
  const firstTimer = failing?.firstAfterMs === undefined ? undefined : setTimeout(failNow, nonNegative('failingJob.firstAfterMs', failing.firstAfterMs));
  firstTimer?.unref();

  const close = async (): Promise<void> => {
    closing.abort();
    clearInterval(demoTimer);
    clearTimeout(firstTimer);
    runner.close();
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    const socketsClosed = [...sockets].map((socket) => new Promise((resolve) => socket.once('close', resolve)));
    for (const socket of sockets) socket.destroy();
    await Promise.all([stopped, ...socketsClosed]);
  };

  const baseUrl = (version: ApiVersion): string => `${origin}/${version}`;
  return {
    url: baseUrl(versions.includes('v5') ? 'v5' : (versions.at(-1) ?? 'v5')),
    versions,
    baseUrl,
    origin,
    advertisedBase,
    requests,
    startedAt,
    data: store.data,
    advance: (steps = 1) => {
      replay?.clear();
      runner.advance(steps);
    },
    runningSessions: () => runner.running(),
    startFailingSession,
    infrastructure: store.infrastructure,
    openRestoreSession: () => openRestoreSession(store),
    endRestoreSession(id) {
      const open = openRestoreSession(store);
      if (open === undefined || open.id !== id) return false;
      store.endRestoreSession(id, open.organizationId, now());
      return true;
    },
    get longPolls() {
      return longPolls;
    },
    putSession: (session) => {
      replay?.clear();
      store.putSession(session);
    },
    get connectionsAccepted() {
      return connectionsAccepted;
    },
    resetRequests: () => {
      requests.length = 0;
    },
    setLatency: (ms) => {
      latencyMs = nonNegative('latency', ms);
    },
    injectFault: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    issueToken: (userName) => tokens.issue(userName).access_token,
    revokeToken: (accessToken) => {
      replay?.clear();
      return tokens.revoke(`Bearer ${accessToken}`);
    },
    close: () => (closed ??= close()),
  };
}

async function act(
  plan: FaultPlan,
  answer: () => Promise<ApiResponse>,
  res: ServerResponse,
  record: RecordedRequest,
  pause: (ms: number) => Promise<void>,
): Promise<void> {
  const { action, headers } = plan;
  switch (action.kind) {
    case 'hang':
      return; // the client's abort or close() ends it
    case 'reset':
      res.socket?.resetAndDestroy();
      return;
    case 'replace':
      return send(res, record, { status: action.status, body: action.body, headers: {} }, headers);
    case 'truncate':
      return sendTruncated(res, record, await answer(), headers);
    case 'slow':
      return sendSlowly(res, record, await answer(), headers, action.durationMs, pause);
    case 'none':
      return send(res, record, await answer(), headers);
  }
}

function send(
  res: ServerResponse,
  record: RecordedRequest,
  response: ApiResponse,
  extra: Readonly<Record<string, string>> = {},
): void {
  if (res.destroyed) return;
  record.status = response.status;
  res.writeHead(response.status, headersFor(response, extra, Buffer.byteLength(response.body)));
  res.end(response.body);
}

/** Half the body and no content-length, so the response ends cleanly but the JSON does not parse. */
function sendTruncated(
  res: ServerResponse,
  record: RecordedRequest,
  response: ApiResponse,
  extra: Readonly<Record<string, string>>,
): void {
  if (res.destroyed) return;
  const bytes = Buffer.from(response.body);
  record.status = response.status;
  res.writeHead(response.status, headersFor(response, extra));
  res.end(bytes.subarray(0, Math.floor(bytes.length / 2)));
}

async function sendSlowly(
  res: ServerResponse,
  record: RecordedRequest,
  response: ApiResponse,
  extra: Readonly<Record<string, string>>,
  durationMs: number,
  pause: (ms: number) => Promise<void>,
): Promise<void> {
  if (res.destroyed) return;
  const bytes = Buffer.from(response.body);
  const chunkSize = Math.ceil(bytes.length / SLOW_BODY_CHUNKS);
  record.status = response.status;
  res.writeHead(response.status, headersFor(response, extra, bytes.length));
  res.flushHeaders();
  for (let chunk = 0; chunk < SLOW_BODY_CHUNKS; chunk += 1) {
    await pause(durationMs / SLOW_BODY_CHUNKS);
    if (res.destroyed) return;
    res.write(bytes.subarray(chunk * chunkSize, (chunk + 1) * chunkSize));
  }
  res.end();
}

/** Lowercased names, so a fault's `Retry-After` cannot duplicate a header. */
function headersFor(
  response: ApiResponse,
  extra: Readonly<Record<string, string>>,
  contentLength?: number,
): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': JSON_CONTENT_TYPE };
  if (contentLength !== undefined) headers['content-length'] = String(contentLength);
  for (const [name, value] of [...Object.entries(response.headers), ...Object.entries(extra)]) {
    headers[name.toLowerCase()] = value;
  }
  return headers;
}

function recordOf(req: IncomingMessage): RecordedRequest {
  return {
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    authorization: req.headers.authorization,
    host: req.headers.host,
    requestId: firstValue(req.headers, 'x-request-id'),
    startedAt: performance.now(),
  };
}

function firstValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function withParameter(query: URLSearchParams, name: string, value: string): URLSearchParams {
  const next = new URLSearchParams([...query].filter(([key]) => key.toLowerCase() !== name.toLowerCase()));
  next.set(name, value);
  return next;
}

function splitUrl(url: string): [string, string?] {
  const index = url.indexOf('?');
  return index === -1 ? [url] : [url.slice(0, index), url.slice(index + 1)];
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a non-negative number, got ${value}`);
  return value;
}
