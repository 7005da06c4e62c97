/**
 * Decimal numbers as the CSV files hold them. Floats are kept rounded to a fixed number of
 * decimals (`roundDecimals`), so a value written and read back is the same double as the one
 * kept in memory: a step gives the same result whether its input came from memory or a file.
 */

/** Exact powers of ten as doubles (10^22 is the largest exactly representable one). */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** The largest finite float32. The models take float32 inputs: a value beyond becomes ±Infinity. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * True for a number a float32 model input holds: finite and within ±FLOAT32_MAX (false for NaN).
 *
 * @example
 * fitsFloat32(1e38); // => true
 * fitsFloat32(1e39); // => false
 */
export function fitsFloat32(value: number): boolean {
  return Math.abs(value) <= FLOAT32_MAX;
}

/** Decimals kept for non-integer values in the pipeline's files. */
export const FILE_DECIMALS = 6;

/**
 * Rounds to `decimals` places, the way the CSV writer rounds.
 *
 * @example
 * roundDecimals(0.1 + 0.2, 6); // => 0.3
 */
export function roundDecimals(value: number, decimals: number): number {
  const scale = POW10[decimals] ?? 10 ** decimals;
  return Math.round(value * scale) / scale;
}

/**
 * Parses ASCII bytes `[start, end)` as a decimal number; NaN when empty or not a number.
 * Up to 15 significant digits without exponent take a fast path that is exact: an integer
 * below 2^53 divided by an exact power of ten is correctly rounded (Clinger's fast path);
 * everything else falls back to `Number()`.
 */
export function parseDecimalBytes(bytes: Uint8Array, start: number, end: number): number {
  if (start >= end) return Number.NaN;
  let i = start;
  let negative = false;
  const first = bytes[i]!;
  if (first === 45 || first === 43) {
    negative = first === 45;
    i++;
    if (i === end) return Number.NaN;
  }
  let mantissa = 0;
  let digitCount = 0;
  let fractionDigits = 0;
  let seenPoint = false;
  let seenDigit = false;
  for (; i < end; i++) {
    const code = bytes[i]!;
    const digit = code - 48;
    if (digit >= 0 && digit <= 9) {
      seenDigit = true;
      if (mantissa !== 0 || digit !== 0) digitCount++;
      mantissa = mantissa * 10 + digit;
      if (seenPoint) fractionDigits++;
    } else if (code === 46 && !seenPoint) {
      seenPoint = true;
    } else {
      return slowParse(bytes, start, end);
    }
  }
  if (!seenDigit) return Number.NaN;
  if (digitCount > 15 || fractionDigits > 22) return slowParse(bytes, start, end);
  const value = fractionDigits === 0 ? mantissa : mantissa / POW10[fractionDigits]!;
  return negative ? -value : value;
}

function slowParse(bytes: Uint8Array, start: number, end: number): number {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start)
    .toString('latin1')
    .trim();
  // Number('') is 0 and Number('0x1f') is 31: only plain decimal notation counts.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number.NaN;
  return Number(text);
}

/**
 * The common case of parseDecimalBytes, small enough to inline into the CSV readers: at most 15 bytes of
 * `-?digits[.digits]`. NaN for anything else (the caller then takes the general parser).
 * Exact for the same reason as parseDecimalBytes (integer < 2^53 over a power of ten).
 */
export function parseShortDecimal(bytes: Uint8Array, start: number, end: number): number {
  if (end - start > 15 || start === end) return Number.NaN;
  let i = start;
  const negative = bytes[i] === 45;
  if (negative) i++;
  let mantissa = 0;
  let point = -1;
  let digits = 0;
  for (; i < end; i++) {
    const digit = bytes[i]! - 48;
    if (digit >= 0 && digit <= 9) {
      mantissa = mantissa * 10 + digit;
      digits++;
    } else if (digit === -2 && point < 0) {
      point = i;
    } else {
      return Number.NaN;
    }
  }
  if (digits === 0) return Number.NaN;
  const value = point < 0 ? mantissa : mantissa / POW10[end - point - 1]!;
  return negative ? -value : value;
}
