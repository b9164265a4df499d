import { GraphQLScalarType, Kind } from 'graphql';
import { facadeError, type ErrorCode } from './errors.js';
import { isUpstreamDateTime } from './upstream/decode.js';

const HAS_ZONE = /(Z|[+-]\d{2}:\d{2})$/;

const rejected = (code: ErrorCode, message: string) => facadeError(code, message);

function parseDateTime(value: unknown): string {
  if (typeof value !== 'string' || !isUpstreamDateTime(value) || !HAS_ZONE.test(value)) {
    throw rejected('BAD_USER_INPUT', 'DateTime must be ISO 8601 with an offset, e.g. 2021-02-26T01:00:00.1732347+03:00.');
  }
  return value;
}

/** Passes the upstream string through unchanged: a JS Date would drop the offset and digits 4-7. */
export const DateTime = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description:
    'An ISO 8601 date-time exactly as the backup server wrote it: the server\'s own offset\n(`Z` or `+hh:mm`) and up to 7 fractional digits are kept, for example\n`2021-02-26T01:00:00.1732347+03:00`. Inputs must be ISO 8601 with an offset.',
  // The adapters' decoders checked every upstream date-time; this only guards the contract.
  serialize(value) {
    if (typeof value !== 'string' || !isUpstreamDateTime(value)) {
      throw rejected('UPSTREAM_BAD_RESPONSE', 'The backup server sent a date-time that is not ISO 8601.');
    }
    return value;
  },
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
