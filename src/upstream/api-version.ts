/** The REST API versions this facade speaks, oldest first. */
export const API_VERSIONS = ['v5', 'v6', 'v7', 'v8'] as const;

export type ApiVersion = (typeof API_VERSIONS)[number];

/** `v7` from `v7`/`V7`, or undefined for anything this facade does not speak. */
export function parseApiVersion(value: string): ApiVersion | undefined {
  const lower = value.toLowerCase();
  return (API_VERSIONS as readonly string[]).includes(lower) ? (lower as ApiVersion) : undefined;
}

/** Whether `version` is `since` or newer. */
export function atLeast(version: ApiVersion, since: ApiVersion): boolean {
  return API_VERSIONS.indexOf(version) >= API_VERSIONS.indexOf(since);
}

const VERSION_SUFFIX = /\/(v\d+)\/?$/i;

/**
 * Splits a configured API URL into the server's base (scheme, host, any path prefix) and the
 * version it names, if any: `https://host:4443/v7` → (`https://host:4443`, `v7`).
 */
export function splitApiUrl(url: URL): { base: URL; version: ApiVersion | undefined; named: string | undefined } {
  const match = VERSION_SUFFIX.exec(url.pathname);
  const base = new URL(url.href);
  if (match) base.pathname = url.pathname.slice(0, match.index) || '/';
  return { base, version: match ? parseApiVersion(match[1] ?? '') : undefined, named: match?.[1] };
}

/** `base` + `/version`, e.g. `https://host:4443/v8`. */
export function versionedUrl(base: URL, version: ApiVersion): URL {
  return new URL(`${base.href.replace(/\/+$/, '')}/${version}`);
}
