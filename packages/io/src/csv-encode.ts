import { formatEpochDay } from './dates.js';

/** A column to write: numbers (NaN -> empty cell), texts, coded texts or datetimes. */
export type CsvColumn =
  | {
      readonly name: string;
      readonly values: ArrayLike<number>;
      /** Non-integers are written with at most this many decimals; default: shortest exact form. */
      readonly decimals?: number;
      /**
       * Instead of `decimals`: non-integers with at most this many significant digits
       * (`formatSignificant`). 9 write any float32 so that it reads back exactly, in fewer
       * characters than the shortest form of its float64 value (up to 17 digits).
       */
      readonly significantDigits?: number;
    }
  | { readonly name: string; readonly texts: ArrayLike<string> }
  /** A small vocabulary by index: `labels[codes[row]]`. */
  | { readonly name: string; readonly codes: ArrayLike<number>; readonly labels: readonly string[] }
  /** Seconds since the epoch, written as `YYYY-MM-DDTHH:MM:SS` (UTC); NaN -> empty. */
  | { readonly name: string; readonly epochSeconds: ArrayLike<number> };

export const NUMBER_CELL = 0;
export const TEXT_CELL = 1;
export const CODE_CELL = 2;
export const DATE_CELL = 3;

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const MAX_SAFE = 2 ** 53;
const EMPTY = new Uint8Array(0);
/** `YYYY-MM-DDT` bytes by epoch day, shared by every datetime column. */
const DAY_BYTES = new Map<number, Uint8Array>();

