import { facadeError } from '../errors.js';

/**
 * Checks parsed upstream JSON and turns it into the internal model; throws
 * UPSTREAM_BAD_RESPONSE otherwise. Every value a resolver will return is checked here, so a
 * wrong type never reaches the executor (where it would escape error masking with its content).
 */
export type Decoder<T> = (value: unknown) => T;

/**
 * A decoder that can also read the answer's text itself, to parse only the part it needs (see
 * `eachResult`); `client.get` hands it the text. It stays a `Decoder` of the parsed value, which
 * the cache hands it.
 */
export interface PartialDecoder<T> extends Decoder<T> {
  readonly fromText: (text: string) => T;
}

export const readsText = <T>(decode: Decoder<T>): decode is PartialDecoder<T> => 'fromText' in decode;

type Json = Record<string, unknown>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Up to 7 fractional digits (.NET ticks); the zone is optional, as servers write both.
const ISO_DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,7})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?$/;
const INT32 = 2 ** 31 - 1;
// URL-unreserved characters only, never `.` or `..`, so an id of this shape is one path segment as it stands.
const SAFE_SEGMENT = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,127}$/;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The error of every malformed upstream value: it names what, never the value itself. */
export function badShape(what: string): never {
  throw facadeError('UPSTREAM_BAD_RESPONSE', `The backup server sent a malformed ${what}.`);
}

/** Whether a string is an ISO 8601 date-time as the backup server writes them. */
export function isUpstreamDateTime(value: string): boolean {
  return ISO_DATE_TIME.test(value);
}

/**
 * Whether a string can be one path segment as it stands: 1 to 128 URL-unreserved characters
 * (letters, digits, `-`, `.`, `_`, `~`), not starting with a dot (so never `.` or `..`).
 */
export function isSafeSegment(value: string): boolean {
  return SAFE_SEGMENT.test(value);
}

/** Whether a date-time is set: .NET writes DateTime.MinValue (`0001-01-01...`) for "not set" in some payloads. */
export function isSetTime(value: string | null): value is string {
  return value !== null && value !== '' && !value.startsWith('0001-01-01');
}

/** Typed reads of one upstream object's fields; any mismatch is a malformed `what`. */
export class Fields {
  private constructor(
    readonly json: Json,
    private readonly what: string,
  ) {}

  static of(value: unknown, what: string): Fields {
    if (!isObject(value)) badShape(what);
    return new Fields(value, what);
  }

  private present(key: string): unknown {
    const value = this.json[key];
    return value === undefined ? null : value;
  }

  string(key: string): string {
    const value = this.json[key];
    return typeof value === 'string' ? value : badShape(this.what);
  }

  optionalString(key: string): string | null {
    const value = this.present(key);
    return value === null || typeof value === 'string' ? value : badShape(this.what);
  }

  /** A GUID, lowercased: ids become loader keys and paths. */
  guid(key: string): string {
    const value = this.string(key);
    return GUID.test(value) ? value.toLowerCase() : badShape(this.what);
  }

  optionalGuid(key: string): string | null {
    const value = this.optionalString(key);
    if (value === null) return null;
    return GUID.test(value) ? value.toLowerCase() : badShape(this.what);
  }

  /** A plain string id (not a GUID) that is safe as one path segment. */
  segment(key: string): string {
    const value = this.string(key);
    return isSafeSegment(value) ? value : badShape(this.what);
  }

  dateTime(key: string): string {
    const value = this.string(key);
    return ISO_DATE_TIME.test(value) ? value : badShape(this.what);
  }

  optionalDateTime(key: string): string | null {
    const value = this.optionalString(key);
    if (value === null) return null;
    return ISO_DATE_TIME.test(value) ? value : badShape(this.what);
  }

  boolean(key: string): boolean {
    const value = this.json[key];
    return typeof value === 'boolean' ? value : badShape(this.what);
  }

  optionalBoolean(key: string): boolean | null {
    const value = this.present(key);
    return value === null || typeof value === 'boolean' ? value : badShape(this.what);
  }

  /** A 64-bit count (exact up to 2^53 - 1). */
  long(key: string): number {
    const value = this.json[key];
    return typeof value === 'number' && Number.isSafeInteger(value) ? value : badShape(this.what);
  }

  optionalLong(key: string): number | null {
    const value = this.present(key);
    if (value === null) return null;
    return typeof value === 'number' && Number.isSafeInteger(value) ? value : badShape(this.what);
  }

  /** A GraphQL Int: a 32-bit integer. */
  optionalInt(key: string): number | null {
    const value = this.optionalLong(key);
    return value === null || Math.abs(value) <= INT32 ? value : badShape(this.what);
  }

  /** A rate or a count that a server may send with a fraction; GraphQL `Long` truncates it. */
  optionalNumber(key: string): number | null {
    const value = this.present(key);
    if (value === null) return null;
    return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER
      ? Math.trunc(value)
      : badShape(this.what);
  }

  optionalObject(key: string): Fields | null {
    const value = this.present(key);
    return value === null ? null : Fields.of(value, this.what);
  }

  /** `_links` as rel → href; a link without a string href is left out, a non-object is malformed. */
  links(): Record<string, string> {
    const value = this.present('_links');
    if (value === null) return {};
    if (!isObject(value)) badShape(this.what);
    const links: Record<string, string> = {};
    for (const [rel, link] of Object.entries(value)) {
      if (link === null || link === undefined) continue;
      if (!isObject(link)) badShape(this.what);
      if (typeof link.href === 'string') links[rel] = link.href;
    }
    return links;
  }
}

/** A value of an upstream enum as one of the facade's, `UNKNOWN` for values newer servers may add. */
export function known<T extends string>(mapping: Readonly<Record<string, T>>, value: string | null): T | 'UNKNOWN' {
  return value !== null && Object.hasOwn(mapping, value) ? (mapping[value] as T) : 'UNKNOWN';
}

/** Like `known`, but null stays null. */
export function optionalKnown<T extends string>(mapping: Readonly<Record<string, T>>, value: string | null): T | 'UNKNOWN' | null {
  return value === null ? null : known(mapping, value);
}

/** A plain JSON array whose every item passes `item`. */
export function decodeArray<T>(item: Decoder<T>): Decoder<T[]> {
  return (value) => {
    if (!Array.isArray(value)) badShape('list');
    return value.map(item);
  };
}
