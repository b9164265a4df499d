import type { ApiVersion } from '../api-version.js';
import type { ApiAdapter } from './types.js';
import { v5 } from './v5.js';
import { v6 } from './v6.js';
import { v7 } from './v7.js';
import { v8 } from './v8.js';

export type { ApiAdapter, CollectionRequest, JobAction, SessionFilters, WriteRequest } from './types.js';

const ADAPTERS: Readonly<Record<ApiVersion, ApiAdapter>> = { v5, v6, v7, v8 };

/** The adapter of an API version: every difference between versions lives behind it. */
export function adapterFor(version: ApiVersion): ApiAdapter {
  return ADAPTERS[version];
}
