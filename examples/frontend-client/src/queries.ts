/**
 * The example's operations. `graphql()` (generated into `./gql/`) returns a
 * `TypedDocumentNode`, so the result and variable types follow from the query text.
 * After editing a query, run the codegen (see ../README.md).
 */
import { graphql } from './gql/index.js';

/** The 20 most recent job sessions with their jobs, for a dashboard table (a backup-copy session, v6+, has no backup job). */
export const DashboardQuery = graphql(`
  query Dashboard {
    jobSessions(first: 20) {
      edges {
        node {
          id
          status
          creationTime
          jobType
          job {
            name
            lastStatus
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** One page of a session's log, in `usn` order; pass `pageInfo.endCursor` as `after` for the next. */
export const SessionLogQuery = graphql(`
  query SessionLog($id: ID!, $first: Int!, $after: String) {
    jobSession(id: $id) {
      id
      status
      logItems(first: $first, after: $after) {
        edges {
          node {
            usn
            status
            message
            creationTime
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

/** Signs in to several servers at once; each server's result in `servers` (a refusal by one does not fail the others). */
export const CreateSessionMutation = graphql(`
  mutation CreateSession($credentials: [ServerCredentials!]!) {
    createSession(credentials: $credentials) {
      token
      expiresAt
      servers {
        server
        ok
        error
      }
    }
  }
`);

/**
 * One request over every server of the session: each server's version and reachability, the
 * summary since `since` (sessions by status, failed jobs), and the newest sessions merged
 * across servers, each row with its server.
 */
export const CrossServerQuery = graphql(`
  query CrossServer($since: DateTime!) {
    servers {
      name
      apiVersion
      reachable
      signedIn
    }
    summary(since: $since) {
      total {
        success
        warning
        failed
        running
      }
      servers {
        server {
          name
        }
        failedJobs {
          id
          name
        }
      }
    }
    jobSessions(first: 20) {
      edges {
        node {
          server {
            name
          }
          id
          status
          creationTime
        }
      }
    }
  }
`);

/** One session looked up on the server it belongs to. */
export const SessionOnServerQuery = graphql(`
  query SessionOnServer($server: String!, $id: ID!) {
    jobSession(server: $server, id: $id) {
      server {
        name
        apiVersion
      }
      id
      status
    }
  }
`);
