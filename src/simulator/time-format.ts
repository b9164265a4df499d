/** The simulated server's local zone: the seed's timestamps carry +03:00. */
const SERVER_OFFSET_MINUTES = 180;
const SERVER_OFFSET = '+03:00';

/**
 * How a timestamp is spelled. `.NET` servers write 7 fractional digits and the local offset;
 * some values come as UTC (`Z`) and a few with fewer fractional digits.
 */
export type StampStyle = 'local' | 'utc' | 'short';

/** Epoch milliseconds of a wall-clock time in the server's zone (month is 1-based). */
export function serverTime(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute, second) - SERVER_OFFSET_MINUTES * 60_000;
}

/** `ticks` adds the 100 ns digits a JS Date cannot hold (0..9999). */
export function formatStamp(epochMs: number, ticks: number, style: StampStyle): string {
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  const fraction = String((epochMs - wholeSecond) * 10_000 + ticks).padStart(7, '0');
  if (style === 'utc') return `${isoSeconds(wholeSecond)}.${fraction}Z`;
  const local = isoSeconds(wholeSecond + SERVER_OFFSET_MINUTES * 60_000);
  if (style === 'short') {
    const trimmed = fraction.slice(0, 3).replace(/0+$/, '');
    return `${local}${trimmed ? `.${trimmed}` : ''}${SERVER_OFFSET}`;
  }
  return `${local}.${fraction}${SERVER_OFFSET}`;
}

/** `2/26/2021 1:00:00 AM`, in the server's zone, as the log item titles spell it. */
export function formatUsDateTime(epochMs: number): string {
  const d = new Date(epochMs + SERVER_OFFSET_MINUTES * 60_000);
  const hours = d.getUTCHours();
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  const mmss = `${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${hour12}:${mmss} ${hours < 12 ? 'AM' : 'PM'}`;
}

function isoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
