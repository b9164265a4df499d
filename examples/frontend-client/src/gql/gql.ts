/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Dashboard {\n    jobSessions(first: 20) {\n      edges {\n        node {\n          id\n          status\n          creationTime\n          jobType\n          job {\n            name\n            lastStatus\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.DashboardDocument,
    "\n  query SessionLog($id: ID!, $first: Int!, $after: String) {\n    jobSession(id: $id) {\n      id\n      status\n      logItems(first: $first, after: $after) {\n        edges {\n          node {\n            usn\n            status\n            message\n            creationTime\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.SessionLogDocument,
    "\n  mutation CreateSession($credentials: [ServerCredentials!]!) {\n    createSession(credentials: $credentials) {\n      token\n      expiresAt\n      servers {\n        server\n        ok\n        error\n      }\n    }\n  }\n": typeof types.CreateSessionDocument,
    "\n  query CrossServer($since: DateTime!) {\n    servers {\n      name\n      apiVersion\n      reachable\n      signedIn\n    }\n    summary(since: $since) {\n      total {\n        success\n        warning\n        failed\n        running\n      }\n      servers {\n        server {\n          name\n        }\n        failedJobs {\n          id\n          name\n        }\n      }\n    }\n    jobSessions(first: 20) {\n      edges {\n        node {\n          server {\n            name\n          }\n          id\n          status\n          creationTime\n        }\n      }\n    }\n  }\n": typeof types.CrossServerDocument,
    "\n  query SessionOnServer($server: String!, $id: ID!) {\n    jobSession(server: $server, id: $id) {\n      server {\n        name\n        apiVersion\n      }\n      id\n      status\n    }\n  }\n": typeof types.SessionOnServerDocument,
};
const documents: Documents = {
    "\n  query Dashboard {\n    jobSessions(first: 20) {\n      edges {\n        node {\n          id\n          status\n          creationTime\n          jobType\n          job {\n            name\n            lastStatus\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.DashboardDocument,
    "\n  query SessionLog($id: ID!, $first: Int!, $after: String) {\n    jobSession(id: $id) {\n      id\n      status\n      logItems(first: $first, after: $after) {\n        edges {\n          node {\n            usn\n            status\n            message\n            creationTime\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.SessionLogDocument,
    "\n  mutation CreateSession($credentials: [ServerCredentials!]!) {\n    createSession(credentials: $credentials) {\n      token\n      expiresAt\n      servers {\n        server\n        ok\n        error\n      }\n    }\n  }\n": types.CreateSessionDocument,
    "\n  query CrossServer($since: DateTime!) {\n    servers {\n      name\n      apiVersion\n      reachable\n      signedIn\n    }\n    summary(since: $since) {\n      total {\n        success\n        warning\n        failed\n        running\n      }\n      servers {\n        server {\n          name\n        }\n        failedJobs {\n          id\n          name\n        }\n      }\n    }\n    jobSessions(first: 20) {\n      edges {\n        node {\n          server {\n            name\n          }\n          id\n          status\n          creationTime\n        }\n      }\n    }\n  }\n": types.CrossServerDocument,
    "\n  query SessionOnServer($server: String!, $id: ID!) {\n    jobSession(server: $server, id: $id) {\n      server {\n        name\n        apiVersion\n      }\n      id\n      status\n    }\n  }\n": types.SessionOnServerDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dashboard {\n    jobSessions(first: 20) {\n      edges {\n        node {\n          id\n          status\n          creationTime\n          jobType\n          job {\n            name\n            lastStatus\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Dashboard {\n    jobSessions(first: 20) {\n      edges {\n        node {\n          id\n          status\n          creationTime\n          jobType\n          job {\n            name\n            lastStatus\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SessionLog($id: ID!, $first: Int!, $after: String) {\n    jobSession(id: $id) {\n      id\n      status\n      logItems(first: $first, after: $after) {\n        edges {\n          node {\n            usn\n            status\n            message\n            creationTime\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SessionLog($id: ID!, $first: Int!, $after: String) {\n    jobSession(id: $id) {\n      id\n      status\n      logItems(first: $first, after: $after) {\n        edges {\n          node {\n            usn\n            status\n            message\n            creationTime\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSession($credentials: [ServerCredentials!]!) {\n    createSession(credentials: $credentials) {\n      token\n      expiresAt\n      servers {\n        server\n        ok\n        error\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateSession($credentials: [ServerCredentials!]!) {\n    createSession(credentials: $credentials) {\n      token\n      expiresAt\n      servers {\n        server\n        ok\n        error\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CrossServer($since: DateTime!) {\n    servers {\n      name\n      apiVersion\n      reachable\n      signedIn\n    }\n    summary(since: $since) {\n      total {\n        success\n        warning\n        failed\n        running\n      }\n      servers {\n        server {\n          name\n        }\n        failedJobs {\n          id\n          name\n        }\n      }\n    }\n    jobSessions(first: 20) {\n      edges {\n        node {\n          server {\n            name\n          }\n          id\n          status\n          creationTime\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CrossServer($since: DateTime!) {\n    servers {\n      name\n      apiVersion\n      reachable\n      signedIn\n    }\n    summary(since: $since) {\n      total {\n        success\n        warning\n        failed\n        running\n      }\n      servers {\n        server {\n          name\n        }\n        failedJobs {\n          id\n          name\n        }\n      }\n    }\n    jobSessions(first: 20) {\n      edges {\n        node {\n          server {\n            name\n          }\n          id\n          status\n          creationTime\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SessionOnServer($server: String!, $id: ID!) {\n    jobSession(server: $server, id: $id) {\n      server {\n        name\n        apiVersion\n      }\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  query SessionOnServer($server: String!, $id: ID!) {\n    jobSession(server: $server, id: $id) {\n      server {\n        name\n        apiVersion\n      }\n      id\n      status\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;