import type { JobSessionModel } from '../../model.js';
import { BOTTLENECK, CONFIG_TYPE, JOB_TYPE, SESSION_STATUS } from '../enums.js';
import { Fields, isSetTime, known, optionalKnown, type Decoder } from '../decode.js';
import { defineResource, each, free, fromVersion, once, page } from './define.js';

/**
 * A session of any version: v5's fields, plus those later versions add (null when absent).
 * Each version's server sends only its own; reading them all here keeps one decoder.
 */
export const decodeJobSession: Decoder<JobSessionModel> = (value) => {
  const f = Fields.of(value, 'job session');
  const statusText = f.string('status');
  const statistics = f.optionalObject('statistics');
  return {
    id: f.guid('id'),
    status: known(SESSION_STATUS, statusText),
    statusText,
    creationTime: f.dateTime('creationTime'),
    endTime: f.optionalDateTime('endTime'),
    progress: f.optionalInt('progress'),
    details: f.optionalString('details'),
    retryCount: f.optionalInt('retryCount'),
    statistics: statistics && {
      processingRateBytesPS: statistics.optionalNumber('processingRateBytesPS'),
      processingRateItemsPS: statistics.optionalNumber('processingRateItemsPS'),
      readRateBytesPS: statistics.optionalNumber('readRateBytesPS'),
      writeRateBytesPS: statistics.optionalNumber('writeRateBytesPS'),
      transferredDataBytes: statistics.optionalNumber('transferredDataBytes'),
      processedObjects: statistics.optionalNumber('processedObjects'),
      bottleneck: optionalKnown(BOTTLENECK, statistics.optionalString('bottleneck')),
    },
    jobType: optionalKnown(JOB_TYPE, f.optionalString('jobType')),
    configType: optionalKnown(CONFIG_TYPE, f.optionalString('jobSessionConfigType')),
    willBeRetried: f.optionalBoolean('jobWillBeRetried'),
    mainSessionId: f.optionalGuid('mainSessionId'),
    repositoryId: f.optionalGuid('repositoryId'),
    proxyId: f.optionalGuid('proxyId'),
    jobId: f.optionalGuid('jobId'),
    links: f.links(),
  };
};

/** `/JobSessions/{id}`; pages of `/JobSessions` (filtered) and, on v5-v6, `/Jobs/{id}/JobSessions`; v7's change feed. */
export default defineResource({
  name: 'jobSession',
  what: 'job session',
  routes: {
    jobSession: 'jobsessions/{id}',
    jobSessionPage: 'jobsessions',
    jobSessionPageOfJob: 'jobs/{id}/jobsessions',
    jobSessionChanges: 'jobsessions/changes',
  },
  decoders: fromVersion({ v5: decodeJobSession }),
  // v5 has no other end marker than `endTime`.
  finished: (session) => isSetTime(session.endTime),
  costs: {
    Query: { jobSession: each, jobSessions: page },
    JobSession: {
      id: free,
      status: free,
      statusText: free,
      creationTime: free,
      endTime: free,
      progress: free,
      details: free,
      retryCount: free,
      statistics: free,
      jobType: free,
      configType: free,
      willBeRetried: free,
      repositoryId: free,
      proxyId: free,
      mainSession: once,
      job: once,
      logItems: page,
      logItem: each,
    },
    JobSessionStatistics: 'free',
    JobSessionConnection: 'free',
    JobSessionEdge: 'free',
  },
});
