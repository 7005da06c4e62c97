import { writeFileAtomic } from './atomic-file.js';
import { formatEpochDay } from './dates.js';
import { FeaturesError } from './errors.js';

/** A column to write: numbers (NaN -> empty cell) or texts. */
export type CsvColumn =
  | {
      readonly name: string;
      readonly values: ArrayLike<number>;
      /** Non-integers are written with at most this many decimals; default: shortest exact form. */
      readonly decimals?: number;
    }
  | { readonly name: string; readonly texts: ArrayLike<string> }
  /** A small vocabulary by index: `labels[codes[row]]`. */
  | { readonly name: string; readonly codes: ArrayLike<number>; readonly labels: readonly string[] }
  /** Seconds since the epoch, written as `YYYY-MM-DDTHH:MM:SS` (UTC); NaN -> empty. */
  | { readonly name: string; readonly epochSeconds: ArrayLike<number> };

const CHUNK_BYTES = 1 << 20;
const COMMA = 44;
const LF = 10;
const MAX_SAFE = 2 ** 53;

/**
 * Writes columns as a CSV file with a header row, atomically (temporary file + rename).
 * Encodes straight into a byte buffer: integers and fixed decimals without `toString`,
 * repeated texts from a cache of their bytes.
 *
 * @example
 * await writeCsv('out.csv', [{ name: 'id', values: Int32Array.of(1, 2) }, { name: 'x', values: [0.5, NaN] }]);
 * // id,x\n1,0.5\n2,\n
 */
export async function writeCsv(file: string, columns: readonly CsvColumn[]): Promise<number> {
  const rows = columns[0] ? length(columns[0]) : 0;
  for (const column of columns) {
    if (length(column) !== rows) {
      throw new FeaturesError(
        'CHURN_ERR_CSV_COLUMN_LENGTH',
        `column ${column.name} has ${length(column)} values, expected ${rows}`,
        file,
      );
    }
  }
  await writeFileAtomic(file, async (write) => {
    const out = new ByteSink(write);
    out.text(columns.map((column) => quote(column.name)).join(','));
    out.byte(LF);
    const last = columns.length - 1;
    for (let row = 0; row < rows; row++) {
      for (let col = 0; col <= last; col++) {
        const column = columns[col]!;
        if ('values' in column) out.number(column.values[row]!, column.decimals);
        else if ('texts' in column) out.cachedText(column.texts[row]!);
        else if ('codes' in column) out.cachedText(column.labels[column.codes[row]!] ?? '');
        else out.dateTime(column.epochSeconds[row]!);
        out.byte(col === last ? LF : COMMA);
      }
      if (out.position > CHUNK_BYTES - 4096) await out.flush();
    }
    await out.flush();
  });
  return rows;
}

function length(column: CsvColumn): number {
  if ('values' in column) return column.values.length;
  if ('texts' in column) return column.texts.length;
  return 'codes' in column ? column.codes.length : column.epochSeconds.length;
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

class ByteSink {
  position = 0;
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private readonly digits = new Uint8Array(24);
  private readonly textCache = new Map<string, Uint8Array>();

  constructor(private readonly write: (bytes: Uint8Array) => Promise<void>) {}

  byte(code: number): void {
    if (this.position >= this.buffer.length) this.ensure(1);
    this.buffer[this.position++] = code;
  }

  text(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    this.ensure(bytes.length);
    this.buffer.set(bytes, this.position);
    this.position += bytes.length;
  }

  cachedText(text: string): void {
    let bytes = this.textCache.get(text);
    if (bytes === undefined) {
      bytes = Buffer.from(quote(text ?? ''), 'utf8');
      if (this.textCache.size < 50_000) this.textCache.set(text, bytes);
    }
    this.ensure(bytes.length);
    this.buffer.set(bytes, this.position);
    this.position += bytes.length;
  }

  number(value: number, decimals: number | undefined): void {
    if (Number.isNaN(value)) return;
    if (Number.isInteger(value) && Math.abs(value) < MAX_SAFE) {
      this.integer(value);
      return;
    }
    if (decimals === undefined || !Number.isFinite(value)) {
      this.text(String(value));
      return;
    }
    const scale = 10 ** decimals;
    const scaled = Math.round(value * scale);
    if (Math.abs(scaled) >= MAX_SAFE) {
      this.text(String(value));
      return;
    }
    if (scaled < 0) this.byte(45);
    const magnitude = Math.abs(scaled);
    const whole = Math.floor(magnitude / scale);
    let fraction = magnitude - whole * scale;
    this.integer(whole);
    if (fraction === 0) return;
    let places = decimals;
    while (fraction % 10 === 0) {
      fraction /= 10;
      places--;
    }
    this.byte(46);
    const text = String(fraction).padStart(places, '0');
    this.text(text);
  }

  /** `YYYY-MM-DDTHH:MM:SS`, the date part's bytes cached per day. */
  dateTime(seconds: number): void {
    if (!Number.isFinite(seconds)) return;
    const day = Math.floor(seconds / 86_400);
    let rest = seconds - day * 86_400;
    this.cachedText(formatEpochDayCached(day));
    this.byte(84);
    const whole = Math.floor(rest);
    const hours = Math.floor(whole / 3600);
    const minutes = Math.floor((whole % 3600) / 60);
    this.twoDigits(hours);
    this.byte(58);
    this.twoDigits(minutes);
    this.byte(58);
    this.twoDigits(whole % 60);
    rest -= whole;
    if (rest > 0) this.text(rest.toFixed(6).slice(1).replace(/0+$/, ''));
  }

  async flush(): Promise<void> {
    if (this.position === 0) return;
    // The write is awaited before the buffer is reused.
    await this.write(this.buffer.subarray(0, this.position));
    this.position = 0;
  }

  private twoDigits(value: number): void {
    this.ensure(2);
    this.buffer[this.position++] = 48 + Math.floor(value / 10);
    this.buffer[this.position++] = 48 + (value % 10);
  }

  private integer(value: number): void {
    if (value < 0) {
      this.byte(45);
      value = -value;
    }
    let count = 0;
    do {
      const next = Math.floor(value / 10);
      this.digits[count++] = 48 + (value - next * 10);
      value = next;
    } while (value > 0);
    this.ensure(count);
    while (count > 0) this.buffer[this.position++] = this.digits[--count]!;
  }

  private ensure(bytes: number): void {
    if (this.position + bytes > this.buffer.length) {
      const larger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.position + bytes));
      larger.set(this.buffer.subarray(0, this.position));
      this.buffer = larger;
    }
  }
}

const dayTexts = new Map<number, string>();

function formatEpochDayCached(day: number): string {
  let text = dayTexts.get(day);
  if (text === undefined) {
    text = formatEpochDay(day);
    if (dayTexts.size < 100_000) dayTexts.set(day, text);
  }
  return text;
}
