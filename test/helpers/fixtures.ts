import type { ApiVersion } from '../../src/upstream/api-version.js';

/** A log item as written before v8: the status is the title's bracketed prefix. */
export interface TitledLogItemJson {
  id: string;
  usn: number;
  title: string;
  creationTime: string;
  endTime?: string | null;
  _links: Record<string, { href: string }>;
}

const V8_TYPE: Readonly<Record<string, string>> = { Success: 'Success', Warning: 'Warning', Failed: 'Error', Running: 'Running', Stopped: 'Stop' };

/**
 * The same log item as `version` writes it: v8 has `type` and `message` instead of a title
 * (the facade composes `[<Status>] <message>` back from them).
 */
export function logItemJson(version: ApiVersion, item: TitledLogItemJson): Record<string, unknown> {
  if (version !== 'v8') return { ...item };
  const match = /^\[([^\]]*)\]\s*/.exec(item.title);
  const { title, ...rest } = item;
  return { ...rest, type: V8_TYPE[match?.[1] ?? ''] ?? 'Success', message: match ? title.slice(match[0].length) : title };
}
