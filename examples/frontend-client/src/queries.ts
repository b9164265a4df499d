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
