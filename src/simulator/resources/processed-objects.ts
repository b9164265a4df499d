import { createHash } from 'node:crypto';
import { canSeeOrganization, type JobRecord, type SessionRecord } from '../data.js';
import { ApiError } from '../errors.js';
import type { ObjectKind } from '../sessions.js';
import { API_VERSIONS, since } from '../versions.js';
import type { ReadContext, SimulatorResource } from './define.js';

/** `RESTJobSessionObjectType` of the v7/v8 specs for what a job processes. */
const OBJECT_TYPE: Readonly<Record<ObjectKind, 'User' | 'Site' | 'Team'>> = {
  mailbox: 'User',
  onedrive: 'User',
  site: 'Site',
  team: 'Team',
};

/** A stable id per job and object (the same object keeps its id across sessions): 32 hex digits, not a GUID. */
function objectId(jobId: string, index: number): string {
  return createHash('sha256').update(`${jobId}|${index}`).digest('hex').slice(0, 32);
}

/** The backup job whose objects a session processed (a copy session's is its source job's). */
function jobOf(context: ReadContext, session: SessionRecord): JobRecord | undefined {
  const copy = context.store.copyJob(session.jobId);
  return context.store.job(copy?.backupJobId ?? session.jobId);
}

/** The objects processed so far (`progress`): the last one carries a Warning or Failed session's status. */
function processedObjects(context: ReadContext, session: SessionRecord) {
  const job = jobOf(context, session);
  const count = session.progress ?? 0;
  const type = job === undefined ? 'User' : OBJECT_TYPE[job.workload.objectKind];
  const lastStatus = session.status === 'Warning' ? 'Warning' : session.status === 'Failed' || session.status === 'Disconnected' ? 'Failed' : 'Success';
  return Array.from({ length: count }, (_, index) => ({
    id: objectId(job?.id ?? session.jobId, index),
    type,
    status: index === count - 1 ? lastStatus : 'Success',
  }));
}

/** `GET /JobSessions/{id}/ProcessedObjects` (v7+): a page of `RESTJobSessionObject`. */
export default {
  routes: [
    {
      pattern: ['jobsessions', '{id}', 'processedobjects'],
      versions: API_VERSIONS.filter((version) => since(version, 'v7')),
      read: (context) => {
        const id = context.ids[0] ?? '';
        const session = context.store.session(id);
        if (session === undefined || !canSeeOrganization(context.user, session.organizationId)) {
          throw new ApiError(404, `Job session with ID '${id}' was not found.`);
        }
        return context.render.page(`jobsessions/${id}/processedobjects`, context.window(), processedObjects(context, session), (o) => o);
      },
    },
  ],
} satisfies SimulatorResource;
