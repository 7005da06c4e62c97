/**
 * Calendar dates as integer days since 1970-01-01 (UTC), so grids index by subtraction
 * and never meet time zones.
 */

const MS_PER_DAY = 86_400_000;

/**
 * Parses `YYYY-MM-DD` (anything after the tenth character is ignored, so an ISO
 * datetime gives its date). Returns NaN when it is not a valid date.
 *
 * @example
 * parseEpochDay('1970-01-02'); // => 1
 */
export function parseEpochDay(text: string): number {
  if (text.length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return Number.NaN;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  if (Number.isNaN(year + month + day) || month < 1 || month > 12 || day < 1) return Number.NaN;
  if (day > daysInMonth(year, month)) return Number.NaN;
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** @example formatEpochDay(1); // => '1970-01-02' */
export function formatEpochDay(epochDay: number): string {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Day of the month (1..31) of an epoch day. */
export function dayOfMonth(epochDay: number): number {
  return new Date(epochDay * MS_PER_DAY).getUTCDate();
}

/** The formatted dates of `count` consecutive days from `firstDay`: a cache for writers. */
export function formatDayRange(firstDay: number, count: number): string[] {
  return Array.from({ length: count }, (_, offset) => formatEpochDay(firstDay + offset));
}

/**
 * Parses an ISO-like datetime (`YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]]`, a space instead of
 * `T`, an optional `Z`) to seconds since the epoch, or NaN.
 */
export function parseEpochSeconds(text: string): number {
  const day = parseEpochDay(text);
  if (Number.isNaN(day)) return Number.NaN;
  if (text.length === 10) return day * 86_400;
  const separator = text.charCodeAt(10);
  if ((separator !== 84 && separator !== 32) || text.length < 16 || text.charCodeAt(13) !== 58) {
    return Number.NaN;
  }
  const hours = digits(text, 11, 13);
  const minutes = digits(text, 14, 16);
  let seconds = 0;
  let rest = text.slice(16);
  if (rest.startsWith(':')) {
    const match = /^:(\d{2}(?:\.\d+)?)/.exec(rest);
    if (!match) return Number.NaN;
    seconds = Number(match[1]);
    rest = rest.slice(match[0].length);
  }
  if (rest !== '' && rest !== 'Z' && !/^[+-]00:?00$/.test(rest)) return Number.NaN;
  if (hours > 23 || minutes > 59 || seconds >= 61) return Number.NaN;
  return day * 86_400 + hours * 3600 + minutes * 60 + seconds;
}

function digits(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i) - 48;
    if (code < 0 || code > 9) return Number.NaN;
    value = value * 10 + code;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
