import { createHash } from 'node:crypto';
import type { LinkDto, LinksDto } from './wire-v5.js';
import type { CopyJobRecord, JobRecord, LogItemRecord, OrganizationRecord, SessionRecord } from './data.js';
import { since, type ApiVersion } from './versions.js';
import type {
  CopyJobDto,
  LogItemTypeDto,
  VersionedJobDto,
  VersionedJobSessionDto,
  VersionedLogItemDto,
  VersionedOrganizationDto,
  VersionedPageDto,
} from './wire.js';

/** Which slice of a list a page holds. */
export interface PageWindow {
  readonly offset: number;
  readonly limit: number;
}

/**
 * Turns records into the JSON one version writes: field order as the API, lowercase links,
 * absolute on v5 (the server's own host), relative (`/v6/...`) from v6 on.
 */
export interface Renderer {
  readonly version: ApiVersion;
  organization(organization: OrganizationRecord): VersionedOrganizationDto;
  job(job: JobRecord): VersionedJobDto;
  copyJob(job: CopyJobRecord): CopyJobDto;
  session(session: SessionRecord): VersionedJobSessionDto;
  logItem(item: LogItemRecord): VersionedLogItemDto;
  /** A path below the version, e.g. `jobsessions`, as this version writes it in an href. */
  link(path: string): LinkDto;
  /** A stable uuid for a list and its filters (the `setId` of v6+ pages). */
  setId(listKey: string): string;
  /**
   * `listPath` is the list's canonical path below the version, e.g. `jobsessions`; `filters` are
   * query parameters the page links repeat (v6+ lists only); only the window is rendered.
   */
  page<R, T>(
    listPath: string,
    window: PageWindow,
    all: readonly R[],
    renderItem: (record: R) => T,
    filters?: URLSearchParams,
  ): VersionedPageDto<T>;
}

