/** Hash routes: the page is one static file, so every view lives after `#`. */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { readonly view: 'timeline' }
  | { readonly view: 'session'; readonly id: string; readonly itemId?: string }
  | { readonly view: 'job'; readonly id: string };

/** Parses `#/sessions/<id>`, `#/sessions/<id>/items/<itemId>`, `#/jobs/<id>`; anything else is the timeline. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter((p) => p !== '').map(decodeURIComponent);
  const [kind, id, sub, subId] = parts;
  if (kind === 'sessions' && id) return sub === 'items' && subId ? { view: 'session', id, itemId: subId } : { view: 'session', id };
  if (kind === 'jobs' && id) return { view: 'job', id };
  return { view: 'timeline' };
}

export const href = {
  timeline: (): string => '#/',
  session: (id: string): string => `#/sessions/${encodeURIComponent(id)}`,
  item: (id: string, itemId: string): string => `#/sessions/${encodeURIComponent(id)}/items/${encodeURIComponent(itemId)}`,
  job: (id: string): string => `#/jobs/${encodeURIComponent(id)}`,
};

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
