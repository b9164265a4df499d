/** Hash routes: the page is one static file, so every view lives after `#`. */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { readonly view: 'home' }
  | { readonly view: 'servers' }
  | { readonly view: 'timeline' }
  | { readonly view: 'session'; readonly id: string; readonly itemId?: string; readonly server?: string }
  | { readonly view: 'job'; readonly id: string; readonly server?: string }
  | { readonly view: 'infrastructure'; readonly server?: string }
  | { readonly view: 'protection' }
  | { readonly view: 'restore-audit'; readonly id?: string; readonly server?: string }
  | { readonly view: 'alerts' };

/**
 * Parses `#/servers`, `#/sessions`, `#/sessions/<id>`, `#/sessions/<id>/items/<itemId>`,
 * `#/jobs/<id>`, `#/infrastructure`, `#/protection`, `#/restores`, `#/restores/<id>`,
 * `#/alerts`, and the subjects on a named server: `#/s/<server>/session/<id>`,
 * `#/s/<server>/session/<id>/item/<itemId>`, `#/s/<server>/job/<id>`, `#/s/<server>/restore/<id>`,
 * and `#/s/<server>/infrastructure` (the Infrastructure view with that server picked).
 * Anything else is the front page (`home`).
 */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter((p) => p !== '').map(decodeURIComponent);
  if (parts[0] === 's' && parts[1] && parts[2] === 'infrastructure' && parts.length === 3) return { view: 'infrastructure', server: parts[1] };
  if (parts[0] === 's' && parts[1] && parts[3]) {
    const [, server, kind, id, sub, subId] = parts as [string, string, string, string, string?, string?];
    if (kind === 'session') return sub === 'item' && subId ? { view: 'session', id, itemId: subId, server } : { view: 'session', id, server };
    if (kind === 'job') return { view: 'job', id, server };
    if (kind === 'restore') return { view: 'restore-audit', id, server };
    return { view: 'home' };
  }
  const [kind, id, sub, subId] = parts;
  if (kind === 'servers') return { view: 'servers' };
  if (kind === 'sessions' && id) return sub === 'items' && subId ? { view: 'session', id, itemId: subId } : { view: 'session', id };
  if (kind === 'sessions') return { view: 'timeline' };
  if (kind === 'jobs' && id) return { view: 'job', id };
  if (kind === 'infrastructure') return { view: 'infrastructure' };
  if (kind === 'protection') return { view: 'protection' };
  if (kind === 'alerts') return { view: 'alerts' };
  if (kind === 'restores') return id ? { view: 'restore-audit', id } : { view: 'restore-audit' };
  return { view: 'home' };
}

const on = (server: string | undefined, path: string, old: string): string => (server === undefined ? old : `#/s/${encodeURIComponent(server)}/${path}`);
const e = encodeURIComponent;

/** Links; a subject's link names its server when given (`#/s/<server>/...`), else the single-server form. */
export const href = {
  home: (): string => '#/',
  servers: (): string => '#/servers',
  timeline: (): string => '#/sessions',
  session: (id: string, server?: string): string => on(server, `session/${e(id)}`, `#/sessions/${e(id)}`),
  item: (id: string, itemId: string, server?: string): string => on(server, `session/${e(id)}/item/${e(itemId)}`, `#/sessions/${e(id)}/items/${e(itemId)}`),
  job: (id: string, server?: string): string => on(server, `job/${e(id)}`, `#/jobs/${e(id)}`),
  infrastructure: (server?: string): string => on(server, 'infrastructure', '#/infrastructure'),
  protection: (): string => '#/protection',
  restores: (): string => '#/restores',
  restore: (id: string, server?: string): string => on(server, `restore/${e(id)}`, `#/restores/${e(id)}`),
  alerts: (): string => '#/alerts',
};

/**
 * The view of an alert's subject: its session, its job, or the infrastructure for server-wide
 * subjects; on the alert's server when `server` is given (a session of several servers).
 */
export function alertSubjectHref(subject: { readonly type: string; readonly id: string }, server?: string): string {
  if (subject.type === 'JobSession') return href.session(subject.id, server);
  if (subject.type === 'Job') return href.job(subject.id, server);
  return href.infrastructure(server);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
