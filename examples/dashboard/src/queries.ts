/**
 * Every operation the dashboard sends, written with the generated `graphql()`: each is a
 * `TypedDocumentNode`, so results and variables are typed from the text (`npm run
 * dashboard:codegen` after a change).
 */
import { graphql } from './gql/index.js';

export const SignIn = graphql(`
  mutation SignIn($username: String!, $password: String!) {
    createToken(username: $username, password: $password) {
      accessToken
      refreshToken
      expiresAt
      userName
    }
  }
`);

export const Refresh = graphql(`
  mutation Refresh($refreshToken: String!) {
    refreshToken(refreshToken: $refreshToken) {
      accessToken
      refreshToken
      expiresAt
      userName
    }
  }
`);

export const SignOut = graphql(`
  mutation SignOut {
    signOut
  }
`);

export const CreateSession = graphql(`
  mutation CreateSession($credentials: [ServerCredentials!]!) {
    createSession(credentials: $credentials) {
      token
      expiresAt
      servers {
        server
        ok
        error
        userName
        expiresAt
      }
    }
  }
`);

export const SignOutSession = graphql(`
  mutation SignOutSession {
    signOutSession
  }
`);

export const Servers = graphql(`
  query Servers {
    servers {
      name
      apiVersion
      productVersion
      reachable
      signedIn
    }
  }
`);

export const Summary = graphql(`
  query Summary($servers: [String!], $since: DateTime!) {
    servers {
      name
      apiVersion
      reachable
      signedIn
    }
    summary(servers: $servers, since: $since) {
      since
      total {
        ...Counts
      }
      servers {
        server {
          name
          apiVersion
          reachable
        }
        sessions {
          ...Counts
        }
        failedJobs {
          id
          name
          lastRun
          organization {
            name
          }
        }
        repositoriesLowOnSpace {
          id
          name
          capacityBytes
          freeSpaceBytes
        }
        license {
          status
          expirationDate
          totalUsers
          usedUsers
        }
      }
    }
  }

  fragment Counts on SummaryCounts {
    success
    warning
    failed
    running
    other
  }
`);

export const Jobs = graphql(`
  query Jobs($servers: [String!]) {
    jobs(servers: $servers) {
      server {
        name
      }
      id
      name
      isEnabled
      lastStatus
      organization {
        id
        name
      }
    }
  }
`);

export const Sessions = graphql(`
  query Sessions(
    $servers: [String!]
    $first: Int!
    $after: String
    $status: JobSessionStatus
    $jobId: ID
    $endedAfter: DateTime
    $endedBefore: DateTime
  ) {
    jobSessions(
      servers: $servers
      first: $first
      after: $after
      status: $status
      jobId: $jobId
      endedAfter: $endedAfter
      endedBefore: $endedBefore
    ) {
      edges {
        node {
          ...SessionBar
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`);

export const SessionBar = graphql(`
  fragment SessionBar on JobSession {
    server {
      name
    }
    id
    status
    statusText
    creationTime
    endTime
    progress
    job {
      id
      name
    }
  }
`);

export const SessionsChanged = graphql(`
  subscription SessionsChanged($status: JobSessionStatus, $jobId: ID) {
    jobSessionsChanged(status: $status, jobId: $jobId) {
      ...SessionBar
    }
  }
`);

export const SessionDetails = graphql(`
  fragment SessionDetails on JobSession {
    id
    status
    statusText
    creationTime
    endTime
    progress
    details
    retryCount
    statistics {
      processingRateBytesPS
      processingRateItemsPS
      readRateBytesPS
      writeRateBytesPS
      transferredDataBytes
      processedObjects
      bottleneck
    }
  }
`);

export const LogLine = graphql(`
  fragment LogLine on LogItem {
    id
    usn
    title
    status
    message
    creationTime
    endTime
  }
`);

