import { createHash } from 'node:crypto';
import { canSeeOrganization, type OrganizationRecord, type SessionRecord } from '../data.js';
import { ApiError } from '../errors.js';
import type { ObjectKind } from '../sessions.js';
import type { Store } from '../store.js';
import { formatStamp } from '../time-format.js';
import { since } from '../versions.js';
import type { ReadContext, SimulatorResource } from './define.js';

const MINUTE = 60_000;
const RESTORE_VERSIONS = ['v6', 'v7', 'v8'] as const;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A restore point: one per finished, successful backup or copy session. */
interface RestorePointRecord {
  readonly id: string;
  readonly backupMs: number;
  readonly backupTime: string;
  readonly jobId: string;
  readonly organizationId: string;
  readonly repositoryId: string;
  readonly kind: ObjectKind;
  readonly isCopy: boolean;
}

interface RestoreEventRecord {
  readonly id: string;
  readonly type: 'None' | 'Save' | 'Export' | 'Send' | 'Restore' | 'View';
  readonly status: 'Running' | 'Success' | 'Warning' | 'Failed' | 'Skipped';
  readonly itemName: string | null;
  readonly itemType: string | null;
  readonly itemSizeBytes: number | null;
  readonly source: string | null;
  readonly target: string | null;
  readonly message: string;
  readonly startMs: number;
  readonly endMs: number | null;
}

interface RestoreSessionRecord {
  readonly id: string;
  readonly name: string;
  readonly organization: OrganizationRecord;
  readonly type: 'Vex' | 'Veod' | 'Vesp' | 'Vet';
  readonly startMs: number;
  readonly endMs: number | null;
  readonly result: 'Success' | 'Warning' | 'Failed';
  readonly initiatedBy: string;
  readonly clientHost: string;
  readonly reason: string;
  readonly events: readonly RestoreEventRecord[];
}

/** A stable number in [0, 1) from a key. */
function fraction(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
}

