/** Display helpers: local times (full server precision kept for the tooltip), durations, sizes. */

const DATE_TIME = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** `2021-02-26T01:00:00.1732347+03:00` in the browser's time zone, e.g. "Feb 25, 2021, 11:00:00 PM". */
export function localTime(stamp: string | null | undefined): string {
  if (!stamp) return '—';
  const ms = Date.parse(stamp);
  return Number.isFinite(ms) ? DATE_TIME.format(ms) : stamp;
}

/** Time of day only, for log lines. */
export function localClock(stamp: string | null | undefined): string {
  if (!stamp) return '—';
  const ms = Date.parse(stamp);
  return Number.isFinite(ms) ? TIME.format(ms) : stamp;
}

/** "1 h 02 min", "3 min 05 s", "12 s". */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

/** 1 234 567 -> "1.2 MB" (decimal units, as the backup console shows them). */
export function bytes(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  let n = value;
  let unit = 0;
  while (n >= 1000 && unit < UNITS.length - 1) {
    n /= 1000;
    unit++;
  }
  return `${n.toFixed(unit === 0 ? 0 : 1)} ${UNITS[unit]}`;
}

/** `2021-03-08T11:30` from an `<input type="datetime-local">` as ISO 8601 with the local offset. */
export function localInputToIso(value: string): string | undefined {
  if (value === '') return undefined;
  const ms = new Date(value).getTime();
  if (!Number.isFinite(ms)) return undefined;
  return new Date(ms).toISOString();
}
