import type { JobDto, JobSessionDto, LinkDto, LogItemDto, OrganizationDto, PageDto } from '../upstream/types.js';
import type { JobRecord, LogItemRecord, OrganizationRecord, SessionRecord } from './data.js';

/** Which slice of a list a page holds. */
export interface PageWindow {
  readonly offset: number;
  readonly limit: number;
}

/** Turns records into the JSON a v5 server writes: field order as the API, absolute lowercase links. */
export interface Renderer {
  organization(organization: OrganizationRecord): OrganizationDto;
  job(job: JobRecord): JobDto;
  session(session: SessionRecord): JobSessionDto;
  logItem(item: LogItemRecord): LogItemDto;
  /** `listPath` is the list's canonical path below /v5, e.g. `jobsessions`; only the window is rendered. */
  page<R, T>(listPath: string, window: PageWindow, all: readonly R[], renderItem: (record: R) => T): PageDto<T>;
}

export function createRenderer(advertisedBase: string): Renderer {
  const link = (path: string): LinkDto => ({ href: `${advertisedBase}/v5/${path}` });
  const pageLink = (listPath: string, offset: number, limit: number): LinkDto =>
    link(`${listPath}?offset=${offset}&limit=${limit}`);

  return {
    organization: (o) => ({
      id: o.id,
      name: o.name,
      type: o.type,
      region: o.region,
      isExchangeOnline: o.isExchangeOnline,
      isSharePointOnline: o.isSharePointOnline,
      isTeamsOnline: o.isTeamsOnline,
      _links: { self: link(`organizations/${o.id}`), jobs: link(`organizations/${o.id}/jobs`) },
    }),
    job: (j) => ({
      id: j.id,
      name: j.name,
      description: j.description,
      lastStatus: j.lastStatus,
      lastRun: j.lastRun,
      nextRun: j.nextRun,
      isEnabled: j.isEnabled,
      backupType: j.backupType,
      schedulePolicy: j.schedulePolicy,
      _links: {
        self: link(`jobs/${j.id}`),
        organization: link(`organizations/${j.organizationId}`),
        backupRepository: link(`backuprepositories/${j.backupRepositoryId}`),
        jobsessions: link(`jobs/${j.id}/jobsessions`),
      },
    }),
    // Absent optional fields stay undefined, which JSON.stringify leaves out.
    session: (s) => ({
      id: s.id,
      creationTime: s.creationTime,
      endTime: s.endTime,
      progress: s.progress,
      status: s.status,
      statistics: s.statistics,
      details: s.details,
      retryCount: s.retryCount,
      _links: {
        self: link(`jobsessions/${s.id}`),
        log: link(`jobsessions/${s.id}/logitems`),
        job: link(`jobs/${s.jobId}`),
      },
    }),
    logItem: (i) => ({
      id: i.id,
      usn: i.usn,
      title: i.title,
      creationTime: i.creationTime,
      endTime: i.endTime,
      _links: {
        self: link(`jobsessions/${i.jobSessionId}/logitems/${i.id}`),
        jobsessions: link(`jobsessions/${i.jobSessionId}`),
      },
    }),
    page: (listPath, { offset, limit }, all, renderItem) => ({
      offset,
      limit,
      totalCount: all.length,
      results: all.slice(offset, offset + limit).map(renderItem),
      _links: {
        self: pageLink(listPath, offset, limit),
        first: pageLink(listPath, 0, limit),
        ...(offset > 0 ? { prev: pageLink(listPath, Math.max(0, offset - limit), limit) } : {}),
        ...(offset + limit < all.length ? { next: pageLink(listPath, offset + limit, limit) } : {}),
      },
    }),
  };
}
