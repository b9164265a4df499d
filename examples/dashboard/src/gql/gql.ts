/* eslint-disable */
import * as types from './graphql';
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
    "\n  mutation SignIn($username: String!, $password: String!) {\n    createToken(username: $username, password: $password) {\n      accessToken\n      refreshToken\n      expiresAt\n      userName\n    }\n  }\n": typeof types.SignInDocument,
    "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      expiresAt\n      userName\n    }\n  }\n": typeof types.RefreshDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": typeof types.SignOutDocument,
    "\n  query Jobs {\n    jobs {\n      id\n      name\n      isEnabled\n      lastStatus\n      organization {\n        id\n        name\n      }\n    }\n  }\n": typeof types.JobsDocument,
    "\n  query Sessions(\n    $first: Int!\n    $after: String\n    $status: JobSessionStatus\n    $jobId: ID\n    $endedAfter: DateTime\n    $endedBefore: DateTime\n  ) {\n    jobSessions(\n      first: $first\n      after: $after\n      status: $status\n      jobId: $jobId\n      endedAfter: $endedAfter\n      endedBefore: $endedBefore\n    ) {\n      edges {\n        node {\n          ...SessionBar\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": typeof types.SessionsDocument,
    "\n  fragment SessionBar on JobSession {\n    id\n    status\n    statusText\n    creationTime\n    endTime\n    progress\n    job {\n      id\n      name\n    }\n  }\n": typeof types.SessionBarFragmentDoc,
    "\n  subscription SessionsChanged($status: JobSessionStatus, $jobId: ID) {\n    jobSessionsChanged(status: $status, jobId: $jobId) {\n      ...SessionBar\n    }\n  }\n": typeof types.SessionsChangedDocument,
    "\n  fragment SessionDetails on JobSession {\n    id\n    status\n    statusText\n    creationTime\n    endTime\n    progress\n    details\n    retryCount\n    statistics {\n      processingRateBytesPS\n      processingRateItemsPS\n      readRateBytesPS\n      writeRateBytesPS\n      transferredDataBytes\n      processedObjects\n      bottleneck\n    }\n  }\n": typeof types.SessionDetailsFragmentDoc,
    "\n  fragment LogLine on LogItem {\n    id\n    usn\n    title\n    status\n    message\n    creationTime\n    endTime\n  }\n": typeof types.LogLineFragmentDoc,
    "\n  query Session($id: ID!, $logFirst: Int!, $logAfter: String) {\n    jobSession(id: $id) {\n      ...SessionDetails\n      job {\n        id\n        name\n      }\n      logItems(first: $logFirst, after: $logAfter) {\n        edges {\n          node {\n            ...LogLine\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        totalCount\n      }\n    }\n  }\n": typeof types.SessionDocument,
    "\n  query SessionLogItem($id: ID!, $itemId: ID!) {\n    jobSession(id: $id) {\n      id\n      logItem(id: $itemId) {\n        ...LogLine\n      }\n    }\n  }\n": typeof types.SessionLogItemDocument,
    "\n  subscription SessionUpdated($id: ID!) {\n    jobSessionUpdated(id: $id) {\n      ...SessionDetails\n    }\n  }\n": typeof types.SessionUpdatedDocument,
    "\n  subscription LogItemAdded($jobSessionId: ID!, $afterUsn: Long) {\n    logItemAdded(jobSessionId: $jobSessionId, afterUsn: $afterUsn) {\n      ...LogLine\n    }\n  }\n": typeof types.LogItemAddedDocument,
    "\n  fragment JobDetails on Job {\n    id\n    name\n    description\n    isEnabled\n    backupType\n    lastStatus\n    lastRun\n    nextRun\n    schedulePolicy {\n      type\n      periodicallyEvery\n      dailyType\n      dailyTime\n      retryEnabled\n      retryNumber\n      retryWaitInterval\n    }\n  }\n": typeof types.JobDetailsFragmentDoc,
    "\n  query Job($id: ID!) {\n    job(id: $id) {\n      ...JobDetails\n      organization {\n        id\n        name\n        type\n        region\n        isExchangeOnline\n        isSharePointOnline\n        isTeamsOnline\n      }\n      sessions(first: 10) {\n        edges {\n          node {\n            ...SessionBar\n          }\n        }\n      }\n    }\n  }\n": typeof types.JobDocument,
    "\n  mutation StartJob($id: ID!) {\n    startJob(id: $id) {\n      job {\n        ...JobDetails\n      }\n      session {\n        id\n        status\n      }\n    }\n  }\n": typeof types.StartJobDocument,
    "\n  mutation StopJob($id: ID!) {\n    stopJob(id: $id) {\n      ...JobDetails\n    }\n  }\n": typeof types.StopJobDocument,
    "\n  mutation EnableJob($id: ID!) {\n    enableJob(id: $id) {\n      ...JobDetails\n    }\n  }\n": typeof types.EnableJobDocument,
    "\n  mutation DisableJob($id: ID!) {\n    disableJob(id: $id) {\n      ...JobDetails\n    }\n  }\n": typeof types.DisableJobDocument,
};
const documents: Documents = {
    "\n  mutation SignIn($username: String!, $password: String!) {\n    createToken(username: $username, password: $password) {\n      accessToken\n      refreshToken\n      expiresAt\n      userName\n    }\n  }\n": types.SignInDocument,
    "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      expiresAt\n      userName\n    }\n  }\n": types.RefreshDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": types.SignOutDocument,
    "\n  query Jobs {\n    jobs {\n      id\n      name\n      isEnabled\n      lastStatus\n      organization {\n        id\n        name\n      }\n    }\n  }\n": types.JobsDocument,
    "\n  query Sessions(\n    $first: Int!\n    $after: String\n    $status: JobSessionStatus\n    $jobId: ID\n    $endedAfter: DateTime\n    $endedBefore: DateTime\n  ) {\n    jobSessions(\n      first: $first\n      after: $after\n      status: $status\n      jobId: $jobId\n      endedAfter: $endedAfter\n      endedBefore: $endedBefore\n    ) {\n      edges {\n        node {\n          ...SessionBar\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": types.SessionsDocument,
    "\n  fragment SessionBar on JobSession {\n    id\n    status\n    statusText\n    creationTime\n    endTime\n    progress\n    job {\n      id\n      name\n    }\n  }\n": types.SessionBarFragmentDoc,
    "\n  subscription SessionsChanged($status: JobSessionStatus, $jobId: ID) {\n    jobSessionsChanged(status: $status, jobId: $jobId) {\n      ...SessionBar\n    }\n  }\n": types.SessionsChangedDocument,
    "\n  fragment SessionDetails on JobSession {\n    id\n    status\n    statusText\n    creationTime\n    endTime\n    progress\n    details\n    retryCount\n    statistics {\n      processingRateBytesPS\n      processingRateItemsPS\n      readRateBytesPS\n      writeRateBytesPS\n      transferredDataBytes\n      processedObjects\n      bottleneck\n    }\n  }\n": types.SessionDetailsFragmentDoc,
    "\n  fragment LogLine on LogItem {\n    id\n    usn\n    title\n    status\n    message\n    creationTime\n    endTime\n  }\n": types.LogLineFragmentDoc,
    "\n  query Session($id: ID!, $logFirst: Int!, $logAfter: String) {\n    jobSession(id: $id) {\n      ...SessionDetails\n      job {\n        id\n        name\n      }\n      logItems(first: $logFirst, after: $logAfter) {\n        edges {\n          node {\n            ...LogLine\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        totalCount\n      }\n    }\n  }\n": types.SessionDocument,
    "\n  query SessionLogItem($id: ID!, $itemId: ID!) {\n    jobSession(id: $id) {\n      id\n      logItem(id: $itemId) {\n        ...LogLine\n      }\n    }\n  }\n": types.SessionLogItemDocument,
    "\n  subscription SessionUpdated($id: ID!) {\n    jobSessionUpdated(id: $id) {\n      ...SessionDetails\n    }\n  }\n": types.SessionUpdatedDocument,
    "\n  subscription LogItemAdded($jobSessionId: ID!, $afterUsn: Long) {\n    logItemAdded(jobSessionId: $jobSessionId, afterUsn: $afterUsn) {\n      ...LogLine\n    }\n  }\n": types.LogItemAddedDocument,
    "\n  fragment JobDetails on Job {\n    id\n    name\n    description\n    isEnabled\n    backupType\n    lastStatus\n    lastRun\n    nextRun\n    schedulePolicy {\n      type\n      periodicallyEvery\n      dailyType\n      dailyTime\n      retryEnabled\n      retryNumber\n      retryWaitInterval\n    }\n  }\n": types.JobDetailsFragmentDoc,
    "\n  query Job($id: ID!) {\n    job(id: $id) {\n      ...JobDetails\n      organization {\n        id\n        name\n        type\n        region\n        isExchangeOnline\n        isSharePointOnline\n        isTeamsOnline\n      }\n      sessions(first: 10) {\n        edges {\n          node {\n            ...SessionBar\n          }\n        }\n      }\n    }\n  }\n": types.JobDocument,
    "\n  mutation StartJob($id: ID!) {\n    startJob(id: $id) {\n      job {\n        ...JobDetails\n      }\n      session {\n        id\n        status\n      }\n    }\n  }\n": types.StartJobDocument,
    "\n  mutation StopJob($id: ID!) {\n    stopJob(id: $id) {\n      ...JobDetails\n    }\n  }\n": types.StopJobDocument,
    "\n  mutation EnableJob($id: ID!) {\n    enableJob(id: $id) {\n      ...JobDetails\n    }\n  }\n": types.EnableJobDocument,
    "\n  mutation DisableJob($id: ID!) {\n    disableJob(id: $id) {\n      ...JobDetails\n    }\n  }\n": types.DisableJobDocument,
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
export function graphql(source: "\n  mutation SignIn($username: String!, $password: String!) {\n    createToken(username: $username, password: $password) {\n      accessToken\n      refreshToken\n      expiresAt\n      userName\n    }\n  }\n"): (typeof documents)["\n  mutation SignIn($username: String!, $password: String!) {\n    createToken(username: $username, password: $password) {\n      accessToken\n      refreshToken\n      expiresAt\n      userName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      expiresAt\n      userName\n    }\n  }\n"): (typeof documents)["\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      expiresAt\n      userName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut {\n    signOut\n  }\n"): (typeof documents)["\n  mutation SignOut {\n    signOut\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Jobs {\n    jobs {\n      id\n      name\n      isEnabled\n      lastStatus\n      organization {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query Jobs {\n    jobs {\n      id\n      name\n      isEnabled\n      lastStatus\n      organization {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Sessions(\n    $first: Int!\n    $after: String\n    $status: JobSessionStatus\n    $jobId: ID\n    $endedAfter: DateTime\n    $endedBefore: DateTime\n  ) {\n    jobSessions(\n      first: $first\n      after: $after\n      status: $status\n      jobId: $jobId\n      endedAfter: $endedAfter\n      endedBefore: $endedBefore\n    ) {\n      edges {\n        node {\n          ...SessionBar\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query Sessions(\n    $first: Int!\n    $after: String\n    $status: JobSessionStatus\n    $jobId: ID\n    $endedAfter: DateTime\n    $endedBefore: DateTime\n  ) {\n    jobSessions(\n      first: $first\n      after: $after\n      status: $status\n      jobId: $jobId\n      endedAfter: $endedAfter\n      endedBefore: $endedBefore\n    ) {\n      edges {\n        node {\n          ...SessionBar\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionBar on JobSession {\n    id\n    status\n    statusText\n    creationTime\n    endTime\n    progress\n    job {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment SessionBar on JobSession {\n    id\n    status\n    statusText\n    creationTime\n    endTime\n    progress\n    job {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SessionsChanged($status: JobSessionStatus, $jobId: ID) {\n    jobSessionsChanged(status: $status, jobId: $jobId) {\n      ...SessionBar\n    }\n  }\n"): (typeof documents)["\n  subscription SessionsChanged($status: JobSessionStatus, $jobId: ID) {\n    jobSessionsChanged(status: $status, jobId: $jobId) {\n      ...SessionBar\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionDetails on JobSession {\n    id\n    status\n    statusText\n    creationTime\n    endTime\n    progress\n    details\n    retryCount\n    statistics {\n      processingRateBytesPS\n      processingRateItemsPS\n      readRateBytesPS\n      writeRateBytesPS\n      transferredDataBytes\n      processedObjects\n      bottleneck\n    }\n  }\n"): (typeof documents)["\n  fragment SessionDetails on JobSession {\n    id\n    status\n    statusText\n    creationTime\n    endTime\n    progress\n    details\n    retryCount\n    statistics {\n      processingRateBytesPS\n      processingRateItemsPS\n      readRateBytesPS\n      writeRateBytesPS\n      transferredDataBytes\n      processedObjects\n      bottleneck\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LogLine on LogItem {\n    id\n    usn\n    title\n    status\n    message\n    creationTime\n    endTime\n  }\n"): (typeof documents)["\n  fragment LogLine on LogItem {\n    id\n    usn\n    title\n    status\n    message\n    creationTime\n    endTime\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Session($id: ID!, $logFirst: Int!, $logAfter: String) {\n    jobSession(id: $id) {\n      ...SessionDetails\n      job {\n        id\n        name\n      }\n      logItems(first: $logFirst, after: $logAfter) {\n        edges {\n          node {\n            ...LogLine\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        totalCount\n      }\n    }\n  }\n"): (typeof documents)["\n  query Session($id: ID!, $logFirst: Int!, $logAfter: String) {\n    jobSession(id: $id) {\n      ...SessionDetails\n      job {\n        id\n        name\n      }\n      logItems(first: $logFirst, after: $logAfter) {\n        edges {\n          node {\n            ...LogLine\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        totalCount\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SessionLogItem($id: ID!, $itemId: ID!) {\n    jobSession(id: $id) {\n      id\n      logItem(id: $itemId) {\n        ...LogLine\n      }\n    }\n  }\n"): (typeof documents)["\n  query SessionLogItem($id: ID!, $itemId: ID!) {\n    jobSession(id: $id) {\n      id\n      logItem(id: $itemId) {\n        ...LogLine\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SessionUpdated($id: ID!) {\n    jobSessionUpdated(id: $id) {\n      ...SessionDetails\n    }\n  }\n"): (typeof documents)["\n  subscription SessionUpdated($id: ID!) {\n    jobSessionUpdated(id: $id) {\n      ...SessionDetails\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LogItemAdded($jobSessionId: ID!, $afterUsn: Long) {\n    logItemAdded(jobSessionId: $jobSessionId, afterUsn: $afterUsn) {\n      ...LogLine\n    }\n  }\n"): (typeof documents)["\n  subscription LogItemAdded($jobSessionId: ID!, $afterUsn: Long) {\n    logItemAdded(jobSessionId: $jobSessionId, afterUsn: $afterUsn) {\n      ...LogLine\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment JobDetails on Job {\n    id\n    name\n    description\n    isEnabled\n    backupType\n    lastStatus\n    lastRun\n    nextRun\n    schedulePolicy {\n      type\n      periodicallyEvery\n      dailyType\n      dailyTime\n      retryEnabled\n      retryNumber\n      retryWaitInterval\n    }\n  }\n"): (typeof documents)["\n  fragment JobDetails on Job {\n    id\n    name\n    description\n    isEnabled\n    backupType\n    lastStatus\n    lastRun\n    nextRun\n    schedulePolicy {\n      type\n      periodicallyEvery\n      dailyType\n      dailyTime\n      retryEnabled\n      retryNumber\n      retryWaitInterval\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Job($id: ID!) {\n    job(id: $id) {\n      ...JobDetails\n      organization {\n        id\n        name\n        type\n        region\n        isExchangeOnline\n        isSharePointOnline\n        isTeamsOnline\n      }\n      sessions(first: 10) {\n        edges {\n          node {\n            ...SessionBar\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Job($id: ID!) {\n    job(id: $id) {\n      ...JobDetails\n      organization {\n        id\n        name\n        type\n        region\n        isExchangeOnline\n        isSharePointOnline\n        isTeamsOnline\n      }\n      sessions(first: 10) {\n        edges {\n          node {\n            ...SessionBar\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartJob($id: ID!) {\n    startJob(id: $id) {\n      job {\n        ...JobDetails\n      }\n      session {\n        id\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation StartJob($id: ID!) {\n    startJob(id: $id) {\n      job {\n        ...JobDetails\n      }\n      session {\n        id\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StopJob($id: ID!) {\n    stopJob(id: $id) {\n      ...JobDetails\n    }\n  }\n"): (typeof documents)["\n  mutation StopJob($id: ID!) {\n    stopJob(id: $id) {\n      ...JobDetails\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EnableJob($id: ID!) {\n    enableJob(id: $id) {\n      ...JobDetails\n    }\n  }\n"): (typeof documents)["\n  mutation EnableJob($id: ID!) {\n    enableJob(id: $id) {\n      ...JobDetails\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableJob($id: ID!) {\n    disableJob(id: $id) {\n      ...JobDetails\n    }\n  }\n"): (typeof documents)["\n  mutation DisableJob($id: ID!) {\n    disableJob(id: $id) {\n      ...JobDetails\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;