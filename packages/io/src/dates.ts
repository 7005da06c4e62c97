/**
 * Calendar dates as integer days since 1970-01-01 (UTC), so grids index by subtraction
 * and never meet time zones. Parsing works on bytes, so a CSV cell needs no string.
 */

const MS_PER_DAY = 86_400_000;
const DASH = 45;
const COLON = 58;

/**
 * Parses `YYYY-MM-DD` (anything after the tenth character is ignored, so an ISO
 * datetime gives its date). Returns NaN when it is not a valid date.
 *
 * @example
 * parseEpochDay('1970-01-02'); // => 1
 */
export function parseEpochDay(text: string): number {
  return parseEpochDayBytes(Buffer.from(text.slice(0, 10), 'latin1'), 0, Math.min(10, text.length));
}

/** parseEpochDay on ASCII bytes `[start, end)`. */
export function parseEpochDayBytes(bytes: Uint8Array, start: number, end: number): number {
  if (end - start < 10 || bytes[start + 4] !== DASH || bytes[start + 7] !== DASH) return Number.NaN;
  const year = digits(bytes, start, start + 4);
  const month = digits(bytes, start + 5, start + 7);
  const day = digits(bytes, start + 8, start + 10);
  if (Number.isNaN(year + month + day) || month < 1 || month > 12 || day < 1) return Number.NaN;
  if (day > daysInMonth(year, month)) return Number.NaN;
  return daysFromCivil(year, month, day);
}

/**
 * Parses an ISO-like datetime (`YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.ffffff]]`, a space instead
 * of `T`, an optional `Z` or +00:00) to seconds since the epoch, or NaN.
 *
 * @example
 * parseEpochSeconds('1970-01-02 00:01:30'); // => 86490
 */
export function parseEpochSeconds(text: string): number {
  const bytes = Buffer.from(text, 'latin1');
  return parseEpochSecondsBytes(bytes, 0, bytes.length);
}

/** parseEpochSeconds on ASCII bytes `[start, end)`. */
export function parseEpochSecondsBytes(bytes: Uint8Array, start: number, end: number): number {
  const day = parseEpochDayBytes(bytes, start, end);
  if (Number.isNaN(day)) return Number.NaN;
  if (end - start === 10) return day * 86_400;
  const separator = bytes[start + 10];
  if ((separator !== 84 && separator !== 32) || end - start < 16 || bytes[start + 13] !== COLON) {
    return Number.NaN;
  }
  const hours = digits(bytes, start + 11, start + 13);
  const minutes = digits(bytes, start + 14, start + 16);
  let seconds = 0;
  let i = start + 16;
  if (i < end && bytes[i] === COLON) {
    seconds = digits(bytes, i + 1, i + 3);
    i += 3;
    if (i < end && bytes[i] === 46) {
      let scale = 0.1;
      for (i++; i < end && bytes[i]! >= 48 && bytes[i]! <= 57; i++, scale /= 10) {
        seconds += (bytes[i]! - 48) * scale;
      }
    }
  }
  if (!validZone(bytes, i, end)) return Number.NaN;
  if (!(hours <= 23 && minutes <= 59 && seconds < 61)) return Number.NaN;
  return day * 86_400 + hours * 3600 + minutes * 60 + seconds;
}

/** Nothing, `Z`, or a zero offset (`+00:00`, `+0000`, `-00:00`). */
function validZone(bytes: Uint8Array, i: number, end: number): boolean {
  if (i === end) return true;
  if (bytes[i] === 90) return i + 1 === end;
  if (bytes[i] !== 43 && bytes[i] !== DASH) return false;
  for (let j = i + 1; j < end; j++) if (bytes[j] !== 48 && bytes[j] !== COLON) return false;
  return end - i >= 5;
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

function digits(bytes: Uint8Array, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const code = (bytes[i] ?? 0) - 48;
    if (code < 0 || code > 9) return Number.NaN;
    value = value * 10 + code;
  }
  return value;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
