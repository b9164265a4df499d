import { badUserInput } from '../errors.js';
import type { Window } from '../datasource/pages.js';
import { isSafeSegment } from '../upstream/decode.js';
import { DEFAULT_PAGE_SIZE } from './costs.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURSOR = /^o:(\d{1,9})$/;

/** A GUID from a GraphQL argument, lowercased; anything else is BAD_USER_INPUT before any upstream call. */
export function guidArg(value: string, argument: string): string {
  if (!GUID.test(value)) {
    throw badUserInput(`Argument "${argument}" must be a GUID like 859277ed-b238-458c-9dec-2830e45e15fc.`);
  }
  return value.toLowerCase();
}

/** Like `guidArg` for an optional argument. */
export function optionalGuidArg(value: string | null | undefined, argument: string): string | null {
  return value == null ? null : guidArg(value, argument);
}

/**
 * A plain string id (licensed users, restore points: not GUIDs) from a GraphQL argument, kept as
 * given; anything that is not one safe path segment is BAD_USER_INPUT before any upstream call.
 */
export function segmentArg(value: string, argument: string): string {
  if (!isSafeSegment(value)) {
    throw badUserInput(`Argument "${argument}" must be an id of letters, digits, "-", "_", "." or "~" (at most 128, not starting with ".").`);
  }
  return value;
}

/** Cursors are opaque to clients; inside they are the item's upstream offset. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || encodeCursor(Number(match[1])) !== cursor) {
    throw badUserInput('Argument "after" is not a cursor of this connection.');
  }
  return Number(match[1]);
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** Validates `first` and `after` before any upstream call and turns them into offset and limit. */
export function pageWindow(args: PageArgs, maxPageSize: number): Window {
  const limit = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxPageSize) {
    throw badUserInput(`Argument "first" must be from 1 to ${maxPageSize}.`);
  }
  const offset = args.after == null ? 0 : decodeCursor(args.after) + 1;
  return { offset, limit };
}
