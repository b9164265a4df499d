import { facadeError } from '../errors.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The upstream resources this facade reads, by the name its loaders use. */
export type ResourceKind =
  | 'jobSession'
  | 'jobSessionPage'
  | 'logItem'
  | 'logItemPage'
  | 'job'
  | 'jobList'
  | 'jobSessionPageOfJob'
  | 'organization'
  | 'organizationList'
  | 'jobListOfOrganization'
  | 'serviceInstance'
  /** A backup copy job (v6+); recognised in links, not read: the schema's Job is a backup job. */
  | 'copyJob'
  /** The v7 change feed of job sessions. */
  | 'jobSessionChanges';

interface Route {
  kind: ResourceKind;
  /** Lowercase segments; `{id}` stands for a GUID. */
  segments: readonly string[];
  /** The route template used in logs and metrics, never with raw ids. */
  template: string;
}

const ROUTES: readonly Route[] = [
  route('jobSessionPage', 'jobsessions'),
  route('jobSession', 'jobsessions/{id}'),
  route('logItemPage', 'jobsessions/{id}/logitems'),
  route('logItem', 'jobsessions/{id}/logitems/{id}'),
  route('jobList', 'jobs'),
  route('job', 'jobs/{id}'),
  route('jobSessionPageOfJob', 'jobs/{id}/jobsessions'),
  route('organization', 'organizations/{id}'),
  route('organizationList', 'organizations'),
  route('jobListOfOrganization', 'organizations/{id}/jobs'),
  route('serviceInstance', 'serviceinstance'),
  route('copyJob', 'copyjobs/{id}'),
  route('jobSessionChanges', 'jobsessions/changes'),
];

function route(kind: ResourceKind, template: string): Route {
  return { kind, segments: template.split('/'), template: `/${template}` };
}

/** A canonical resource path: lowercase, relative to the versioned base URL, e.g. `/jobsessions/<guid>`. */
export interface ResourcePath {
  kind: ResourceKind;
  /** The loader key and the path appended to the base URL. */
  path: string;
  template: string;
}

/** Matches lowercase path segments against the known GET routes. */
export function matchRoute(segments: readonly string[]): ResourcePath | undefined {
  const lower = segments.map((s) => s.toLowerCase());
  for (const r of ROUTES) {
    if (r.segments.length !== lower.length) continue;
    const ok = r.segments.every((want, i) => (want === '{id}' ? GUID.test(lower[i] ?? '') : want === lower[i]));
    if (ok) return { kind: r.kind, path: `/${lower.join('/')}`, template: r.template };
  }
  return undefined;
}

function resource(...segments: string[]): ResourcePath {
  const match = matchRoute(segments);
  // Callers pass GUIDs that were already checked (GraphQL arguments or decoded upstream JSON).
  if (!match) throw facadeError('UPSTREAM_BAD_RESPONSE', 'Not a resource this facade reads.');
  return match;
}

/** Canonical resource paths (below the version segment) from GUIDs that were already checked. */
export const resources = {
  jobSessions: () => resource('jobsessions'),
  jobSession: (id: string) => resource('jobsessions', id),
  logItems: (sessionId: string) => resource('jobsessions', sessionId, 'logitems'),
  logItem: (sessionId: string, id: string) => resource('jobsessions', sessionId, 'logitems', id),
  jobs: () => resource('jobs'),
  job: (id: string) => resource('jobs', id),
  jobSessionsOfJob: (jobId: string) => resource('jobs', jobId, 'jobsessions'),
  organization: (id: string) => resource('organizations', id),
  organizations: () => resource('organizations'),
  jobsOfOrganization: (organizationId: string) => resource('organizations', organizationId, 'jobs'),
  serviceInstance: () => resource('serviceinstance'),
  jobSessionChanges: () => resource('jobsessions', 'changes'),
  /** An item of a collection path, e.g. a log item of `/jobsessions/<id>/logitems`. */
  itemOf: (collection: ResourcePath, id: string) => resource(...collection.path.split('/').filter(Boolean), id),
};
