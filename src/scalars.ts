import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

// Up to 7 fractional digits (.NET ticks); the zone is optional on output only.
const ISO_DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,7})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?$/;
const HAS_ZONE = /(Z|[+-]\d{2}:\d{2})$/;

function rejected(code: 'BAD_USER_INPUT' | 'UPSTREAM_BAD_RESPONSE', message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

function parseDateTime(value: unknown): string {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value) || !HAS_ZONE.test(value)) {
    throw rejected('BAD_USER_INPUT', 'DateTime must be ISO 8601 with an offset, e.g. 2021-02-26T01:00:00.1732347+03:00.');
  }
  return value;
}

/**
 * Checks an upstream date-time in a field resolver, where the error keeps its code (the
 * executor turns errors thrown by `serialize` into masked ones); `serialize` then only
 * passes the checked string on.
 */
export function upstreamDateTime(value: string | null | undefined): string | null {
  if (value == null) return null;
  if (!ISO_DATE_TIME.test(value)) throw rejected('UPSTREAM_BAD_RESPONSE', 'The backup server sent a date-time that is not ISO 8601.');
  return value;
}

/** Passes the upstream string through unchanged: a JS Date would drop the offset and digits 4-7. */
export const DateTime = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description:
    'An ISO 8601 date-time exactly as the backup server wrote it: the server\'s own offset\n(`Z` or `+hh:mm`) and up to 7 fractional digits are kept, for example\n`2021-02-26T01:00:00.1732347+03:00`. Inputs must be ISO 8601 with an offset.',
  serialize: (value) => upstreamDateTime(typeof value === 'string' ? value : String(value)) ?? '',
  parseValue: parseDateTime,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) return parseDateTime(undefined);
    return parseDateTime(ast.value);
  },
});

function toLong(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw rejected('BAD_USER_INPUT', 'Long must be an integer between -(2^53 - 1) and 2^53 - 1.');
  }
  return value;
}

/** An int64 as a JSON number; GraphQL's Int stops at 2^31 - 1, and byte counts do not. */
export const Long = new GraphQLScalarType<number, number>({
  name: 'Long',
  description:
    'A 64-bit integer from the backup server (byte counts, rates, sequence numbers), sent as a\nJSON number. Values are exact up to 2^53 - 1.',
  serialize(value) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw rejected('UPSTREAM_BAD_RESPONSE', 'The backup server sent a number that is not an integer.');
    }
    return Math.trunc(value);
  },
  parseValue: toLong,
  parseLiteral(ast) {
    return toLong(ast.kind === Kind.INT ? Number(ast.value) : undefined);
  },
});
