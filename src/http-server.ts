import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isAsyncIterable, processRegularResult, type GraphQLParams } from 'graphql-yoga';

/** Limits of the facade's own HTTP server. */
export interface HttpServerLimits {
  /** Time for a client to send its request headers (slow-header clients are cut off). */
  httpHeadersTimeoutMs: number;
  /** Time for a client to send its whole request, body included (slow-body clients are cut off). */
  httpRequestTimeoutMs: number;
  /** Most open client connections; more are refused at accept. */
  httpMaxConnections: number;
  /** Largest request body (MAX_BODY_BYTES); Yoga's plugins answer anything larger. */
  maxBodyBytes: number;
  /** CORS origins: with CORS on, every request goes through Yoga, whose CORS plugin answers. */
  corsOrigins: readonly string[];
}

/** What the server needs of the Yoga instance `buildYoga` returns. */
export interface GraphQLServer {
  (req: IncomingMessage, res: ServerResponse): unknown;
  fetch(input: string, init: RequestInit, serverContext: object): Response | Promise<Response>;
  getResultForParams(payload: { params: GraphQLParams; request: Request }, context: object): unknown;
  fetchAPI: { Request: typeof Request; Response: typeof Response };
  graphqlEndpoint: string;
}

/**
 * The `node:http` server `index.ts` listens with: timeouts that cut off clients sending headers
 * or a body too slowly, a cap on open connections, and Yoga behind {@link graphqlRequestListener}.
 */
export function createHttpServer(yoga: GraphQLServer, limits: HttpServerLimits): Server {
  const server = createServer(
    {
      headersTimeout: limits.httpHeadersTimeoutMs,
      requestTimeout: limits.httpRequestTimeoutMs,
      // Node checks both timeouts on this interval (30 s by default): check often enough for them to hold.
      connectionsCheckingInterval: Math.min(1_000, limits.httpHeadersTimeoutMs),
    },
    graphqlRequestListener(yoga, limits),
  );
  server.maxConnections = limits.httpMaxConnections;
  return server;
}

const JSON_CONTENT = /^application\/json\s*(;|$)/i;
const DIGITS = /^\d+$/;
const GRAPHQL_RESPONSE = 'application/graphql-response+json';

/**
 * Serves the common GraphQL request, a `POST /graphql` of one JSON operation answered as
 * `application/json` or `application/graphql-response+json`, straight from `node:http` into
 * Yoga's own operation pipeline (`getResultForParams`: the `onParams` hooks, which check the
 * parameters and look up persisted operations, then envelop with every plugin: parse and
 * validation caches, armor, budget, masked errors, metrics, tracing, logs), and writes the JSON
 * itself. What it skips is the Fetch API adapter: a Request and a Response object per request,
 * the request parser, the result processor and their promise chains.
 *
 * Everything else goes to Yoga whole: other paths and methods, bodies that are not JSON (415),
 * without a length or over MAX_BODY_BYTES (413), other Accept types, CORS, batches and bodies
 * that are not a JSON object, and requests an `onParams` hook refuses. A request whose body was
 * already read is handed to `yoga.fetch` with that body, so Yoga answers it as it would have.
 */
export function graphqlRequestListener(yoga: GraphQLServer, limits: Pick<HttpServerLimits, 'maxBodyBytes' | 'corsOrigins'>) {
  const cors = limits.corsOrigins.length > 0;
  const fast = (req: IncomingMessage): boolean => {
    if (cors || req.method !== 'POST' || req.url !== yoga.graphqlEndpoint) return false;
    const headers = req.headers;
    const length = headers['content-length'];
    const accept = headers.accept;
    return (
      length !== undefined &&
      DIGITS.test(length) &&
      Number(length) <= limits.maxBodyBytes &&
      headers['transfer-encoding'] === undefined &&
      headers['content-encoding'] === undefined &&
      JSON_CONTENT.test(headers['content-type'] ?? '') &&
      (accept === undefined || accept === '*/*' || accept === 'application/json' || accept === GRAPHQL_RESPONSE)
    );
  };
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (!fast(req)) {
      void yoga(req, res);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      // Node ends the body at its Content-Length, which is within the limit; this only guards it.
      if (size <= limits.maxBodyBytes) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > limits.maxBodyBytes) {
        res.destroy();
        return;
      }
      answer(yoga, req, res, Buffer.concat(chunks, size).toString('utf8'));
    });
  };
}

function answer(yoga: GraphQLServer, req: IncomingMessage, res: ServerResponse, body: string): void {
  const params = paramsOf(body);
  const url = `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
  const signal = abortedWithClient(res);
  if (params === undefined) {
    void viaYoga(yoga, req, res, url, body, signal);
    return;
  }
  const request = new yoga.fetchAPI.Request(url, { method: 'POST', headers: req.headers as HeadersInit, signal });
  const mediaType = req.headers.accept === GRAPHQL_RESPONSE ? GRAPHQL_RESPONSE : 'application/json';
  // A hook may refuse the parameters before execution (names or types Yoga does not take, a
  // persisted operation not found), synchronously or not: Yoga's whole pipeline turns that
  // into its HTTP answer.
  let pending: unknown;
  try {
    pending = yoga.getResultForParams({ params, request }, { req, res });
  } catch {
    void viaYoga(yoga, req, res, url, body, signal);
    return;
  }
  Promise.resolve(pending)
    .then(
      (result) => send(yoga, res, result as Result, mediaType),
      () => viaYoga(yoga, req, res, url, body, signal),
    )
    .catch(() => failed(res));
}

/** Writing the answer itself failed: a bare 500, or a cut connection when the head is out. */
function failed(res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(500);
  res.end();
}

type Result = { errors?: readonly unknown[]; extensions?: { http?: unknown }; stringify?: (value: unknown) => string } | readonly unknown[];

function send(yoga: GraphQLServer, res: ServerResponse, result: Result, mediaType: string): Promise<void> | void {
  if (!Array.isArray(result) && !isAsyncIterable(result)) {
    const single = result as Exclude<Result, readonly unknown[]>;
    if (!single.errors?.length && !single.extensions?.http) {
      // What Yoga's regular result processor writes for a result without errors.
      const text = (single.stringify ?? JSON.stringify)(single);
      res.writeHead(200, { 'content-type': `${mediaType}; charset=utf-8`, 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
  }
  // Errors (their HTTP status, internals left out) and streams (406): Yoga's own processor.
  return write(res, processRegularResult(result as never, yoga.fetchAPI as never, mediaType));
}

async function viaYoga(yoga: GraphQLServer, req: IncomingMessage, res: ServerResponse, url: string, body: string, signal: AbortSignal): Promise<void> {
  try {
    await write(res, await yoga.fetch(url, { method: 'POST', headers: headersInit(req.headers), body, signal }, { req, res }));
  } catch {
    failed(res);
  }
}

async function write(res: ServerResponse, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  headers['content-length'] = String(body.byteLength);
  res.writeHead(response.status, headers);
  res.end(body);
}

/** The request's signal aborts when the client goes away before the answer is written. */
function abortedWithClient(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

function headersInit(headers: IncomingHttpHeaders): Record<string, string> {
  const init: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) init[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return init;
}

/**
 * One operation's parameters: a JSON object. Yoga's `onParams` hooks check them (names and
 * types) inside `getResultForParams` and throw, like a batch (an array) or bad JSON, go to Yoga.
 */
function paramsOf(body: string): GraphQLParams | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as GraphQLParams) : undefined;
}
