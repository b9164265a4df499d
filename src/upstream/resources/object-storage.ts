import type { Links } from '../../model.js';
import { badShape, Fields, type Decoder } from '../decode.js';
import { defineResource } from './define.js';

const GIB = 2 ** 30;

/** The object storage a backup repository keeps its data in. */
export interface ObjectStorageModel {
  id: string;
  /** v5-v7; v8's nested object storage has no name. */
  name: string | null;
  usedSpaceBytes: number | null;
  /** `sizeLimitGB` × 2^30; null when no size limit is set. */
  sizeLimitBytes: number | null;
  /** `enableImmutability`: v7+; null before. */
  immutabilityEnabled: boolean | null;
  /** v8. */
  immutabilityPeriodDays: number | null;
  links: Links;
}

/**
 * `RESTObjectStorageRepositoryComposed` (v5-v7, `/ObjectStorageRepositories/{id}`) and v8's
 * `RESTObjectStorageComposed` nested in the repository: the same names, v7 adds
 * `enableImmutability`, v8 `immutabilityPeriodDays`.
 */
export const decodeObjectStorage: Decoder<ObjectStorageModel> = (value) => {
  const what = 'object storage';
  const f = Fields.of(value, what);
  const sizeLimitGB = f.optionalLong('sizeLimitGB');
  const limited = f.optionalBoolean('sizeLimitEnabled') !== false && sizeLimitGB !== null;
  const sizeLimitBytes = limited ? sizeLimitGB * GIB : null;
  if (sizeLimitBytes !== null && (sizeLimitBytes < 0 || !Number.isSafeInteger(sizeLimitBytes))) badShape(what);
  return {
    id: f.guid('id'),
    name: f.optionalString('name'),
    usedSpaceBytes: f.optionalLong('usedSpaceBytes'),
    sizeLimitBytes,
    immutabilityEnabled: f.optionalBoolean('enableImmutability'),
    immutabilityPeriodDays: f.optionalInt('immutabilityPeriodDays'),
    links: f.links(),
  };
};

/**
 * `/ObjectStorageRepositories/{id}` of v5-v7, which a repository names by `objectStorageId`. v8
 * has no such route: its repositories carry their object storage inside.
 */
export default defineResource({
  name: 'objectStorage',
  what: 'object storage',
  routes: { objectStorage: 'objectstoragerepositories/{id}' },
  decoders: { v5: decodeObjectStorage, v6: decodeObjectStorage, v7: decodeObjectStorage },
  costs: { ObjectStorage: 'free' },
});
