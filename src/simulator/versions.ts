/** A REST API version an 8.x server serves; only the path names it. */
export type ApiVersion = 'v5' | 'v6' | 'v7' | 'v8';

/** Every version the simulator can serve, oldest first. */
export const API_VERSIONS: readonly ApiVersion[] = Object.freeze(['v5', 'v6', 'v7', 'v8']);

/** The product build an 8.x server reports in `GET /ServiceInstance`. */
export const PRODUCT_VERSION = '8.3.0.2201';

export function isApiVersion(value: string): value is ApiVersion {
  return (API_VERSIONS as readonly string[]).includes(value);
}

/** 5 for `v5`: versions compare as numbers. */
export function versionNumber(version: ApiVersion): number {
  return Number(version.slice(1));
}

/** True when `version` is `from` or newer. */
export function since(version: ApiVersion, from: ApiVersion): boolean {
  return versionNumber(version) >= versionNumber(from);
}

/** Deduplicated and ascending; throws for an empty list or an unknown version. */
export function normalizeVersions(versions: readonly string[]): ApiVersion[] {
  const unknown = versions.filter((v) => !isApiVersion(v));
  if (unknown.length > 0) throw new RangeError(`Unknown API version(s): ${unknown.join(', ')}`);
  const served = API_VERSIONS.filter((v) => versions.includes(v));
  if (served.length === 0) throw new RangeError('At least one API version must be served');
  return served;
}