export const Session = graphql(`
  query Session($server: String, $id: ID!, $logFirst: Int!, $logAfter: String) {
    jobSession(server: $server, id: $id) {
      server {
        name
      }
      ...SessionDetails
      job {
        id
        name
      }
      logItems(first: $logFirst, after: $logAfter) {
        edges {
          node {
            ...LogLine
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
        totalCount
      }
    }
  }
`);

export const SessionLogItem = graphql(`
  query SessionLogItem($server: String, $id: ID!, $itemId: ID!) {
    jobSession(server: $server, id: $id) {
      id
      logItem(id: $itemId) {
        ...LogLine
      }
    }
  }
`);

export const SessionUpdated = graphql(`
  subscription SessionUpdated($server: String, $id: ID!) {
    jobSessionUpdated(server: $server, id: $id) {
      ...SessionDetails
    }
  }
`);

export const LogItemAdded = graphql(`
  subscription LogItemAdded($server: String, $jobSessionId: ID!, $afterUsn: Long) {
    logItemAdded(server: $server, jobSessionId: $jobSessionId, afterUsn: $afterUsn) {
      ...LogLine
    }
  }
`);

export const JobDetails = graphql(`
  fragment JobDetails on Job {
    id
    name
    description
    isEnabled
    backupType
    lastStatus
    lastRun
    nextRun
    schedulePolicy {
      type
      periodicallyEvery
      dailyType
      dailyTime
      retryEnabled
      retryNumber
      retryWaitInterval
    }
  }
`);

export const Job = graphql(`
  query Job($server: String, $id: ID!) {
    job(server: $server, id: $id) {
      server {
        name
      }
      ...JobDetails
      organization {
        id
        name
        type
        region
        isExchangeOnline
        isSharePointOnline
        isTeamsOnline
      }
      sessions(first: 10) {
        edges {
          node {
            ...SessionBar
          }
        }
      }
    }
  }
`);

export const StartJob = graphql(`
  mutation StartJob($server: String, $id: ID!) {
    startJob(server: $server, id: $id) {
      job {
        ...JobDetails
      }
      session {
        id
        status
      }
    }
  }
`);

export const StopJob = graphql(`
  mutation StopJob($server: String, $id: ID!) {
    stopJob(server: $server, id: $id) {
      ...JobDetails
    }
  }
`);

export const EnableJob = graphql(`
  mutation EnableJob($server: String, $id: ID!) {
    enableJob(server: $server, id: $id) {
      ...JobDetails
    }
  }
`);

export const DisableJob = graphql(`
  mutation DisableJob($server: String, $id: ID!) {
    disableJob(server: $server, id: $id) {
      ...JobDetails
    }
  }
`);

export const Infrastructure = graphql(`
  query Infrastructure($servers: [String!]) {
    backupRepositories(servers: $servers) {
      server {
        name
      }
      id
      name
      path
      capacityBytes
      freeSpaceBytes
      usedSpaceBytes
      isOutOfSync
      objectStorage {
        id
        name
        usedSpaceBytes
        sizeLimitBytes
        immutabilityEnabled
        immutabilityPeriodDays
      }
      proxyPoolId
    }
    proxies(servers: $servers) {
      server {
        name
      }
      id
      hostName
      port
      status
      maintenanceMode
      maintenanceModeState
      cpuUsagePercent
      memoryUsagePercent
      version
    }
  }
`);

export const ServersHealth = graphql(`
  query ServersHealth {
    servers {
      name
      apiVersion
      signedIn
      license {
        ...LicenseCard
      }
      health {
        ...HealthCard
      }
    }
  }
`);

export const ServerHealth = graphql(`
  query ServerHealth($server: String) {
    server(server: $server) {
      apiVersion
    }
    license(server: $server) {
      ...LicenseCard
    }
    serverHealth(server: $server) {
      ...HealthCard
    }
  }
`);

