import DataLoader from 'dataloader';
import type { Links } from '../model.js';
import { pathFromHref } from '../upstream/links.js';
import type { UpstreamEvent, UpstreamEvents } from '../upstream/events.js';
import type { ResourceKind, ResourcePath } from '../upstream/routes.js';

/**
 * There is no batch endpoint: a batch runs its distinct keys concurrently, and each key
 * fails on its own (the DataLoader contract: same length and order, an Error per miss).
 */
function concurrently<K, V>(fetchOne: (key: K) => Promise<V>) {
  return (keys: readonly K[]) => Promise.all(keys.map((key) => fetchOne(key).catch((error: Error) => error)));
}

/** A DataLoader that reports loads answered from its cache (`loader-hit`): each one is an upstream call saved. */
class CountingLoader<K, V> extends DataLoader<K, V, string> {
  private readonly cache: Map<string, Promise<V>>;
  /** Built once per loader: a hit emits it as is. */
  private readonly hit: UpstreamEvent;

  constructor(
    name: string,
    batch: DataLoader.BatchLoadFn<K, V>,
    private readonly keyOf: (key: K) => string,
    private readonly events: UpstreamEvents,
  ) {
    const cache = new Map<string, Promise<V>>();
    super(batch, { cacheKeyFn: keyOf, cacheMap: cache });
    this.cache = cache;
    this.hit = { type: 'loader-hit', loader: name };
  }

  override load(key: K): Promise<V> {
    if (this.cache.has(this.keyOf(key))) this.events.emit(this.hit);
    return super.load(key);
  }
}

/** A per-request loader of `fetchOne`, keyed by `keyOf`; with `events`, one that reports its cache hits there. */
export function loader<K, V>(name: string, fetchOne: (key: K) => Promise<V>, keyOf: (key: K) => string, events?: UpstreamEvents) {
  const batch = concurrently(fetchOne);
  return events ? new CountingLoader(name, batch, keyOf, events) : new DataLoader<K, V, string>(batch, { cacheKeyFn: keyOf });
}

export const byPath = (resource: ResourcePath) => resource.path;

/** Also cache an object under its own `self` path, which may differ from the path it was read at. */
export function primeSelf<T extends { links: Links }>(target: DataLoader<ResourcePath, T, string>, value: T, kind: ResourceKind) {
  const href = value.links.self;
  if (href === undefined) return;
  try {
    target.prime(pathFromHref(href, [kind]), value);
  } catch {
    // A self link we would not follow is simply not cached under it.
  }
}
