/**
 * Compares response data across systems. Status enums are compared by meaning: the facade
 * and Apollo spell them `NOT_CONFIGURED`, Hive Gateway passes the API's `NotConfigured` on.
 */

const STATUS_KEYS = new Set(['status', 'lastStatus']);

function canonicalStatus(value: string): string {
  return value.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

export function normalise(value: unknown, key = ''): unknown {
  if (typeof value === 'string' && STATUS_KEYS.has(key)) return canonicalStatus(value);
  if (Array.isArray(value)) return value.map((item) => normalise(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, normalise(v, k)]),
    );
  }
  return value;
}

/** The first path where two values differ, or undefined when they are equal. */
export function firstDifference(a: unknown, b: unknown, path = 'data'): string | undefined {
  if (a === b) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: ${a.length} items vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const difference = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (difference) return difference;
    }
    return undefined;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const difference = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
      if (difference) return difference;
    }
    return undefined;
  }
  return `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

export interface ParsedResponse {
  data: unknown;
  errors: unknown[] | undefined;
}

export function parseResponse(text: string): ParsedResponse {
  try {
    const body = JSON.parse(text) as { data?: unknown; errors?: unknown[] };
    return { data: body.data ?? null, errors: body.errors };
  } catch {
    return { data: null, errors: [`not JSON: ${text.slice(0, 200)}`] };
  }
}