export const LicenseCard = graphql(`
  fragment LicenseCard on License {
    status
    type
    licensedTo
    expirationDate
    gracePeriodExpirationDate
    totalUsers
    usedUsers
    newUsers
  }
`);

export const HealthCard = graphql(`
  fragment HealthCard on ServerHealth {
    status
    components {
      name
      status
      description
    }
  }
`);

export const Protection = graphql(`
  query Protection($servers: [String!], $usersFirst: Int!, $pointsFirst: Int!, $oneServer: Boolean!) {
    server @include(if: $oneServer) {
      apiVersion
    }
    servers @skip(if: $oneServer) {
      name
      apiVersion
    }
    backupRepositories(servers: $servers) {
      server {
        name
      }
      id
      name
    }
    organizations(servers: $servers) {
      server {
        name
      }
      id
      name
      usedRepositories {
        usedSpaceBytes
        localCacheUsedSpaceBytes
        objectStorageUsedSpaceBytes
        isAvailable
        repository {
          id
        }
      }
    }
    licensedUsers(servers: $servers, first: $usersFirst) {
      totalCount
      pageInfo {
        hasNextPage
      }
      edges {
        node {
          server {
            name
          }
          id
          name
          isBackedUp
          lastBackupDate
          licenseState
          organizationName
          organization {
            id
          }
        }
      }
    }
    restorePoints(servers: $servers, first: $pointsFirst) {
      pageInfo {
        hasNextPage
      }
      edges {
        node {
          server {
            name
          }
          id
          backupTime
          isExchange
          isOneDrive
          isSharePoint
          isTeams
          isCopy
          organization {
            id
          }
        }
      }
    }
  }
`);

export const RestoreSessions = graphql(`
  query RestoreSessions($servers: [String!], $first: Int!, $after: String, $startedAfter: DateTime, $oneServer: Boolean!) {
    server @include(if: $oneServer) {
      apiVersion
    }
    servers @skip(if: $oneServer) {
      name
      apiVersion
    }
    restoreSessions(servers: $servers, first: $first, after: $after, startedAfter: $startedAfter) {
      edges {
        node {
          server {
            name
          }
          id
          name
          type
          state
          result
          initiatedBy
          clientHost
          reason
          creationTime
          endTime
          organizationName
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`);

export const RestoreSessionEvents = graphql(`
  query RestoreSessionEvents($server: String, $id: ID!, $first: Int!) {
    restoreSession(server: $server, id: $id) {
      id
      name
      type
      state
      result
      initiatedBy
      clientHost
      reason
      details
      creationTime
      endTime
      organizationName
      statistics {
        total
        restored
        failed
        skipped
      }
      events(first: $first) {
        edges {
          node {
            id
            itemName
            itemType
            itemSizeBytes
            source
            target
            type
            status
            message
            creationTime
            endTime
          }
        }
        pageInfo {
          hasNextPage
        }
        totalCount
      }
    }
  }
`);

export const Alerts = graphql(`
  query Alerts($firstFiring: Int!, $firstResolved: Int!, $servers: [String!]) {
    firing: alerts(servers: $servers, first: $firstFiring, state: FIRING) {
      nodes {
        ...AlertRow
      }
      pageInfo {
        hasNextPage
      }
    }
    resolved: alerts(servers: $servers, first: $firstResolved, state: RESOLVED) {
      nodes {
        ...AlertRow
      }
    }
  }

  fragment AlertRow on Alert {
    id
    server {
      name
    }
    kind
    severity
    state
    message
    raisedAt
    resolvedAt
    subject {
      type
      id
      name
      organization {
        id
        name
      }
      job {
        id
        name
      }
    }
  }
`);

export const FiringAlerts = graphql(`
  query FiringAlerts($first: Int!) {
    alerts(first: $first, state: FIRING) {
      nodes {
        id
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

export const AlertRaised = graphql(`
  subscription AlertRaised($servers: [String!]) {
    alertRaised(servers: $servers) {
      id
      state
    }
  }
`);
