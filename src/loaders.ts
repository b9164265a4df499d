import DataLoader from 'dataloader';
import type { UpstreamClient } from './upstream/client.js';
import {
  decodeArray,
  decodeJob,
  decodeJobSession,
  decodeLogItem,
  decodeOrganization,
  decodePage,
  type Decoder,
} from './upstream/decode.js';
import { pathFromHref } from './upstream/links.js';
import type { ResourceKind, ResourcePath } from './upstream/routes.js';
import type { JobDto, JobSessionDto, LogItemDto, OrganizationDto, PageDto } from './upstream/types.js';

/** A page request: the collection's canonical path plus offset and limit. */
export interface PageKey {
  resource: ResourcePath;
  offset: number;
  limit: number;
}

/** One DataLoader per upstream resource, keyed by canonical path; built once per GraphQL request. */
export interface Loaders {
  jobSessionByPath: DataLoader<ResourcePath, JobSessionDto, string>;
  logItemByPath: DataLoader<ResourcePath, LogItemDto, string>;
  jobByPath: DataLoader<ResourcePath, JobDto, string>;
  organizationByPath: DataLoader<ResourcePath, OrganizationDto, string>;
  jobSessionPageByKey: DataLoader<PageKey, PageDto<JobSessionDto>, string>;
  logItemPageByKey: DataLoader<PageKey, PageDto<LogItemDto>, string>;
  jobListByPath: DataLoader<ResourcePath, JobDto[], string>;
}

interface Linked {
  _links?: Partial<Record<string, { href?: unknown } | undefined>>;
}

/**
 * There is no batch endpoint: a batch runs its distinct keys concurrently, and each key
 * fails on its own (the DataLoader contract: same length and order, an Error per miss).
 */
function concurrently<K, V>(fetchOne: (key: K) => Promise<V>) {
  return (keys: readonly K[]) => Promise.all(keys.map((key) => fetchOne(key).catch((error: Error) => error)));
}

type CacheHit = (loader: string) => void;

/** A DataLoader that reports loads answered from its cache: each one is an upstream call saved. */
class CountingLoader<K, V> extends DataLoader<K, V, string> {
  private readonly cache: Map<string, Promise<V>>;

  constructor(
    batch: DataLoader.BatchLoadFn<K, V>,
    private readonly keyOf: (key: K) => string,
    private readonly onHit: () => void,
  ) {
    const cache = new Map<string, Promise<V>>();
    super(batch, { cacheKeyFn: keyOf, cacheMap: cache });
    this.cache = cache;
  }

  override load(key: K): Promise<V> {
    if (this.cache.has(this.keyOf(key))) this.onHit();
    return super.load(key);
  }
}

/** A loader keyed by `keyOf`; a counting one when cache hits are observed. */
function loader<K, V>(name: string, batch: DataLoader.BatchLoadFn<K, V>, keyOf: (key: K) => string, onHit?: CacheHit) {
  return onHit ? new CountingLoader(batch, keyOf, () => onHit(name)) : new DataLoader<K, V, string>(batch, { cacheKeyFn: keyOf });
}

const byPath = (resource: ResourcePath) => resource.path;
const byPage = (key: PageKey) => `${key.resource.path}?offset=${key.offset}&limit=${key.limit}`;

function resourceLoader<T extends Linked>(
  client: UpstreamClient,
  decode: Decoder<T>,
  kind: ResourceKind,
  onHit: CacheHit | undefined,
) {
  const self: DataLoader<ResourcePath, T, string> = loader(
    kind,
    concurrently(async (resource: ResourcePath) => {
      const value = await client.get(resource, decode);
      primeSelf(self, value, kind);
      return value;
    }),
    byPath,
    onHit,
  );
  return self;
}

/** Also cache an object under its own `self` path, which may differ from the path it was read at. */
function primeSelf<T extends Linked>(loader: DataLoader<ResourcePath, T, string>, value: T, kind: ResourceKind) {
  const href = value._links?.self?.href;
  if (typeof href !== 'string') return;
  try {
    loader.prime(pathFromHref(href, [kind]), value);
  } catch {
    // A self link we would not follow is simply not cached under it.
  }
}

/** A loader of a collection whose every item primes the item loader under its `self` path. */
function collectionLoader<K, T extends Linked, C>(
  name: string,
  fetch: (key: K) => Promise<C>,
  itemsOf: (collection: C) => readonly T[],
  items: { loader: DataLoader<ResourcePath, T, string>; kind: ResourceKind },
  keyOf: (key: K) => string,
  onHit: CacheHit | undefined,
) {
  return loader(
    name,
    concurrently(async (key: K) => {
      const collection = await fetch(key);
      for (const item of itemsOf(collection)) primeSelf(items.loader, item, items.kind);
      return collection;
    }),
    keyOf,
    onHit,
  );
}

/** A loader of v5 pages (`?offset&limit`) whose items prime their own loader. */
function pageLoader<T extends Linked>(
  name: string,
  client: UpstreamClient,
  decodeItem: Decoder<T>,
  items: { loader: DataLoader<ResourcePath, T, string>; kind: ResourceKind },
  onHit: CacheHit | undefined,
) {
  const decode = decodePage(decodeItem);
  return collectionLoader(
    name,
    (key: PageKey) => client.get(key.resource, decode, { offset: key.offset, limit: key.limit }),
    (page) => page.results,
    items,
    byPage,
    onHit,
  );
}

/** Builds the per-request loaders over a client that carries the caller's token. */
export function createLoaders(client: UpstreamClient, onHit?: CacheHit): Loaders {
  const jobSessionByPath = resourceLoader(client, decodeJobSession, 'jobSession', onHit);
  const logItemByPath = resourceLoader(client, decodeLogItem, 'logItem', onHit);
  const jobByPath = resourceLoader(client, decodeJob, 'job', onHit);
  const organizationByPath = resourceLoader(client, decodeOrganization, 'organization', onHit);
  const jobSessionPageByKey = pageLoader('jobSessionPage', client, decodeJobSession, { loader: jobSessionByPath, kind: 'jobSession' }, onHit);
  const logItemPageByKey = pageLoader('logItemPage', client, decodeLogItem, { loader: logItemByPath, kind: 'logItem' }, onHit);
  const jobListByPath = collectionLoader(
    'jobList',
    (resource: ResourcePath) => client.get(resource, decodeArray(decodeJob)),
    (jobs) => jobs,
    { loader: jobByPath, kind: 'job' },
    byPath,
    onHit,
  );

  return {
    jobSessionByPath,
    logItemByPath,
    jobByPath,
    organizationByPath,
    jobSessionPageByKey,
    logItemPageByKey,
    jobListByPath,
  };
}
