/** Hash routes: the page is one static file, so every view lives after `#`. */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { readonly view: 'timeline' }
  | { readonly view: 'session'; readonly id: string; readonly itemId?: string }
  | { readonly view: 'job'; readonly id: string }
  | { readonly view: 'infrastructure' }
  | { readonly view: 'protection' }
  | { readonly view: 'restore-audit'; readonly id?: string }
  | { readonly view: 'alerts' };

/**
 * Parses `#/sessions/<id>`, `#/sessions/<id>/items/<itemId>`, `#/jobs/<id>`, `#/infrastructure`,
 * `#/protection`, `#/restores`, `#/restores/<id>`, `#/alerts`; anything else is the timeline.
 */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter((p) => p !== '').map(decodeURIComponent);
  const [kind, id, sub, subId] = parts;
  if (kind === 'sessions' && id) return sub === 'items' && subId ? { view: 'session', id, itemId: subId } : { view: 'session', id };
  if (kind === 'jobs' && id) return { view: 'job', id };
  if (kind === 'infrastructure') return { view: 'infrastructure' };
  if (kind === 'protection') return { view: 'protection' };
  if (kind === 'alerts') return { view: 'alerts' };
  if (kind === 'restores') return id ? { view: 'restore-audit', id } : { view: 'restore-audit' };
  return { view: 'timeline' };
}

export const href = {
  timeline: (): string => '#/',
  session: (id: string): string => `#/sessions/${encodeURIComponent(id)}`,
  item: (id: string, itemId: string): string => `#/sessions/${encodeURIComponent(id)}/items/${encodeURIComponent(itemId)}`,
  job: (id: string): string => `#/jobs/${encodeURIComponent(id)}`,
  infrastructure: (): string => '#/infrastructure',
  protection: (): string => '#/protection',
  restores: (): string => '#/restores',
  restore: (id: string): string => `#/restores/${encodeURIComponent(id)}`,
  alerts: (): string => '#/alerts',
};

/** The view of an alert's subject: its session, its job, or the infrastructure for server-wide subjects. */
export function alertSubjectHref(subject: { readonly type: string; readonly id: string }): string {
  if (subject.type === 'JobSession') return href.session(subject.id);
  if (subject.type === 'Job') return href.job(subject.id);
  return href.infrastructure();
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