/** CSV quoting of one text: quoted when it holds a comma, quote or line end. */
export function quoteCsv(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * One column prepared for writing. A single class for every kind keeps the writer's row
 * loop monomorphic; numbers are held as a Float64Array whatever array they came in.
 */
export class EncodedColumn {
  readonly name: string;
  readonly headerText: string;
  readonly kind: number;
  readonly length: number;
  private readonly numbers: Float64Array;
  private readonly decimals: number;
  private readonly significantDigits: number;
  private readonly texts: ArrayLike<string>;
  private readonly codes: ArrayLike<number>;
  private readonly labelBytes: Uint8Array[];
  private readonly cache = new Map<string, Uint8Array>();
  private lastText: string | undefined = undefined;
  private lastBytes: Uint8Array = EMPTY;
  private lastDay = Number.NaN;
  private lastDayBytes: Uint8Array = EMPTY;
  private readonly dateCell = new Uint8Array(19);

  constructor(column: CsvColumn) {
    this.name = column.name;
    this.headerText = quoteCsv(column.name);
    this.numbers = new Float64Array(0);
    this.decimals = -1;
    this.significantDigits = 0;
    this.texts = [];
    this.codes = [];
    this.labelBytes = [];
    if ('values' in column) {
      this.kind = NUMBER_CELL;
      this.numbers =
        column.values instanceof Float64Array ? column.values : Float64Array.from(column.values);
      this.decimals = column.decimals ?? -1;
      this.significantDigits = column.significantDigits ?? 0;
      this.length = this.numbers.length;
    } else if ('texts' in column) {
      this.kind = TEXT_CELL;
      this.texts = column.texts;
      this.length = column.texts.length;
    } else if ('codes' in column) {
      this.kind = CODE_CELL;
      this.codes = column.codes;
      this.labelBytes = column.labels.map((label) => Buffer.from(quoteCsv(label)));
      this.length = column.codes.length;
    } else {
      this.kind = DATE_CELL;
      this.numbers =
        column.epochSeconds instanceof Float64Array
          ? column.epochSeconds
          : Float64Array.from(column.epochSeconds);
      this.length = this.numbers.length;
    }
  }

  /** The bytes of a text or coded cell (quoted as needed). */
  textBytes(row: number): Uint8Array {
    if (this.kind === CODE_CELL) return this.labelBytes[this.codes[row]!] ?? EMPTY;
    const text = this.texts[row]!;
    if (text === this.lastText) return this.lastBytes;
    let bytes = this.cache.get(text);
    if (bytes === undefined) {
      bytes = Buffer.from(quoteCsv(text ?? ''));
      if (this.cache.size < 50_000) this.cache.set(text, bytes);
    }
    this.lastText = text;
    this.lastBytes = bytes;
    return bytes;
  }

  /** The bytes of a datetime cell, `YYYY-MM-DDTHH:MM:SS[.ffffff]`. */
  dateBytes(row: number): Uint8Array {
    const seconds = this.numbers[row]!;
    if (!Number.isFinite(seconds)) return EMPTY;
    const day = Math.floor(seconds / 86_400);
    if (day !== this.lastDay) {
      this.lastDay = day;
      let bytes = DAY_BYTES.get(day);
      if (bytes === undefined) {
        bytes = Buffer.from(`${formatEpochDay(day)}T`);
        if (DAY_BYTES.size < 100_000) DAY_BYTES.set(day, bytes);
      }
      this.lastDayBytes = bytes;
    }
    const rest = seconds - day * 86_400;
    const whole = Math.floor(rest);
    const cell = this.dateCell;
    cell.set(this.lastDayBytes, 0);
    twoDigits(cell, 11, Math.floor(whole / 3600));
    cell[13] = 58;
    twoDigits(cell, 14, Math.floor((whole % 3600) / 60));
    cell[16] = 58;
    twoDigits(cell, 17, whole % 60);
    if (rest === whole) return cell;
    return Buffer.concat([
      cell,
      Buffer.from((rest - whole).toFixed(6).slice(1).replace(/0+$/, '')),
    ]);
  }

  /** Writes a number cell at `pos` and returns the position after it. */
  writeNumber(buffer: Uint8Array, pos: number, row: number): number {
    const value = this.numbers[row]!;
    if ((value | 0) === value) return writeInteger(buffer, pos, value);
    if (Number.isNaN(value)) return pos;
    if (Number.isInteger(value) && value < MAX_SAFE && value > -MAX_SAFE)
      return writeInteger(buffer, pos, value);
    if (this.significantDigits > 0 && Number.isFinite(value)) {
      return writeAscii(buffer, pos, formatSignificant(value, this.significantDigits));
    }
    const decimals = this.decimals;
    if (decimals < 0 || !Number.isFinite(value)) return writeAscii(buffer, pos, String(value));
    const scale = POW10[decimals] ?? 10 ** decimals;
    let scaled = Math.round(value * scale);
    if (scaled >= MAX_SAFE || scaled <= -MAX_SAFE) return writeAscii(buffer, pos, String(value));
    if (scaled < 0) {
      buffer[pos++] = 45;
      scaled = -scaled;
    }
    const whole = Math.floor(scaled / scale);
    pos = writeInteger(buffer, pos, whole);
    const fraction = scaled - whole * scale;
    if (fraction === 0) return pos;
    buffer[pos++] = 46;
    return decimals <= 9
      ? writeFraction9(buffer, pos, fraction | 0, decimals)
      : writeFraction(buffer, pos, fraction, decimals);
  }
}

/** The `places` digits of `fraction` (zero-padded on the left), trailing zeros dropped; int32 math. */
function writeFraction9(buffer: Uint8Array, pos: number, fraction: number, places: number): number {
  while (fraction % 10 === 0) {
    fraction = (fraction / 10) | 0;
    places--;
  }
  for (let i = places - 1; i >= 0; i--) {
    const next = (fraction / 10) | 0;
    buffer[pos + i] = 48 + fraction - next * 10;
    fraction = next;
  }
  return pos + places;
}

function writeFraction(buffer: Uint8Array, pos: number, fraction: number, places: number): number {
  while (fraction % 10 === 0) {
    fraction /= 10;
    places--;
  }
  for (let i = places - 1; i >= 0; i--) {
    const next = Math.floor(fraction / 10);
    buffer[pos + i] = 48 + (fraction - next * 10);
    fraction = next;
  }
  return pos + places;
}

/**
 * `value` with at most `digits` significant digits, trailing zeros dropped. One
 * `toPrecision` call: several times cheaper than searching for the shortest exact form.
 *
 * @example
 * formatSignificant(Math.fround(0.1), 9); // => '0.100000001'
 * formatSignificant(0.5, 9); // => '0.5'
 */
export function formatSignificant(value: number, digits: number): string {
  const text = value.toPrecision(digits);
  if (text.includes('e')) return String(Number(text));
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end--;
  if (text.charCodeAt(end - 1) === 46) end--;
  return text.slice(0, end);
}

export function encodeColumn(column: CsvColumn): EncodedColumn {
  return new EncodedColumn(column);
}

const COMMA = 44;
const LF = 10;

/**
 * Whole lines that begin a chunk's rows (`WriteCsvOptions.leading`): row i of the chunk
 * begins with `bytes[starts[i], ends[i])`, a line of another CSV file without its line end.
 */
export interface LeadingChunk {
  readonly bytes: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/**
 * Rows [start, end) of `columns` as CSV lines, in one buffer. Sized for numbers and dates;
 * a long text grows it. The writer calls this for each chunk, on the main thread or on the
 * encoder thread, so both produce the same bytes. With `leading`, each row begins with its
 * leading line (copied, not encoded); `rowEnds`, when given, receives the position after
 * each row's line end.
 */
export function encodeRows(
  columns: readonly EncodedColumn[],
  start: number,
  end: number,
  leading?: LeadingChunk,
  rowEnds?: Int32Array,
): Buffer {
  // Room for one row of numbers and dates; long texts grow the buffer when needed.
  const margin = 40 * columns.length + 64;
  const leadingBytes = leading?.bytes.length ?? 0;
  let buffer: Buffer = Buffer.allocUnsafeSlow(
    Math.max(margin, (end - start) * columns.length * 8 + leadingBytes + (end - start)),
  );
  const source =
    leading && Buffer.from(leading.bytes.buffer, leading.bytes.byteOffset, leading.bytes.length);
  let pos = 0;
  const last = columns.length - 1;
  for (let row = start; row < end; row++) {
    if (source) {
      const from = leading!.starts[row - start]!;
      const to = leading!.ends[row - start]!;
      if (pos + (to - from) + margin > buffer.length)
        buffer = grow(buffer, pos, to - from + margin);
      pos += source.copy(buffer, pos, from, to);
      buffer[pos++] = last < 0 ? LF : COMMA;
    }
    if (pos + margin > buffer.length) buffer = grow(buffer, pos, margin);
    for (let col = 0; col <= last; col++) {
      const column = columns[col]!;
      const kind = column.kind;
      if (kind === NUMBER_CELL) pos = column.writeNumber(buffer, pos, row);
      else {
        const bytes =
          kind === TEXT_CELL || kind === CODE_CELL ? column.textBytes(row) : column.dateBytes(row);
        if (pos + bytes.length + margin > buffer.length)
          buffer = grow(buffer, pos, bytes.length + margin);
        if (bytes.length <= 16) for (let i = 0; i < bytes.length; i++) buffer[pos++] = bytes[i]!;
        else {
          buffer.set(bytes, pos);
          pos += bytes.length;
        }
      }
      buffer[pos++] = col === last ? LF : COMMA;
    }
    if (rowEnds) rowEnds[row - start] = pos;
  }
  return buffer.subarray(0, pos);
}

function grow(buffer: Buffer, used: number, needed: number): Buffer {
  const larger = Buffer.allocUnsafeSlow(Math.max(buffer.length * 2, used + needed));
  larger.set(buffer.subarray(0, used));
  return larger;
}

function writeInteger(buffer: Uint8Array, pos: number, value: number): number {
  if (value < 0) {
    buffer[pos++] = 45;
    value = -value;
  }
  if (value < 10) {
    buffer[pos] = 48 + value;
    return pos + 1;
  }
  if (value < 100) {
    const tens = (value / 10) | 0;
    buffer[pos] = 48 + tens;
    buffer[pos + 1] = 48 + value - tens * 10;
    return pos + 2;
  }
  if (value < 2_147_483_648) {
    let n = value | 0;
    const digits =
      n < 1000
        ? 3
        : n < 10_000
          ? 4
          : n < 100_000
            ? 5
            : n < 1_000_000
              ? 6
              : n < 10_000_000
                ? 7
                : n < 100_000_000
                  ? 8
                  : n < 1_000_000_000
                    ? 9
                    : 10;
    for (let i = digits - 1; i >= 0; i--) {
      const next = (n / 10) | 0;
      buffer[pos + i] = 48 + n - next * 10;
      n = next;
    }
    return pos + digits;
  }
  let digits = 10;
  for (let bound = 1e10; bound <= value && digits < 16; bound *= 10) digits++;
  for (let i = digits - 1; i >= 0; i--) {
    const next = Math.floor(value / 10);
    buffer[pos + i] = 48 + (value - next * 10);
    value = next;
  }
  return pos + digits;
}

function writeAscii(buffer: Uint8Array, pos: number, text: string): number {
  for (let i = 0; i < text.length; i++) buffer[pos++] = text.charCodeAt(i);
  return pos;
}

function twoDigits(buffer: Uint8Array, pos: number, value: number): void {
  buffer[pos] = 48 + Math.floor(value / 10);
  buffer[pos + 1] = 48 + (value % 10);
}
