import { API_VERSIONS, type ApiVersion } from '../api-version.js';
import type { Decoder } from '../decode.js';

/** A value per API version; a version left out has none (the resource or route is not served). */
export type PerVersion<T> = Partial<Readonly<Record<ApiVersion, T>>>;

/** How a version sends a whole collection: one plain JSON array, or `{offset, limit, results}` pages. */
export type Paging = 'array' | 'pages';

/** The page size a connection reads when the query does not say `first` (as the SDL's default). */
export const DEFAULT_PAGE_SIZE = 30;

/**
 * What a GraphQL field costs in upstream requests: nothing (`free`: it is read from its parent's
 * JSON), one request `each` time a parent object resolves it (a collection, or an object addressed
 * by argument), or one request `once` per operation (a to-one link many parents usually share,
 * deduplicated by the loaders). `fanOut` multiplies the cost of what is selected below it.
 */
export type FieldCost = 'free' | { readonly calls: 'each' | 'once'; readonly fanOut?: (args: Record<string, unknown>) => number };

const pageSize = (args: Record<string, unknown>) => (typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE);

/** Read from the parent's JSON. */
export const free: FieldCost = 'free';
/** One request per parent object. */
export const each: FieldCost = { calls: 'each' };
/** One request per operation (shared through the loaders). */
export const once: FieldCost = { calls: 'once' };
/** One request per parent, and `first` items below it. */
export const page: FieldCost = { calls: 'each', fanOut: pageSize };

/**
 * GraphQL type name → field name → cost; `'free'` for a value type (a connection, an edge,
 * statistics) whose every field is read from its parent.
 */
export type CostTable = Readonly<Record<string, Readonly<Record<string, FieldCost>> | 'free'>>;

/**
 * One upstream resource, declared once: where each version serves it, how each version writes
 * it (decoded into `src/model.ts`'s shape), how each version sends its list, when an object of it
 * no longer changes, and what its GraphQL fields cost. The registry of these
 * (`index.generated.ts`) is what the routes, the data source's loaders, the cache's TTL and the
 * cost table read.
 */
export interface ResourceDefinition<T extends object = object> {
  /** The resource's name: the route kind of one object, and the name of its loaders. */
  readonly name: string;
  /** How errors name one object, e.g. `backup repository`. */
  readonly what: string;
  /**
   * Its GET routes below the version segment, lowercase, by route kind; `{id}` stands for a GUID,
   * `{key}` for a plain string id that is safe as one path segment (kept in its case).
   * The route named `name` is one object (unless `listOnly`); `list` (when given) names the collection
   * route. A singleton (one object without an id, like `/License`) has only the route named `name`.
   */
  readonly routes: Readonly<Record<string, string>>;
  /** The route kind of the whole collection, if the resource is read as a list. */
  readonly list?: string;
  /**
   * True for a resource the API serves only as a list (no GET of one object, e.g. `/LicensedUsers`):
   * `name` then names no route, and only `list` and `page` read it.
   */
  readonly listOnly?: true;
  /** The decoder per version that serves the resource; a version without one does not serve it. */
  readonly decoders: PerVersion<Decoder<T>>;
  /** How each version sends the whole collection (`list`). */
  readonly paging?: PerVersion<Paging>;
  /** Whether an object no longer changes (decided on the decoded model): the cache then keeps it longer. */
  finished?(value: T): boolean;
  /** The costs of the GraphQL type this resource backs, and of the root fields that read it. */
  readonly costs: CostTable;
}

/** Declares a resource; the literal route kinds are kept for `ResourceKind`. */
export function defineResource<T extends object, const Routes extends Readonly<Record<string, string>>>(
  definition: ResourceDefinition<T> & { readonly routes: Routes },
): ResourceDefinition<T> & { readonly routes: Routes } {
  return definition;
}

/**
 * Fills every version from the first one given on: `fromVersion({ v5: a, v8: b })` is `a` for
 * v5-v7 and `b` for v8; versions before the first key get nothing.
 */
export function fromVersion<T>(changes: PerVersion<T>): PerVersion<T> {
  const filled: Partial<Record<ApiVersion, T>> = {};
  let current: T | undefined;
  for (const version of API_VERSIONS) {
    current = changes[version] ?? current;
    if (current !== undefined) filled[version] = current;
  }
  return filled;
}

/** The first version that has a value. */
export function firstVersion<T>(values: PerVersion<T>): ApiVersion | undefined {
  return API_VERSIONS.find((version) => values[version] !== undefined);
}
