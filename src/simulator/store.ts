import type {
  CopyJobRecord,
  JobRecord,
  LogItemAlias,
  LogItemRecord,
  OrganizationRecord,
  SessionRecord,
  SimulatorData,
} from './data.js';

/** One change of the session feed (`/JobSessions/Changes`): the session's state after its latest change. */
export interface SessionChange {
  readonly sequence: number;
  readonly session: SessionRecord;
}

/** What tests and the demo change in the infrastructure, over the figures derived from the data. */
export interface InfrastructureState {
  /** Free bytes of a repository by its id (a repository with local capacity). */
  readonly repositoryFreeBytes: Map<string, number>;
  /** The status of a proxy by its id. */
  readonly proxyStatus: Map<string, 'Online' | 'Offline'>;
  /** The verdict of `GET /Health` (v8). */
  health: 'Healthy' | 'Unhealthy';
}

/** `RESTEventType` values the simulator writes to `/Events`. */
export type FeedEventType = 'JobSessionUpdate' | 'JobUpdate' | 'RestoreSessionUpdate';

/**
 * One entry of the v8 event feed (`/Events`): what changed (thin: type, id, eTag and a few
 * fields), never the resource itself. `organizationId` decides who may see it.
 */
export interface FeedEvent {
  readonly sequence: number;
  readonly eventType: FeedEventType;
  readonly id: string;
  readonly eTag: number;
  readonly organizationId: string;
  readonly jobId?: string;
  /** `RESTJobSessionUpdateEventStatus`. */
  readonly status?: 'Stopped' | 'Running' | 'Success' | 'Failed' | 'Warning' | 'NotConfigured';
  readonly jobType?: 'Backup' | 'Copy';
}

/** Events the feed keeps; a change token older than this many events is outdated. */
export const EVENT_RETENTION = 1000;

/**
 * The live state of one simulator: the seeded dataset plus what job control changed since.
 * Records are immutable; a change replaces the record. `data` exposes the live lists.
 */
export interface Store {
  readonly data: SimulatorData;
  readonly infrastructure: InfrastructureState;
  organization(id: string): OrganizationRecord | undefined;
  job(id: string): JobRecord | undefined;
  copyJob(id: string): CopyJobRecord | undefined;
  session(id: string): SessionRecord | undefined;
  /** Backup and copy sessions, newest first (what v6+ list). */
  allSessions(): readonly SessionRecord[];
  /** A job's sessions, newest first. */
  sessionsOf(jobId: string): readonly SessionRecord[];
  /** The item, after applying the documented alias (another session's item), if any. */
  logItem(sessionId: string, itemId: string): LogItemRecord | undefined;
  /** Inserts a new session first, or replaces the record with the same id; counts as a change. */
  putSession(session: SessionRecord): void;
  putJob(job: JobRecord): void;
  putOrganization(organization: OrganizationRecord): void;
  /** The latest change sequence (0 before any). */
  readonly sequence: number;
  /** Sessions whose latest change is after `sequence`, oldest change first. */
  changesSince(sequence: number): SessionChange[];
  /** The latest event's sequence (0 before any); the seeded data is history, not events. */
  readonly eventSequence: number;
  /** The oldest sequence a change token may still name (older ones are outdated). */
  readonly eventFloor: number;
  /** Retained events after `sequence`, oldest first. */
  eventsSince(sequence: number): FeedEvent[];
  /** Calls `listener` after each new event; returns the unsubscribe. */
  onEvent(listener: () => void): () => void;
  /** When an open restore session was ended (epoch ms), if it was. */
  restoreSessionEnd(id: string): number | undefined;
  /** Ends an open restore session at `atMs`; the feed gets a RestoreSessionUpdate. */
  endRestoreSession(id: string, organizationId: string, atMs: number): void;
}

