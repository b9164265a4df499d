/**
 * The limit on this runtime: a hand-written Node proxy with no GraphQL at all. It takes the
 * same POST /graphql request, reads only `operationName` and `variables` from the JSON body,
 * makes the same REST calls the facade makes for that operation (as concurrently as the data
 * allows, each resource once per request) over node:http with a keep-alive Agent, and writes
 * the facade's response JSON by hand.
 *
 * Env: VBM_API_URL (the simulator's versioned base URL), PORT (0 = any), HOST.
 * Prints `proxy listening: http://HOST:PORT/graphql`.
 */
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';

interface Link {
  href?: string;
}
interface Session {
  id: string;
  status: string;
  creationTime: string;
  _links?: { job?: Link; log?: Link; self?: Link };
}
interface LogItem {
  id: string;
  title: string;
  _links?: { jobsessions?: Link };
}
interface Job {
  name: string;
  lastStatus?: string | null;
}
interface Page<T> {
  results: T[];
}
interface Body {
  operationName?: string;
  variables?: Record<string, string>;
}

const base = (process.env.VBM_API_URL ?? '').replace(/\/+$/, '');
if (!base) throw new Error('VBM_API_URL must be set');
const agent = new Agent({ keepAlive: true, maxSockets: 16 });

const SESSION_STATUS: Record<string, string> = {
  Stopped: 'STOPPED',
  Running: 'RUNNING',
  Success: 'SUCCESS',
  Warning: 'WARNING',
  Failed: 'FAILED',
  Disconnected: 'DISCONNECTED',
  NotConfigured: 'NOT_CONFIGURED',
  Queued: 'QUEUED',
};
const LOG_STATUS: Record<string, string> = { success: 'SUCCESS', warning: 'WARNING', failed: 'FAILED' };
const PREFIX = /^\[([^\]]*)\]\s*/;

const sessionStatus = (value: string | null | undefined) => (value == null ? null : (SESSION_STATUS[value] ?? 'UNKNOWN'));
const logStatus = (title: string) => LOG_STATUS[(PREFIX.exec(title)?.[1] ?? '').trim().toLowerCase()] ?? 'UNKNOWN';

class UpstreamError extends Error {
  constructor(readonly status: number) {
    super(`upstream answered ${status}`);
  }
}

/** The path of an href below the version segment, e.g. `/jobsessions/<id>`. */
function pathOf(href: string | undefined): string | undefined {
  if (!href) return undefined;
  const path = new URL(href, 'http://href.invalid').pathname.toLowerCase();
  const index = path.indexOf('/v5/');
  return index === -1 ? undefined : path.slice(index + 3);
}

/** GETs of one incoming request, each path once. */
function fetcher(authorization: string | undefined) {
  const seen = new Map<string, Promise<unknown>>();
  return <T>(path: string): Promise<T> => {
    let pending = seen.get(path);
    if (!pending) {
      pending = new Promise<unknown>((resolve, reject) => {
        const req = httpRequest(
          `${base}${path}`,
          { agent, headers: { accept: 'application/json', ...(authorization ? { authorization } : {}) } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => {
              if (res.statusCode !== 200) return reject(new UpstreamError(res.statusCode ?? 0));
              try {
                resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
              } catch (error) {
                reject(error instanceof Error ? error : new Error(String(error)));
              }
            });
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end();
      });
      seen.set(path, pending);
    }
    return pending as Promise<T>;
  };
}

type Get = ReturnType<typeof fetcher>;

async function q1(get: Get, { s = '', l = '' }: Record<string, string>) {
  const sessionPath = `/jobsessions/${s.toLowerCase()}`;
  const [session, item] = await Promise.all([
    get<Session>(sessionPath),
    get<LogItem>(`${sessionPath}/logitems/${l.toLowerCase()}`),
  ]);
  const linked = pathOf(item._links?.jobsessions?.href);
  const itemSession = linked ? await get<Session>(linked) : null;
  return {
    jobSession: {
      status: sessionStatus(session.status),
      logItem: { title: item.title, jobSession: itemSession && { status: sessionStatus(itemSession.status) } },
    },
  };
}

async function q2(get: Get, { s = '' }: Record<string, string>, first = 100) {
  const sessionPath = `/jobsessions/${s.toLowerCase()}`;
  const [session, page] = await Promise.all([
    get<Session>(sessionPath),
    get<Page<LogItem>>(`${sessionPath}/logitems?offset=0&limit=${first}`),
  ]);
  const jobPath = pathOf(session._links?.job?.href);
  const [job, owners] = await Promise.all([
    jobPath ? get<Job>(jobPath) : null,
    Promise.all(page.results.map((item) => {
      const linked = pathOf(item._links?.jobsessions?.href);
      return linked ? get<Session>(linked) : null;
    })),
  ]);
  return {
    jobSession: {
      id: session.id,
      status: sessionStatus(session.status),
      job: job && { name: job.name },
      logItems: {
        edges: page.results.map((item, i) => ({
          node: {
            status: logStatus(item.title),
            title: item.title,
            jobSession: owners[i] ? { id: owners[i].id } : null,
          },
        })),
      },
    },
  };
}

async function q3(get: Get, first = 20) {
  const page = await get<Page<Session>>(`/jobsessions?offset=0&limit=${first}`);
  const jobs = await Promise.all(page.results.map((session) => {
    const jobPath = pathOf(session._links?.job?.href);
    return jobPath ? get<Job>(jobPath) : null;
  }));
  return {
    jobSessions: {
      edges: page.results.map((session, i) => ({
        node: {
          status: sessionStatus(session.status),
          creationTime: session.creationTime,
          job: jobs[i] ? { name: jobs[i].name, lastStatus: sessionStatus(jobs[i].lastStatus) } : null,
        },
      })),
    },
  };
}

function send(res: ServerResponse, status: number, value: unknown) {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  if (req.method !== 'POST') return send(res, 405, { errors: [{ message: 'POST only' }] });
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let body: Body;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Body;
  } catch {
    return send(res, 400, { errors: [{ message: 'bad JSON' }] });
  }
  const get = fetcher(req.headers.authorization);
  const variables = body.variables ?? {};
  try {
    switch (body.operationName) {
      case 'Q1':
        return send(res, 200, { data: await q1(get, variables) });
      case 'Q2':
        return send(res, 200, { data: await q2(get, variables) });
      case 'Q3':
        return send(res, 200, { data: await q3(get) });
      default:
        return send(res, 400, { errors: [{ message: `unknown operation ${body.operationName ?? '(none)'}` }] });
    }
  } catch (error) {
    return send(res, 200, { data: null, errors: [{ message: error instanceof Error ? error.message : String(error) }] });
  }
}

const server = createServer((req, res) => void handle(req, res));
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(`proxy listening: http://${process.env.HOST ?? '127.0.0.1'}:${port}/graphql`);
});

const shutdown = () => {
  server.close();
  server.closeIdleConnections();
  agent.destroy();
  setTimeout(() => process.exit(0), 100).unref();
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
