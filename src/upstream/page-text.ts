/**
 * A page's `results` read from the response text one result at a time, each parsed on its own, so
 * a newest-first reader that stops at its first older result never parses the rest of the page
 * (a day's sessions are often a tenth of a page of 1000). The scan only finds where each value
 * ends (strings, nesting); `JSON.parse` still checks each result it hands on.
 *
 * `eachResult` calls `each` with every result in order until it answers false, and says
 * `stopped` or `all`. It answers undefined, whatever it has handed on, where the text is not a
 * JSON object whose `results` is an array of objects, or looks cut short: the caller then parses
 * the whole text as usual, which reports a bad answer the usual way.
 */
export function eachResult(text: string, each: (result: unknown) => boolean): 'stopped' | 'all' | undefined {
  if (!endsObject(text)) return undefined;
  const from = resultsArrayAt(text, text.charCodeAt(0) === BOM ? 1 : 0);
  if (from === undefined) return undefined;
  let i = skipSpace(text, from);
  if (text.charCodeAt(i) === CLOSE_BRACKET) return 'all';
  for (;;) {
    if (text.charCodeAt(i) !== OPEN_BRACE) return undefined;
    const end = valueEnd(text, i);
    if (end === -1) return undefined;
    let result: unknown;
    try {
      result = JSON.parse(text.slice(i, end));
    } catch {
      return undefined;
    }
    if (!each(result)) return 'stopped';
    i = skipSpace(text, end);
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACKET) return 'all';
    if (c !== COMMA) return undefined;
    i = skipSpace(text, i + 1);
  }
}

const BOM = 0xfeff;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i += 1;
  return i;
}

/** A whole answer ends with its object's `}`: one cut short (a truncated body) does not. */
function endsObject(text: string): boolean {
  let end = text.length - 1;
  while (end >= 0 && isSpace(text.charCodeAt(end))) end -= 1;
  return end >= 0 && text.charCodeAt(end) === CLOSE_BRACE;
}

/** The index after the string whose opening quote is at `i`, or -1 when it never closes. */
function stringEnd(text: string, i: number): number {
  let at = i + 1;
  for (;;) {
    const quote = text.indexOf('"', at);
    if (quote === -1) return -1;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}

/** The index after the value starting at `i` (no space before it), or -1 when it never ends. */
function valueEnd(text: string, i: number): number {
  const first = text.charCodeAt(i);
  if (first === QUOTE) return stringEnd(text, i);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    // A number, true, false or null: up to the next separator (JSON.parse checks it later).
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || isSpace(c)) break;
      i += 1;
    }
    return i;
  }
  let depth = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
      if (i === -1) return -1;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth += 1;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
    i += 1;
  }
  return -1;
}

/** The index after the `[` of the top-level `results`, or undefined. */
function resultsArrayAt(text: string, start: number): number | undefined {
  let i = skipSpace(text, start);
  if (text.charCodeAt(i) !== OPEN_BRACE) return undefined;
  i += 1;
  for (;;) {
    i = skipSpace(text, i);
    if (text.charCodeAt(i) !== QUOTE) return undefined;
    const keyEnd = stringEnd(text, i);
    if (keyEnd === -1) return undefined;
    const key = text.slice(i + 1, keyEnd - 1);
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) return undefined;
    i = skipSpace(text, i + 1);
    if (key === 'results') return text.charCodeAt(i) === OPEN_BRACKET ? i + 1 : undefined;
    i = valueEnd(text, i);
    if (i === -1) return undefined;
    i = skipSpace(text, i);
    if (text.charCodeAt(i) !== COMMA) return undefined;
    i += 1;
  }
}
