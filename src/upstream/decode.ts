import { facadeError } from '../errors.js';
import type { JobDto, JobSessionDto, LogItemDto, OrganizationDto, PageDto } from './types.js';

/** Checks that parsed upstream JSON has the shape a resolver relies on; throws UPSTREAM_BAD_RESPONSE otherwise. */
export type Decoder<T> = (value: unknown) => T;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function badShape(what: string): never {
  throw facadeError('UPSTREAM_BAD_RESPONSE', `The backup server sent a malformed ${what}.`);
}

function object(value: unknown, what: string, strings: readonly string[]): Json {
  if (!isObject(value)) badShape(what);
  for (const key of strings) if (typeof value[key] !== 'string') badShape(what);
  if (value._links !== undefined && !isObject(value._links)) badShape(what);
  return value;
}

export const decodeJobSession: Decoder<JobSessionDto> = (value) =>
  object(value, 'job session', ['id', 'status', 'creationTime']) as unknown as JobSessionDto;

export const decodeLogItem: Decoder<LogItemDto> = (value) => {
  const item = object(value, 'log item', ['id', 'title', 'creationTime']);
  if (typeof item.usn !== 'number') badShape('log item');
  return item as unknown as LogItemDto;
};

export const decodeJob: Decoder<JobDto> = (value) => object(value, 'job', ['id', 'name']) as unknown as JobDto;

export const decodeOrganization: Decoder<OrganizationDto> = (value) =>
  object(value, 'organization', ['id', 'name']) as unknown as OrganizationDto;

/** A v5 page whose every result passes `item`. */
export function decodePage<T>(item: Decoder<T>): Decoder<PageDto<T>> {
  return (value) => {
    const page = object(value, 'page', []);
    if (!Array.isArray(page.results)) badShape('page');
    page.results.forEach(item);
    return page as unknown as PageDto<T>;
  };
}

/** A plain JSON array (v5 `/Jobs` is not a page). */
export function decodeArray<T>(item: Decoder<T>): Decoder<T[]> {
  return (value) => {
    if (!Array.isArray(value)) badShape('list');
    value.forEach(item);
    return value as T[];
  };
}
