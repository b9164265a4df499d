import { facadeError } from '../errors.js';
import type { LinkDto } from './types.js';
import { matchRoute, type ResourceKind, type ResourcePath } from './routes.js';

const VERSION_SEGMENT = /^v\d+$/i;

/** The path of an absolute or relative href, without scheme, authority, query or fragment. */
function pathOf(href: string): string {
  const scheme = href.indexOf('://');
  const start = scheme === -1 ? 0 : href.indexOf('/', scheme + 3);
  if (start === -1) return '';
  const end = href.search(/[?#]/);
  return href.slice(start, end === -1 ? undefined : end);
}

/**
 * Reduces an upstream href to a canonical resource path.
 *
 * v5 hrefs are absolute and name the server's own host, which is often not the one the
 * facade was configured with; v6+ hrefs are relative. Either way only the part after the
 * API version segment is kept and later resolved against the configured base URL, so the
 * host named in an href is never contacted and never sees a token. Hrefs that do not land
 * on a known GET route (of the expected kind, when given) are refused; so are encoded or
 * dot segments, which no route has.
 */
export function pathFromHref(href: string, expected?: readonly ResourceKind[]): ResourcePath {
  const segments = pathOf(href).split('/').filter((s) => s !== '');
  const version = segments.findIndex((s) => VERSION_SEGMENT.test(s));
  const match = version === -1 ? undefined : matchRoute(segments.slice(version + 1));
  if (!match || (expected && !expected.includes(match.kind))) throw refused();
  return match;
}

/** The canonical path of a relation, or undefined when the upstream object has no such link. */
export function relationPath(
  link: LinkDto | undefined,
  expected: readonly ResourceKind[],
): ResourcePath | undefined {
  return typeof link?.href === 'string' ? pathFromHref(link.href, expected) : undefined;
}

function refused() {
  return facadeError('UPSTREAM_BAD_RESPONSE', 'The backup server sent a link this facade does not follow.');
}
