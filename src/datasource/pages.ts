import type { PageModel } from '../model.js';
import { badShape, Fields, type Decoder } from '../upstream/decode.js';

/** Which slice of a collection to read. */
export interface Window {
  offset: number;
  limit: number;
}

/** A page whose results were decoded only up to the first that ended the read (see `decodePageWhile`). */
export interface PageWhileModel<T> extends PageModel<T> {
  /** A result failed the condition: it and those after it were not decoded. */
  ended: boolean;
}

/** A page's results and bounds, checked (each result is still raw). */
function pageOf(value: unknown, window: Window): { results: unknown[]; hasNextPage: boolean; totalCount: number | null } {
  const page = Fields.of(value, 'page');
  const results = page.json.results;
  if (!Array.isArray(results)) badShape('page');
  if (results.length > window.limit) badShape('page (more results than asked for)');
  const links = page.links();
  // Links to other pages are present only where such a page exists; a server that sends no
  // links at all has more items at most when it filled the page.
  const hasNextPage = page.json._links == null ? results.length >= window.limit : links.next !== undefined;
  return { results, hasNextPage, totalCount: page.optionalInt('totalCount') };
}

/**
 * A page whose every result passes `item`. A page with more results than asked for is a bad
 * response: the facade never returns more than a caller asked (and never holds it).
 */
export function decodePage<T>(item: Decoder<T>, window: Window): Decoder<PageModel<T>> {
  return (value) => {
    const { results, hasNextPage, totalCount } = pageOf(value, window);
    return { items: results.map(item), offset: window.offset, hasNextPage, totalCount };
  };
}

/**
 * A page decoded in order while `keep` holds for its results: the first that fails it ends the
 * page, and the results after it are not decoded at all (a reader that stops there never pays
 * for, nor is failed by, the part of the page it does not read).
 */
export function decodePageWhile<T>(item: Decoder<T>, window: Window, keep: (value: T) => boolean): Decoder<PageWhileModel<T>> {
  return (value) => {
    const { results, hasNextPage, totalCount } = pageOf(value, window);
    const items: T[] = [];
    for (const result of results) {
      const decoded = item(result);
      if (!keep(decoded)) return { items, offset: window.offset, hasNextPage, totalCount, ended: true };
      items.push(decoded);
    }
    return { items, offset: window.offset, hasNextPage, totalCount, ended: false };
  };
}
