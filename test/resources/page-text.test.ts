import { describe, expect, it } from 'vitest';
import { decodePageWhile } from '../../src/datasource/pages.js';
import { Fields } from '../../src/upstream/decode.js';
import { eachResult } from '../../src/upstream/page-text.js';

/** Strings that trip a scanner that does not follow JSON's strings: quotes, escapes, brackets. */
const TRICKY = ['plain', 'a "quoted" word', 'back\\slash', 'ends with a backslash\\', '\\"', '{[', ']}', ',:', 'é ü ✓ 😀', '\u0000\u001f', '"results":[', ''];

/** A small deterministic generator, so a failure names its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function value(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 2 ? 5 : 7));
  switch (pick) {
    case 0:
      return TRICKY[Math.floor(next() * TRICKY.length)];
    case 1:
      return Math.round(next() * 1e6) / (next() < 0.5 ? 1 : 1000) - 500;
    case 2:
      return next() < 0.5;
    case 3:
      return null;
    case 4:
      return `${TRICKY[Math.floor(next() * TRICKY.length)]}-${Math.floor(next() * 100)}`;
    case 5:
      return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
    default:
      return object(next, depth + 1);
  }
}

function object(next: () => number, depth: number): Record<string, unknown> {
  const entries = Array.from({ length: 1 + Math.floor(next() * 5) }, (_, i) => [`${TRICKY[Math.floor(next() * TRICKY.length)]}${i}`, value(next, depth)]);
  return Object.fromEntries(entries);
}

/** A page as servers write it, its keys in a seed-chosen order, compact or indented. */
function pageText(seed: number): { text: string; results: Record<string, unknown>[] } {
  const next = random(seed);
  const results = Array.from({ length: Math.floor(next() * 8) }, (_, i) => ({ id: i, ...object(next, 1) }));
  const fields: [string, unknown][] = [
    ['offset', 0],
    ['limit', 8],
    ['setId', 'results'],
    ['_links', { self: { href: '/v8/JobSessions?results=[1]' }, note: { href: '"results":[' } }],
    ['results', results],
  ];
  fields.sort(() => next() - 0.5);
  const text = JSON.stringify(Object.fromEntries(fields), null, next() < 0.5 ? undefined : 2);
  return { text, results };
}

function collect(text: string, stopAt = Infinity): { read: ReturnType<typeof eachResult>; seen: unknown[] } {
  const seen: unknown[] = [];
  const read = eachResult(text, (result) => {
    seen.push(result);
    return seen.length <= stopAt;
  });
  return { read, seen };
}

describe('eachResult: a page read one result at a time from its text', () => {
  it('hands on every result, equal to parsing the whole page, over 300 generated pages', () => {
    for (let seed = 1; seed <= 300; seed += 1) {
      const { text, results } = pageText(seed);
      const { read, seen } = collect(text);
      expect({ seed, read, seen }).toEqual({ seed, read: 'all', seen: results });
    }
  });

  it('stops at the first result the reader refuses and hands on nothing after it', () => {
    for (let seed = 1; seed <= 100; seed += 1) {
      const { text, results } = pageText(seed);
      if (results.length < 2) continue;
      const { read, seen } = collect(text, 0);
      expect({ seed, read, seen }).toEqual({ seed, read: 'stopped', seen: results.slice(0, 1) });
    }
  });

  it('reads past a byte order mark and surrounding space', () => {
    expect(collect(`\ufeff \n{ "results" : [ {"a":1} , {"b":"]"} ] }\n`)).toEqual({ read: 'all', seen: [{ a: 1 }, { b: ']' }] });
    expect(collect('{"results":[]}')).toEqual({ read: 'all', seen: [] });
  });

  it('gives up (the caller parses the whole text) on anything else', () => {
    const cases = [
      '{"results":[{"a":1},{"b":2}', // cut short
      '{"results":[{"a":1},{"b":2}]', // cut short after the array
      '{"results":[{"a":1} {"b":2}]}', // no comma
      '{"results":[1,2]}', // not objects
      '{"results":{"a":1}}', // not an array
      '{"items":[{"a":1}]}', // no results
      '{"res\\u0075lts":[{"a":1}]}', // an escaped key: left to JSON.parse
      '[{"results":[]}]', // not an object
      '{"results":[{"a":tru}]}', // not JSON
      '{"results":[{"a":"x}]}', // a string that never closes
      '',
    ];
    for (const text of cases) expect({ text, read: collect(text).read }).toEqual({ text, read: undefined });
  });
});

describe('decodePageWhile read from the text', () => {
  const item = (value: unknown) => Fields.of(value, 'row').long('n');
  const window = { offset: 0, limit: 5 };
  const text = (ns: number[], next = false) =>
    JSON.stringify({ offset: 0, limit: 5, results: ns.map((n) => ({ n, pad: '"]}'.repeat(n) })), _links: { self: { href: '/x' }, ...(next ? { next: { href: '/x?offset=5' } } : {}) } });

  it('answers as decoding the parsed page does, for every stopping point', () => {
    for (const next of [false, true]) {
      for (let stop = 0; stop <= 5; stop += 1) {
        const decode = decodePageWhile(item, window, (n) => n < stop);
        const page = text([0, 1, 2, 3, 4], next);
        expect(decode.fromText(page)).toEqual(decode(JSON.parse(page)));
      }
    }
  });

  it('stops without reading the rest of the page, even a damaged rest', () => {
    const decode = decodePageWhile(item, window, (n) => n < 1);
    const damaged = '{"results":[{"n":0},{"n":1},{"n":"x"},{"oops}],"_links":{}}';
    expect(decode.fromText(damaged)).toEqual({ ended: true, items: [0] });
    expect(() => decode(JSON.parse('{"results":[{"n":0},{"n":"x"}]}'))).toThrow(/row/);
  });

  it('refuses a page with more results than asked for, and a damaged page it reads to the end, as the whole parse does', () => {
    const decode = decodePageWhile(item, window, () => true);
    expect(() => decode.fromText(text([0, 1, 2, 3, 4, 5]))).toThrow(/more results than asked for/);
    expect(() => decode.fromText('{"results":[{"n":0},{"n":1}')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'UPSTREAM_BAD_RESPONSE' }) }));
  });
});
