// Hive Gateway config for the benchmark peer; bench/run.ts copies it into .bench-peers/hive/
// next to the composed supergraph. The REST API links objects only through `_links` hrefs,
// which no OpenAPI link expression can turn into a path parameter, so the relations are
// added the way Hive Gateway documents schema extensions: additionalTypeDefs plus
// additionalResolvers that call the subgraph's own root fields through the in-context SDK.
// One resolver per relation, no lookahead, no cache beyond what the gateway does itself.
import { defineConfig } from '@graphql-hive/gateway';

/** The id after `collection` in an href such as https://vbm01:4443/v5/jobsessions/<id>. */
function idAfter(href, collection) {
  const segments = new URL(href, 'http://href.invalid').pathname.split('/').filter(Boolean);
  const index = segments.findIndex((segment) => segment.toLowerCase() === collection);
  return index === -1 ? undefined : segments[index + 1];
}

export const gatewayConfig = defineConfig({
  logging: 'warn',
  additionalTypeDefs: /* GraphQL */ `
    extend type JobSession {
      "The job, followed through _links.job."
      job: Job
      "One log item of this session, by id."
      logItem(id: String!): LogItem
      "A page of this session's log items, followed through _links.log."
      logItems(offset: Int, limit: Int): LogItemPage
    }
    extend type LogItem {
      "The item's session, followed through _links.jobsessions."
      jobSession: JobSession
    }
  `,
  additionalResolvers: {
    JobSession: {
      job: {
        selectionSet: '{ _links { job { href } } }',
        resolve: (root, _args, context, info) => {
          const jobId = root._links?.job?.href && idAfter(root._links.job.href, 'jobs');
          return jobId ? context.VBM.Query.job({ root, args: { jobId }, context, info }) : null;
        },
      },
      logItem: {
        selectionSet: '{ id }',
        resolve: (root, args, context, info) =>
          context.VBM.Query.logItem({ root, args: { jobSessionId: root.id, logItemId: args.id }, context, info }),
      },
      logItems: {
        selectionSet: '{ id _links { log { href } } }',
        resolve: (root, args, context, info) => {
          const jobSessionId = (root._links?.log?.href && idAfter(root._links.log.href, 'jobsessions')) ?? root.id;
          return context.VBM.Query.logItems({ root, args: { jobSessionId, ...args }, context, info });
        },
      },
    },
    LogItem: {
      jobSession: {
        selectionSet: '{ _links { jobsessions { href } } }',
        resolve: (root, _args, context, info) => {
          const jobSessionId = root._links?.jobsessions?.href && idAfter(root._links.jobsessions.href, 'jobsessions');
          return jobSessionId ? context.VBM.Query.jobSession({ root, args: { jobSessionId }, context, info }) : null;
        },
      },
    },
  },
});
