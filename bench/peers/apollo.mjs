// Apollo Server 5 + RESTDataSource peer, written the way Apollo's docs teach: one data source
// class per REST API, a resolver per field that follows the parent's id or `_links` href
// through the data source, no lookahead. Serves the facade's own field names for the three
// benchmark scenarios, so the bench sends it the same query text.
//
// bench/run.ts copies this file into .bench-peers/apollo/ (where its packages are installed)
// and starts it with VBM_API_URL (the simulator's versioned base URL), PORT and HOST.
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { RESTDataSource } from '@apollo/datasource-rest';

const baseURL = `${(process.env.VBM_API_URL ?? '').replace(/\/+$/, '')}/`;
const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';
if (baseURL === '/') throw new Error('VBM_API_URL must be set');

const typeDefs = /* GraphQL */ `
  enum JobSessionStatus { STOPPED RUNNING SUCCESS WARNING FAILED DISCONNECTED NOT_CONFIGURED QUEUED UNKNOWN }
  enum LogItemStatus { SUCCESS WARNING FAILED UNKNOWN }

  type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }

  type Job {
    id: ID!
    name: String!
    description: String
    lastStatus: JobSessionStatus
    isEnabled: Boolean!
  }

  type JobSession {
    id: ID!
    status: JobSessionStatus!
    creationTime: String!
    endTime: String
    job: Job
    logItems(first: Int = 30, after: String): LogItemConnection
    logItem(id: ID!): LogItem
  }
  type JobSessionEdge { cursor: String! node: JobSession! }
  type JobSessionConnection { edges: [JobSessionEdge!]! pageInfo: PageInfo! }

  type LogItem {
    id: ID!
    usn: Float!
    title: String!
    status: LogItemStatus!
    message: String!
    creationTime: String!
    endTime: String
    jobSession: JobSession
  }
  type LogItemEdge { cursor: String! node: LogItem! }
  type LogItemConnection { edges: [LogItemEdge!]! pageInfo: PageInfo! }

  type Query {
    jobSession(id: ID!): JobSession
    jobSessions(first: Int = 30, after: String): JobSessionConnection
    job(id: ID!): Job
  }
`;

class VbmAPI extends RESTDataSource {
  baseURL = baseURL;

  constructor(options) {
    super(options);
    this.token = options.token;
  }

  willSendRequest(_path, request) {
    if (this.token) request.headers.authorization = this.token;
  }

  getJobSession(id) {
    return this.get(`jobsessions/${encodeURIComponent(id)}`);
  }

  getJobSessions(offset, limit) {
    return this.get('jobsessions', { params: { offset: String(offset), limit: String(limit) } });
  }

  getLogItem(sessionId, id) {
    return this.get(`jobsessions/${encodeURIComponent(sessionId)}/logitems/${encodeURIComponent(id)}`);
  }

  getLogItems(sessionId, offset, limit) {
    return this.get(`jobsessions/${encodeURIComponent(sessionId)}/logitems`, {
      params: { offset: String(offset), limit: String(limit) },
    });
  }

  getJob(id) {
    return this.get(`jobs/${encodeURIComponent(id)}`);
  }
}

/** The id after `collection` in a v5 href such as https://vbm01:4443/v5/jobs/<id>. */
function idAfter(href, collection) {
  if (typeof href !== 'string') return undefined;
  const segments = new URL(href, 'http://href.invalid').pathname.split('/').filter(Boolean);
  const index = segments.findIndex((segment) => segment.toLowerCase() === collection);
  return index === -1 ? undefined : segments[index + 1];
}

const SESSION_STATUS = {
  Stopped: 'STOPPED',
  Running: 'RUNNING',
  Success: 'SUCCESS',
  Warning: 'WARNING',
  Failed: 'FAILED',
  Disconnected: 'DISCONNECTED',
  NotConfigured: 'NOT_CONFIGURED',
  Queued: 'QUEUED',
};
const LOG_STATUS = { success: 'SUCCESS', warning: 'WARNING', failed: 'FAILED' };
const PREFIX = /^\[([^\]]*)\]\s*/;

const encodeCursor = (offset) => Buffer.from(`o:${offset}`).toString('base64url');
const decodeCursor = (cursor) => Number(/^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))?.[1] ?? -1);

function connection(page, offset) {
  const items = page.results ?? [];
  return {
    edges: items.map((node, i) => ({ cursor: encodeCursor(offset + i), node })),
    pageInfo: {
      hasNextPage: typeof page._links?.next?.href === 'string',
      hasPreviousPage: offset > 0,
      startCursor: items.length > 0 ? encodeCursor(offset) : null,
      endCursor: items.length > 0 ? encodeCursor(offset + items.length - 1) : null,
    },
  };
}

const windowOf = ({ first, after }) => ({ limit: first ?? 30, offset: after ? decodeCursor(after) + 1 : 0 });
const sessionStatus = (value) => SESSION_STATUS[value] ?? 'UNKNOWN';

const resolvers = {
  Query: {
    jobSession: (_parent, { id }, { dataSources }) => dataSources.vbmAPI.getJobSession(id),
    jobSessions: async (_parent, args, { dataSources }) => {
      const { offset, limit } = windowOf(args);
      return connection(await dataSources.vbmAPI.getJobSessions(offset, limit), offset);
    },
    job: (_parent, { id }, { dataSources }) => dataSources.vbmAPI.getJob(id),
  },
  JobSession: {
    status: (session) => sessionStatus(session.status),
    job: (session, _args, { dataSources }) => {
      const jobId = idAfter(session._links?.job?.href, 'jobs');
      return jobId ? dataSources.vbmAPI.getJob(jobId) : null;
    },
    logItems: async (session, args, { dataSources }) => {
      const { offset, limit } = windowOf(args);
      const sessionId = idAfter(session._links?.log?.href, 'jobsessions') ?? session.id;
      return connection(await dataSources.vbmAPI.getLogItems(sessionId, offset, limit), offset);
    },
    logItem: (session, { id }, { dataSources }) => dataSources.vbmAPI.getLogItem(session.id, id),
  },
  LogItem: {
    status: (item) => LOG_STATUS[(PREFIX.exec(item.title)?.[1] ?? '').trim().toLowerCase()] ?? 'UNKNOWN',
    message: (item) => item.title.replace(PREFIX, ''),
    jobSession: (item, _args, { dataSources }) => {
      const sessionId = idAfter(item._links?.jobsessions?.href, 'jobsessions');
      return sessionId ? dataSources.vbmAPI.getJobSession(sessionId) : null;
    },
  },
  Job: {
    lastStatus: (job) => (job.lastStatus == null ? null : sessionStatus(job.lastStatus)),
  },
};

const server = new ApolloServer({ typeDefs, resolvers });
const { url } = await startStandaloneServer(server, {
  context: async ({ req }) => {
    const { cache } = server;
    const token = req.headers.authorization;
    return { dataSources: { vbmAPI: new VbmAPI({ cache, token }) } };
  },
  listen: { port, host },
});
console.log(`apollo peer listening: ${url}`);

const shutdown = () => {
  void server.stop().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3_000).unref();
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
