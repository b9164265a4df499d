import { facadeError } from '../../errors.js';
import { API_VERSIONS, type ApiVersion } from '../api-version.js';
import type { Decoder } from '../decode.js';
import { firstVersion, type ResourceDefinition } from '../resources/define.js';
import { routePath, type ResourceKind } from '../routes.js';
import type { ApiAdapter, CollectionRequest, Query } from './types.js';

function notServed(version: ApiVersion, resource: ResourceDefinition): never {
  const since = firstVersion(resource.decoders);
  const newer = since && API_VERSIONS.indexOf(since) > API_VERSIONS.indexOf(version) ? ` (${since}+ does)` : '';
  throw facadeError('NOT_SUPPORTED_BY_SERVER', `The backup server speaks API ${version}, which has no ${resource.what} resource${newer}.`);
}

/** The part of an adapter read from the resource registry: decoders, and how each list is sent. */
export function registryReads(version: ApiVersion): Pick<ApiAdapter, 'decoder' | 'serves' | 'list'> {
  return {
    decoder<T extends object>(resource: ResourceDefinition<T>): Decoder<T> {
      return resource.decoders[version] ?? notServed(version, resource);
    },
    serves: (resource) => resource.decoders[version] !== undefined,
    list(resource, query: Query = {}, parentIds: readonly string[] = []): CollectionRequest {
      const paging = resource.paging?.[version];
      if (resource.decoders[version] === undefined) notServed(version, resource);
      if (resource.list === undefined || paging === undefined) {
        throw facadeError('NOT_SUPPORTED_BY_SERVER', `The backup server speaks API ${version}, which has no list of the ${resource.what} resource.`);
      }
      return { resource: routePath(resource.list as ResourceKind, ...parentIds), query, paged: paging === 'pages' };
    },
  };
}