/** A stable GUID from a key. */
function guidOf(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const stamp = (ms: number) => formatStamp(ms, 0, 'local');

const EXPLORER: Readonly<Record<ObjectKind, RestoreSessionRecord['type']>> = { mailbox: 'Vex', onedrive: 'Veod', site: 'Vesp', team: 'Vet' };
const ITEM: Readonly<Record<ObjectKind, { type: string; name: (n: number) => string; source: string }>> = {
  mailbox: { type: 'Mail', name: (n) => `Quarterly report (${n}).msg`, source: 'Inbox' },
  onedrive: { type: 'Document', name: (n) => `Budget ${2020 + (n % 3)}.xlsx`, source: 'Documents' },
  site: { type: 'Document', name: (n) => `Project plan ${n}.docx`, source: 'Shared Documents' },
  team: { type: 'Post', name: (n) => `Channel post ${n}`, source: 'General' },
};
const ACTIONS: readonly RestoreEventRecord['type'][] = ['View', 'Restore', 'Restore', 'Export', 'Save', 'Send'];
const REASONS = ['Deleted by mistake', 'User request', 'Legal review', 'Migration check'];

/** Restore points of every finished, successful session, newest first (the store lists sessions so). */
function restorePoints(store: Store): RestorePointRecord[] {
  const points: RestorePointRecord[] = [];
  for (const session of store.allSessions()) {
    if (session.endTime == null || (session.status !== 'Success' && session.status !== 'Warning')) continue;
    const point = pointOf(store, session, session.endTime);
    if (point) points.push(point);
  }
  return points;
}

function pointOf(store: Store, session: SessionRecord, endTime: string): RestorePointRecord | undefined {
  const isCopy = session.jobType === 'Copy';
  const jobId = isCopy ? store.copyJob(session.jobId)?.backupJobId : session.jobId;
  const job = jobId === undefined ? undefined : store.job(jobId);
  if (job === undefined) return undefined;
  return {
    id: createHash('sha256').update(`restore point|${session.id}`).digest('hex').slice(0, 24),
    backupMs: Date.parse(endTime),
    backupTime: endTime,
    jobId: job.id,
    organizationId: session.organizationId,
    repositoryId: session.repositoryId,
    kind: job.workload.objectKind,
    isCopy,
  };
}

/** The open restore session (the newest), if one is open: what `Simulator.endRestoreSession` can end. */
export function openRestoreSession(store: Store): { id: string; organizationId: string } | undefined {
  const newest = restoreSessions(store)[0];
  return newest && newest.endMs === null ? { id: newest.id, organizationId: newest.organization.id } : undefined;
}

/** Restore sessions: some restore points were explored or restored from, the newest one is still open. Newest first. */
function restoreSessions(store: Store): RestoreSessionRecord[] {
  const points = restorePoints(store).filter((p) => !p.isCopy);
  const sessions: RestoreSessionRecord[] = [];
  points.forEach((point, index) => {
    if (index % 6 !== 3) return;
    const organization = store.organization(point.organizationId);
    if (organization === undefined) return;
    const id = guidOf(`restore session|${point.id}`);
    const endedAt = store.restoreSessionEnd(id);
    const open = sessions.length === 0 && endedAt === undefined;
    const startMs = point.backupMs + 45 * MINUTE;
    const events = restoreEvents(id, point.kind, startMs, sessions.length === 0, endedAt);
    const statuses = events.map((e) => e.status);
    const domain = organization.name.split('.')[0] ?? 'org';
    sessions.push({
      id,
      name: `${EXPLORER[point.kind]} restore of ${store.job(point.jobId)?.name ?? 'a job'}`,
      organization,
      type: EXPLORER[point.kind],
      startMs,
      endMs: open ? null : (endedAt ?? (events.at(-1)?.endMs ?? startMs) + MINUTE),
      result: statuses.includes('Failed') ? 'Failed' : statuses.includes('Warning') || statuses.includes('Skipped') ? 'Warning' : 'Success',
      initiatedBy: `${domain.toUpperCase()}\\helpdesk`,
      clientHost: `restore-console.${domain}.invalid`,
      reason: REASONS[Math.floor(fraction(`reason|${id}`) * REASONS.length)] ?? 'User request',
      events,
    });
  });
  return sessions;
}

/** `open`: the newest session, whose last event is still running, or ended at `endedAt` when someone ended it. */
function restoreEvents(sessionId: string, kind: ObjectKind, startMs: number, open: boolean, endedAt?: number): RestoreEventRecord[] {
  const count = 2 + Math.floor(fraction(`events|${sessionId}`) * 5);
  const item = ITEM[kind];
  const events: RestoreEventRecord[] = [
    { id: guidOf(`event|${sessionId}|0`), type: 'None', status: 'Success', itemName: null, itemType: null, itemSizeBytes: null, source: null, target: null, message: 'Restore session has been started', startMs, endMs: startMs },
  ];
  for (let i = 1; i < count; i++) {
    const pick = fraction(`event|${sessionId}|${i}`);
    const type = ACTIONS[Math.floor(pick * ACTIONS.length)] ?? 'View';
    const last = open && i === count - 1;
    const running = last && endedAt === undefined;
    const status: RestoreEventRecord['status'] = running ? 'Running' : last ? 'Success' : pick > 0.93 ? 'Failed' : pick > 0.86 ? 'Skipped' : 'Success';
    const eventStart = startMs + i * 2 * MINUTE;
    events.push({
      id: guidOf(`event|${sessionId}|${i}`),
      type,
      status,
      itemName: item.name(i),
      itemType: item.type,
      itemSizeBytes: 1024 * (16 + Math.floor(pick * 4096)),
      source: item.source,
      target: type === 'Restore' ? `${item.source} (restored)` : type === 'View' ? null : 'restore-export.invalid',
      message: `${type} of ${item.name(i)}: ${status}`,
      startMs: eventStart,
      endMs: running ? null : last && endedAt !== undefined ? Math.max(eventStart, endedAt) : eventStart + 30_000,
    });
  }
  return events;
}

/** `RESTRestorePoint` as each version writes it (v7 adds isDeleted and isCopy, v8 eTags and immutabilityExpiresOn). */
function renderPoint({ version, render }: ReadContext, p: RestorePointRecord) {
  const v7 = since(version, 'v7');
  const v8 = since(version, 'v8');
  return {
    id: p.id,
    ...(v7 ? { isDeleted: false } : {}),
    repositoryId: p.repositoryId,
    backupTime: p.backupTime,
    jobId: p.jobId,
    organizationId: p.organizationId,
    isExchange: p.kind === 'mailbox',
    isSharePoint: p.kind === 'site',
    isOneDrive: p.kind === 'onedrive',
    isTeams: p.kind === 'team',
    isLongTermCopy: false,
    ...(v7 ? { isCopy: p.isCopy } : {}),
    isRetrieved: false,
    ...(v8 ? { eTag: 1, objectsEtag: 1, immutabilityExpiresOn: p.isCopy ? stamp(p.backupMs + 30 * 24 * 60 * MINUTE) : null } : {}),
    _links: { self: render.link(`restorepoints/${p.id}`) },
  };
}

function renderSession({ render }: ReadContext, s: RestoreSessionRecord) {
  return {
    id: s.id,
    name: s.name,
    organization: s.organization.name,
    type: s.type,
    creationTime: stamp(s.startMs),
    endTime: s.endMs === null ? null : stamp(s.endMs),
    state: s.endMs === null ? 'Working' : 'Stopped',
    result: s.result,
    initiatedBy: s.initiatedBy,
    details: '',
    clientHost: s.clientHost,
    reason: s.reason,
    _links: {
      self: render.link(`restoresessions/${s.id}`),
      organization: render.link(`organizations/${s.organization.id}`),
      events: render.link(`restoresessions/${s.id}/events`),
    },
  };
}

function renderEvent({ version, render }: ReadContext, s: RestoreSessionRecord, e: RestoreEventRecord, order: number) {
  const end = e.endMs === null ? null : stamp(e.endMs);
  const seconds = e.endMs === null ? 0 : Math.round((e.endMs - e.startMs) / 1000);
  return {
    ...(e.itemName === null ? {} : { itemName: e.itemName, itemType: e.itemType, itemSizeBytes: e.itemSizeBytes, source: e.source, target: e.target }),
    id: e.id,
    type: e.type,
    status: e.status,
    startTime: stamp(e.startMs),
    endTime: end,
    duration: `00:00:${String(seconds).padStart(2, '0')}`,
    title: e.message,
    message: e.message,
    order,
    ...(since(version, 'v8') ? { organizationId: s.organization.id } : {}),
    _links: { restoreSession: render.link(`restoresessions/${s.id}`) },
  };
}

/** An optional GUID query parameter; 400 when malformed, as ASP.NET binds it. */
function guidParameter(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  if (!GUID.test(value)) throw new ApiError(400, `The value '${value}' is not valid for ${name}.`);
  return value.toLowerCase();
}

function timeParameter(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new ApiError(400, `The value '${value}' is not valid for ${name}.`);
  return ms;
}

const visibleSessions = (context: ReadContext) => restoreSessions(context.store).filter((s) => canSeeOrganization(context.user, s.organization.id));

function visibleSession(context: ReadContext): RestoreSessionRecord {
  const id = context.ids[0] ?? '';
  const found = visibleSessions(context).find((s) => s.id === id);
  if (found === undefined) throw new ApiError(404, `Restore session with ID '${id}' was not found.`);
  return found;
}

/**
 * `GET /RestorePoints` (a plain array on v6, pages on v7+; `organizationId` and `jobId` filters),
 * `GET /RestoreSessions` (pages; `startTimeFrom`/`startTimeTo`), `/RestoreSessions/{id}`, its
 * `/Events` (pages) and, on v8, its `/Statistics`. v5 has none of them.
 */
export default {
  routes: [
    {
      pattern: ['restorepoints'],
      versions: RESTORE_VERSIONS,
      read: (context) => {
        const filters = new URLSearchParams();
        const organizationId = guidParameter(context.query, 'organizationId');
        const jobId = guidParameter(context.query, 'jobId');
        if (organizationId) filters.set('organizationId', organizationId);
        if (jobId) filters.set('jobId', jobId);
        // Newest first by backup time, as the server lists them (`orderAsc` left out); a session that
        // started earlier may have ended later, so the sessions' order is not enough.
        const selected = restorePoints(context.store)
          .filter((p) => canSeeOrganization(context.user, p.organizationId) && (!organizationId || p.organizationId === organizationId) && (!jobId || p.jobId === jobId))
          .sort((a, b) => b.backupMs - a.backupMs);
        const item = (p: RestorePointRecord) => renderPoint(context, p);
        return since(context.version, 'v7') ? context.render.page('restorepoints', context.window(), selected, item, filters) : selected.map(item);
      },
    },
    {
      pattern: ['restoresessions'],
      versions: RESTORE_VERSIONS,
      read: (context) => {
        const filters = new URLSearchParams();
        const from = timeParameter(context.query, 'startTimeFrom');
        const to = timeParameter(context.query, 'startTimeTo');
        for (const name of ['startTimeFrom', 'startTimeTo']) {
          const value = context.query.get(name);
          if (value) filters.set(name, value);
        }
        const selected = visibleSessions(context).filter((s) => (from === undefined || s.startMs >= from) && (to === undefined || s.startMs <= to));
        return context.render.page('restoresessions', context.window(), selected, (s) => renderSession(context, s), filters);
      },
    },
    {
      pattern: ['restoresessions', '{id}'],
      versions: RESTORE_VERSIONS,
      read: (context) => renderSession(context, visibleSession(context)),
    },
    {
      pattern: ['restoresessions', '{id}', 'events'],
      versions: RESTORE_VERSIONS,
      read: (context) => {
        const session = visibleSession(context);
        const ordered = session.events.map((event, order) => ({ event, order }));
        return context.render.page(`restoresessions/${session.id}/events`, context.window(), ordered, ({ event, order }) => renderEvent(context, session, event, order));
      },
    },
    {
      pattern: ['restoresessions', '{id}', 'statistics'],
      versions: ['v8'],
      read: (context) => {
        const actions = visibleSession(context).events.filter((e) => e.type !== 'None' && e.type !== 'View');
        const count = (status: RestoreEventRecord['status']) => actions.filter((e) => e.status === status).length;
        return {
          totalItemsCount: actions.length,
          restoredItemsCount: count('Success'),
          failedItemsCount: count('Failed'),
          skippedItemsCount: count('Skipped'),
          warnings: [],
          errors: [],
          items: [],
        };
      },
    },
  ],
} satisfies SimulatorResource;
