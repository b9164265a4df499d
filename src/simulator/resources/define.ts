import type { DemoUser } from '../data.js';
import type { PageWindow, Renderer } from '../dto.js';
import type { Store } from '../store.js';
import type { ApiVersion } from '../versions.js';

/** One authenticated GET, its GUID path parameters already checked. */
export interface ReadContext {
  readonly version: ApiVersion;
  readonly render: Renderer;
  readonly user: DemoUser;
  /** GUID path parameters, lowercased, in path order. */
  readonly ids: readonly string[];
  readonly query: URLSearchParams;
  readonly store: Store;
  /** `offset` and `limit` of the query (400 when invalid), for paged answers. */
  window(): PageWindow;
}

/** A read-only route: lowercase segments (`{id}` for a GUID) and the versions that serve it. */
export interface ResourceRoute {
  readonly pattern: readonly string[];
  readonly versions: readonly ApiVersion[];
  /** The JSON body of a 200; throw `ApiError` for another answer. */
  read(context: ReadContext): unknown;
}

/** A resource the simulated server serves, in one module of this directory (listed in `index.generated.ts`). */
export interface SimulatorResource {
  readonly routes: readonly ResourceRoute[];
}
