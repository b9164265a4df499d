import { facadeError } from '../errors.js';
import { isSafeSegment } from './decode.js';
import type { ResourceDefinition } from './resources/define.js';
import { RESOURCES } from './resources/index.generated.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Registry = (typeof RESOURCES)[number];
type KindsOf<R> = R extends { readonly routes: infer Routes } ? keyof Routes & string : never;

/** The GET routes this facade reads, by kind: every route of every resource in the registry. */
export type ResourceKind = KindsOf<Registry>;

interface Route {
  kind: ResourceKind;
  /** The resource the route belongs to. */
  resource: ResourceDefinition;
  /** Lowercase segments; `{id}` stands for a GUID, `{key}` for a plain string id (see `isSafeSegment`). */
  segments: readonly string[];
  /** The route template used in logs and metrics, never with raw ids. */
  template: string;
}

const ROUTES: readonly Route[] = RESOURCES.flatMap((resource: ResourceDefinition) =>
  Object.entries(resource.routes).map(([kind, template]) => ({
    kind: kind as ResourceKind,
    resource,
    segments: template.split('/'),
    template: `/${template}`,
  })),
);

const FINISHED = new Map<string, (value: object) => boolean>(
  RESOURCES.flatMap((resource: ResourceDefinition) => (resource.finished ? [[resource.name, resource.finished.bind(resource)] as const] : [])),
);

/**
 * Whether a value read at a route of this kind, decoded, no longer changes: its resource says so
 * (e.g. a session with an end time). Pages, lists and resources without such a rule: never.
 */
export function isFinishedAt(kind: string, value: unknown): boolean {
  const finished = FINISHED.get(kind);
  return finished !== undefined && typeof value === 'object' && value !== null && finished(value);
}

/** A canonical resource path: lowercase, relative to the versioned base URL, e.g. `/jobsessions/<guid>`. */
export interface ResourcePath {
  kind: ResourceKind;
  /** The loader key and the path appended to the base URL. */
  path: string;
  template: string;
  /**
   * Set by the reader when what the path answers no longer changes, decided on an object read
   * before it (e.g. the events of a finished restore session): the cache then keeps it as long
   * as a finished object.
   */
  finished?: boolean;
}

/** The routes by their number of segments and first segment: a match tries only these. */
const ROUTES_BY_HEAD = new Map<string, Route[]>();
for (const route of ROUTES) {
  if (route.segments[0]?.startsWith('{')) throw new Error(`route ${route.template}: a route starts with a fixed segment`);
  const head = `${route.segments.length}/${route.segments[0]}`;
  ROUTES_BY_HEAD.set(head, [...(ROUTES_BY_HEAD.get(head) ?? []), route]);
}

/** Matches lowercase path segments against the known GET routes. */
export function matchRoute(segments: readonly string[]): ResourcePath | undefined {
  const lower = segments.map((s) => s.toLowerCase());
  const candidates = ROUTES_BY_HEAD.get(`${lower.length}/${lower[0]}`);
  if (candidates === undefined) return undefined;
  for (const r of candidates) {
    let ok = true;
    let keyed = false;
    for (let i = 1; ok && i < lower.length; i++) {
      const want = r.segments[i]!;
      if (want === '{key}') {
        keyed = true;
        ok = isSafeSegment(segments[i]!);
      } else {
        ok = want === '{id}' ? GUID.test(lower[i]!) : want === lower[i];
      }
    }
    if (!ok) continue;
    // A `{key}` keeps its case: a plain string id may be case-sensitive.
    const path = keyed ? r.segments.map((want, i) => (want === '{key}' ? segments[i] : lower[i])).join('/') : lower.join('/');
    return { kind: r.kind, path: `/${path}`, template: r.template };
  }
  return undefined;
}

function resource(...segments: string[]): ResourcePath {
  const match = matchRoute(segments);
  // Callers pass GUIDs that were already checked (GraphQL arguments or decoded upstream JSON).
  if (!match) throw facadeError('UPSTREAM_BAD_RESPONSE', 'Not a resource this facade reads.');
  return match;
}

/** The path of a route of the registry, its `{id}`s and `{key}`s filled in order with ids that were already checked. */
export function routePath(kind: ResourceKind, ...ids: string[]): ResourcePath {
  const route = ROUTES.find((r) => r.kind === kind);
  if (!route) throw facadeError('UPSTREAM_BAD_RESPONSE', 'Not a resource this facade reads.');
  let next = 0;
  return resource(...route.segments.map((segment) => (segment === '{id}' || segment === '{key}' ? (ids[next++] ?? '') : segment)));
}

/** Canonical resource paths (below the version segment) from GUIDs that were already checked. */
export const resources = {
  jobSessions: () => routePath('jobSessionPage'),
  jobSession: (id: string) => routePath('jobSession', id),
  logItems: (sessionId: string) => routePath('logItemPage', sessionId),
  logItem: (sessionId: string, id: string) => routePath('logItem', sessionId, id),
  jobs: () => routePath('jobList'),
  job: (id: string) => routePath('job', id),
  jobSessionsOfJob: (jobId: string) => routePath('jobSessionPageOfJob', jobId),
  organization: (id: string) => routePath('organization', id),
  organizations: () => routePath('organizationList'),
  jobsOfOrganization: (organizationId: string) => routePath('jobListOfOrganization', organizationId),
  jobSessionChanges: () => routePath('jobSessionChanges'),
  /** An item of a collection path, e.g. a log item of `/jobsessions/<id>/logitems`. */
  itemOf: (collection: ResourcePath, id: string) => resource(...collection.path.split('/').filter(Boolean), id),
};