export function createStore(seed: SimulatorData): Store {
  const organizations = [...seed.organizations];
  const jobs = [...seed.jobs];
  const sessions = [...seed.sessions];
  const copySessions = [...seed.copySessions];
  const all = [...sessions, ...copySessions].sort((a, b) => Date.parse(b.creationTime) - Date.parse(a.creationTime));
  const byId = new Map(all.map((s) => [s.id, s]));
  const aliases = new Map<string, LogItemAlias>(seed.logItemAliases.map((a) => [`${a.jobSessionId}/${a.logItemId}`, a]));
  const changed = new Map<string, number>();
  let sequence = 0;
  const events: FeedEvent[] = [];
  let eventSequence = 0;
  const listeners = new Set<() => void>();
  const restoreEnds = new Map<string, number>();
  const restoreETags = new Map<string, number>();
  const emit = (event: Omit<FeedEvent, 'sequence'>): void => {
    events.push({ ...event, sequence: ++eventSequence });
    if (events.length > EVENT_RETENTION) events.splice(0, events.length - EVENT_RETENTION);
    for (const listener of [...listeners]) listener();
  };
  // The seeded sessions are the feed's history, oldest first.
  for (const session of [...all].reverse()) changed.set(session.id, ++sequence);

  const data: SimulatorData = {
    organizations,
    jobs,
    sessions,
    copyJobs: seed.copyJobs,
    copySessions,
    logItemAliases: seed.logItemAliases,
  };

  const replace = <T extends { readonly id: string }>(list: T[], record: T): boolean => {
    const index = list.findIndex((r) => r.id === record.id);
    if (index === -1) return false;
    list[index] = record;
    return true;
  };

  return {
    data,
    infrastructure: { repositoryFreeBytes: new Map(), proxyStatus: new Map(), health: 'Healthy' },
    organization: (id) => organizations.find((o) => o.id === id),
    job: (id) => jobs.find((j) => j.id === id),
    copyJob: (id) => seed.copyJobs.find((c) => c.id === id),
    session: (id) => byId.get(id),
    allSessions: () => all,
    sessionsOf: (jobId) => all.filter((s) => s.jobId === jobId),
    logItem(sessionId, itemId) {
      const alias = aliases.get(`${sessionId}/${itemId}`);
      const [servedSession, servedItem] = alias
        ? [alias.servedJobSessionId, alias.servedLogItemId]
        : [sessionId, itemId];
      return byId.get(servedSession)?.logItems.find((i) => i.id === servedItem);
    },
    putSession(session) {
      const list = session.jobType === 'Copy' ? copySessions : sessions;
      if (!replace(list, session)) list.unshift(session);
      if (!replace(all, session)) all.unshift(session);
      byId.set(session.id, session);
      changed.set(session.id, ++sequence);
      emit({
        eventType: 'JobSessionUpdate',
        id: session.id,
        eTag: session.eTag,
        organizationId: session.organizationId,
        jobId: session.jobId,
        status: eventStatus(session.status),
        jobType: session.jobType,
      });
    },
    putJob(job) {
      if (replace(jobs, job)) emit({ eventType: 'JobUpdate', id: job.id, eTag: job.eTag, organizationId: job.organizationId, jobType: 'Backup' });
    },
    putOrganization(organization) {
      replace(organizations, organization);
    },
    get sequence() {
      return sequence;
    },
    get eventSequence() {
      return eventSequence;
    },
    get eventFloor() {
      return Math.max(0, eventSequence - EVENT_RETENTION);
    },
    eventsSince: (since) => events.filter((event) => event.sequence > since),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    restoreSessionEnd: (id) => restoreEnds.get(id),
    endRestoreSession(id, organizationId, atMs) {
      if (restoreEnds.has(id)) return;
      restoreEnds.set(id, atMs);
      const eTag = (restoreETags.get(id) ?? 1) + 1;
      restoreETags.set(id, eTag);
      emit({ eventType: 'RestoreSessionUpdate', id, eTag, organizationId });
    },
    changesSince(since) {
      return [...changed]
        .filter(([, at]) => at > since)
        .sort(([, a], [, b]) => a - b)
        .flatMap(([id, at]) => {
          const session = byId.get(id);
          return session ? [{ sequence: at, session }] : [];
        });
    },
  };
}

/** `RESTJobSessionUpdateEventStatus` has no Queued or Disconnected: the nearest of its values. */
function eventStatus(status: SessionRecord['status']): NonNullable<FeedEvent['status']> {
  if (status === 'Queued') return 'Running';
  if (status === 'Disconnected') return 'Failed';
  return status;
}
