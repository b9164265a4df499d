import type { PageModel } from '../model.js';
import { badShape, Fields, type Decoder } from '../upstream/decode.js';

/** Which slice of a collection to read. */
export interface Window {
  offset: number;
  limit: number;
}

/**
 * A page whose every result passes `item`. A page with more results than asked for is a bad
 * response: the facade never returns more than a caller asked (and never holds it).
 */
export function decodePage<T>(item: Decoder<T>, window: Window): Decoder<PageModel<T>> {
  return (value) => {
    const page = Fields.of(value, 'page');
    const results = page.json.results;
    if (!Array.isArray(results)) badShape('page');
    if (results.length > window.limit) badShape('page (more results than asked for)');
    const links = page.links();
    // Links to other pages are present only where such a page exists; a server that sends no
    // links at all has more items at most when it filled the page.
    const hasNextPage = page.json._links == null ? results.length >= window.limit : links.next !== undefined;
    return {
      items: results.map(item),
      offset: window.offset,
      hasNextPage,
      totalCount: page.optionalInt('totalCount'),
    };
  };
}
