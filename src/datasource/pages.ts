import type { PageModel } from '../model.js';
import { badShape, Fields, type Decoder, type PartialDecoder } from '../upstream/decode.js';
import { parseJson } from '../upstream/error-mapping.js';
import { eachResult } from '../upstream/page-text.js';

/** Which slice of a collection to read. */
export interface Window {
  offset: number;
  limit: number;
}

/**
 * A page read only up to its first result that failed the condition (see `decodePageWhile`):
 * `ended`, with the results before it (the rest of the page, its links included, was not read);
 * or every result, with whether a next page exists.
 */
export type PageWhileModel<T> = { ended: true; items: T[] } | { ended: false; items: T[]; hasNextPage: boolean };

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
 * page, and the results after it are neither decoded nor, read from the answer's text, parsed (a
 * reader that stops there never pays for, nor is failed by, the part of the page it does not
 * read). A page read to its end is parsed whole (once more) for its bounds and links.
 */
export function decodePageWhile<T>(item: Decoder<T>, window: Window, keep: (value: T) => boolean): PartialDecoder<PageWhileModel<T>> {
  const whole = (value: unknown): PageWhileModel<T> => {
    const { results, hasNextPage } = pageOf(value, window);
    const items: T[] = [];
    for (const result of results) {
      const decoded = item(result);
      if (!keep(decoded)) return { ended: true, items };
      items.push(decoded);
    }
    return { ended: false, items, hasNextPage };
  };
  const fromText = (text: string): PageWhileModel<T> => {
    const items: T[] = [];
    const read = eachResult(text, (result) => {
      // More results than asked for: the whole page's check refuses it below.
      if (items.length === window.limit) return false;
      const decoded = item(result);
      if (!keep(decoded)) return false;
      items.push(decoded);
      return true;
    });
    return read === 'stopped' && items.length < window.limit ? { ended: true, items } : whole(parseJson(text));
  };
  return Object.assign(whole, { fromText });
}