export function createRenderer(advertisedBase: string, version: ApiVersion, salt = ''): Renderer {
  const relative = since(version, 'v6');
  const link = (path: string): LinkDto => ({
    href: relative ? `/${version}/${path}` : `${advertisedBase}/${version}/${path}`,
  });
  const pageLink = (listPath: string, offset: number, limit: number, filters: string): LinkDto =>
    link(`${listPath}?offset=${offset}&limit=${limit}${filters}`);
  const setId = (listKey: string): string => uuidOf(`${salt}|${version}|${listKey}`);
  const v6 = relative;
  const v7 = since(version, 'v7');
  const v8 = since(version, 'v8');

  return {
    version,
    link,
    setId,
    organization: (o) => ({
      id: o.id,
      name: o.name,
      officeName: o.officeName,
      type: o.type,
      region: o.region,
      isExchangeOnline: o.isExchangeOnline,
      isSharePointOnline: o.isSharePointOnline,
      isTeamsOnline: o.isTeamsOnline,
      ...(v6 ? { isTeamsChatsOnline: o.isTeamsChatsOnline } : {}),
      isBackedup: o.isBackedup,
      firstBackuptime: o.firstBackuptime,
      lastBackuptime: o.lastBackuptime,
      _links: {
        self: link(`organizations/${o.id}`),
        jobs: link(v8 ? `jobs?organizationId=${o.id}` : `organizations/${o.id}/jobs`),
      },
    }),
    job: (j) => ({
      id: j.id,
      name: j.name,
      description: j.description,
      lastStatus: j.lastStatus,
      lastRun: j.lastRun,
      nextRun: j.nextRun,
      ...(v7 ? { lastBackup: j.lastBackup } : {}),
      isEnabled: j.isEnabled,
      backupType: j.backupType,
      schedulePolicy: j.schedulePolicy,
      ...(v6 ? { repositoryId: j.backupRepositoryId } : {}),
      ...(v8 ? { organizationId: j.organizationId, eTag: j.eTag } : {}),
      ...(v6 && !v8 ? { runNow: false, selectedItems: [], excludedItems: [] } : {}),
      _links: {
        self: link(`jobs/${j.id}`),
        organization: link(`organizations/${j.organizationId}`),
        backupRepository: link(`backuprepositories/${j.backupRepositoryId}`),
        jobsessions: link(v7 ? `jobsessions?jobId=${j.id}` : `jobs/${j.id}/jobsessions`),
      },
    }),
    copyJob: (c) => ({
      id: c.id,
      name: c.name,
      description: c.description,
      backupJobId: c.backupJobId,
      repositoryId: c.repositoryId,
      isEnabled: c.isEnabled,
      lastRun: c.lastRun,
      lastStatus: c.lastStatus,
      _links: { self: link(`copyjobs/${c.id}`), backupJob: link(`jobs/${c.backupJobId}`) },
    }),
    session: (s) => {
      const links: LinksDto<'self' | 'log' | 'job'> = {
        self: link(`jobsessions/${s.id}`),
        log: link(`jobsessions/${s.id}/logitems`),
        job: link(`${s.jobType === 'Copy' ? 'copyjobs' : 'jobs'}/${s.jobId}`),
      };
      // v5 writes the optional fields where the record has them (undefined drops out of the JSON).
      if (!v6) {
        return {
          id: s.id,
          creationTime: s.creationTime,
          endTime: s.endTime,
          progress: s.progress,
          status: s.status,
          statistics: s.statistics,
          details: s.details,
          retryCount: s.retryCount,
          _links: links,
        };
      }
      return {
        id: s.id,
        ...(v8 ? { jobId: s.jobId } : {}),
        ...(v7 ? { repositoryId: s.repositoryId, mainSessionId: s.mainSessionId } : {}),
        details: s.details ?? '',
        creationTime: s.creationTime,
        endTime: s.endTime ?? null,
        retryCount: s.retryCount ?? (s.mainSessionId === null ? 0 : 1),
        ...(v7 ? { jobWillBeRetried: s.jobWillBeRetried } : {}),
        progress: s.progress,
        ...(v7 ? { jobType: s.jobType } : {}),
        ...(v8 ? { jobSessionConfigType: s.jobSessionConfigType } : {}),
        status: s.status,
        statistics: s.statistics,
        ...(v8 ? { eTag: s.eTag } : {}),
        _links: links,
        ...(v8 ? { proxyId: s.proxyId, proxyPoolId: s.proxyPoolId } : {}),
      };
    },
    logItem: (i) => ({
      id: i.id,
      usn: i.usn,
      ...(v8 ? { type: logItemType(i), message: logItemMessage(i.title) } : { title: i.title }),
      creationTime: i.creationTime,
      endTime: i.endTime,
      _links: {
        self: link(`jobsessions/${i.jobSessionId}/logitems/${i.id}`),
        jobsessions: link(`jobsessions/${i.jobSessionId}`),
      },
    }),
    page: (listPath, { offset, limit }, all, renderItem, filters) => {
      const query = filters === undefined || !v6 || filters.size === 0 ? '' : `&${filters.toString()}`;
      return {
        offset,
        limit,
        ...(v8 ? {} : { totalCount: all.length }),
        ...(v6 ? { setId: setId(`${listPath}?${filters?.toString() ?? ''}`) } : {}),
        results: all.slice(offset, offset + limit).map(renderItem),
        _links: {
          self: pageLink(listPath, offset, limit, query),
          first: pageLink(listPath, 0, limit, query),
          ...(offset > 0 ? { prev: pageLink(listPath, Math.max(0, offset - limit), limit, query) } : {}),
          ...(offset + limit < all.length ? { next: pageLink(listPath, offset + limit, limit, query) } : {}),
        },
      };
    },
  };
}

const PREFIX = /^\[(\w+)\]\s*/;

/**
 * The v8 `type` of an item, read from its title's status prefix: `[Failed]` is Error, the stop
 * notice is Stop, a bare title is Running while the item is open and Success once it ended.
 */
export function logItemType(item: Pick<LogItemRecord, 'title' | 'endTime'>): LogItemTypeDto {
  switch (PREFIX.exec(item.title)?.[1]) {
    case 'Success':
      return 'Success';
    case 'Warning':
      return 'Warning';
    case 'Failed':
    case 'Error':
      return 'Error';
    case 'Info':
      return /\bstopped\b/i.test(item.title) ? 'Stop' : 'Success';
    default:
      return item.endTime === null || item.endTime === undefined ? 'Running' : 'Success';
  }
}

/** The v8 `message`: the title without its `[Status] ` prefix. */
export function logItemMessage(title: string): string {
  return title.replace(PREFIX, '');
}

function uuidOf(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
