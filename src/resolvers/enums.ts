/** Looks an upstream spelling up in a mapping, UNKNOWN for values newer servers may add. */
export function known<T extends string>(mapping: Record<string, T>, value: string | null | undefined): T | 'UNKNOWN' {
  return value != null && Object.hasOwn(mapping, value) ? (mapping[value] as T) : 'UNKNOWN';
}
