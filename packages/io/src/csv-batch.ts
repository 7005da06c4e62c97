import type { ScannedRecords } from './csv-scan.js';
import { parseEpochDayBytes, parseEpochSecondsBytes } from './dates.js';
import { parseDecimalBytes, parseShortDecimal } from './decimal.js';

const INTERN_MAX_BYTES = 24;
/**
 * The complete rows of one read of a CSV file, as cell offsets into the raw bytes. No
 * string exists until `text()` asks for one; short ASCII texts are interned, so a column of
 * repeated categories or dates costs one string per distinct value. The bulk methods
 * (`numbers`, `texts`) fill a column at once and are the fast way to read many rows.
 */
export class CsvBatch {
  /** Number of data rows. */
  readonly rows: number;
  private readonly bytes: Uint8Array;
  private readonly cellStart: Int32Array;
  private readonly cellEnd: Int32Array;
  private readonly cellQuoted: Uint8Array | null;
  private readonly rowFirstCell: Int32Array;
  private readonly rowLine: Int32Array;

  /** @internal Made by openCsv. `skipRows` leaves out leading rows (the header). */
  constructor(
    readonly file: string,
    readonly header: readonly string[],
    private readonly intern: Map<number, string>,
    bytes: Uint8Array,
    scanned: ScannedRecords,
    skipRows = 0,
  ) {
    this.bytes = bytes;
    this.rows = Math.max(0, scanned.rows - skipRows);
    this.cellStart = scanned.cellStart;
    this.cellEnd = scanned.cellEnd;
    this.cellQuoted = scanned.cellQuoted;
    this.rowFirstCell = scanned.rowFirstCell.subarray(skipRows);
    this.rowLine = scanned.rowLine.subarray(skipRows);
  }

  /** Bytes the batch's rows span (for size estimates). */
  get byteLength(): number {
    return this.rows === 0
      ? 0
      : this.cellEnd[this.rowFirstCell[this.rows]! - 1]! - this.cellStart[this.rowFirstCell[0]!]!;
  }

  /** 1-based line number of the file where `row` starts (the header is line 1). */
  line(row: number): number {
    return this.rowLine[row]!;
  }

  /** Number of cells in `row` (a well-formed file has header.length). */
  fields(row: number): number {
    return this.rowFirstCell[row + 1]! - this.rowFirstCell[row]!;
  }

  /** True when the cell is absent or has nothing but spaces. */
  isEmpty(row: number, col: number): boolean {
    const cell = this.cellIndex(row, col);
    if (cell < 0) return true;
    for (let i = this.cellStart[cell]!; i < this.cellEnd[cell]!; i++) {
      if (this.bytes[i] !== 32) return false;
    }
    return true;
  }

  /** The cell as a number; NaN when empty, absent or not a number. */
  number(row: number, col: number): number {
    const cell = this.cellIndex(row, col);
    if (cell < 0) return Number.NaN;
    const start = this.cellStart[cell]!;
    const end = this.cellEnd[cell]!;
    const value = parseShortDecimal(this.bytes, start, end);
    return Number.isNaN(value) && start < end ? parseDecimalBytes(this.bytes, start, end) : value;
  }

  /**
   * Column `col` as numbers into `out[offset + row]` (NaN when empty or absent). Returns
   * the first row whose cell is neither empty nor a number, or -1.
   */
  numbers(col: number, out: Float64Array | Int32Array, offset = 0): number {
    const { bytes, cellStart, cellEnd, rowFirstCell } = this;
    let firstBad = -1;
    for (let row = 0; row < this.rows; row++) {
      const first = rowFirstCell[row]!;
      const cell = first + col;
      let value = Number.NaN;
      if (cell < rowFirstCell[row + 1]!) {
        const start = cellStart[cell]!;
        const end = cellEnd[cell]!;
        value = parseShortDecimal(bytes, start, end);
        if (Number.isNaN(value) && start < end) {
          value = parseDecimalBytes(bytes, start, end);
          if (Number.isNaN(value) && firstBad < 0 && !this.isEmpty(row, col)) firstBad = row;
        }
      }
      out[offset + row] = value;
    }
    return firstBad;
  }

  /**
   * Several columns as numbers at once, row by row (reads the bytes in order, which is
   * faster than column after column): `outs[k][offset + row]` gets column `cols[k]`.
   * Returns -1, or `row * cols.length + k` of the first cell that is neither empty nor a
   * number.
   */
  numberColumns(cols: readonly number[], outs: readonly Float64Array[], offset = 0): number {
    const { bytes, cellStart, cellEnd, rowFirstCell } = this;
    const count = cols.length;
    let firstBad = -1;
    for (let row = 0; row < this.rows; row++) {
      const first = rowFirstCell[row]!;
      const fields = rowFirstCell[row + 1]! - first;
      for (let k = 0; k < count; k++) {
        const col = cols[k]!;
        let value = Number.NaN;
        if (col < fields) {
          const start = cellStart[first + col]!;
          const end = cellEnd[first + col]!;
          value = parseShortDecimal(bytes, start, end);
          if (Number.isNaN(value) && start < end) {
            value = parseDecimalBytes(bytes, start, end);
            if (Number.isNaN(value) && firstBad < 0 && !this.isEmpty(row, col))
              firstBad = row * count + k;
          }
        }
        outs[k]![offset + row] = value;
      }
    }
    return firstBad;
  }

  /** The cell as a date (see parseEpochDay): days since 1970-01-01, NaN when not a date. */
  epochDay(row: number, col: number): number {
    return this.parseCell(row, col, parseEpochDayBytes);
  }

  /** The cell as an ISO datetime (see parseEpochSeconds): seconds since the epoch, or NaN. */
  epochSeconds(row: number, col: number): number {
    return this.parseCell(row, col, parseEpochSecondsBytes);
  }

  /** The cell's text ('' when absent), quotes removed. */
  text(row: number, col: number): string {
    const cell = this.cellIndex(row, col);
    return cell < 0 ? '' : this.cellText(cell);
  }

  /**
   * Column `col` as texts into `out[offset + row]`; `empty` for cells that are empty or
   * absent. A run of equal cells (sorted data) shares one string without hashing.
   */
  texts(col: number, out: string[], offset: number, empty: string): void {
    const { bytes, cellStart, cellEnd, rowFirstCell } = this;
    let previousStart = -1;
    let previousLength = -1;
    let previous = empty;
    for (let row = 0; row < this.rows; row++) {
      const cell = rowFirstCell[row]! + col;
      if (cell >= rowFirstCell[row + 1]!) {
        out[offset + row] = empty;
        continue;
      }
      const start = cellStart[cell]!;
      const length = cellEnd[cell]! - start;
      if (length === previousLength && !this.cellQuoted) {
        let same = true;
        for (let i = 0; i < length; i++) {
          if (bytes[start + i] !== bytes[previousStart + i]) {
            same = false;
            break;
          }
        }
        if (same) {
          out[offset + row] = previous;
          continue;
        }
      }
      const text = length === 0 ? empty : this.cellText(cell);
      out[offset + row] = text === '' ? empty : text;
      previousStart = start;
      previousLength = length;
      previous = out[offset + row]!;
    }
  }

  private cellText(cell: number): string {
    const start = this.cellStart[cell]!;
    const end = this.cellEnd[cell]!;
    if (this.cellQuoted && this.cellQuoted[cell] === 1) {
      return this.decode(start, end).replaceAll('""', '"');
    }
    if (end - start > INTERN_MAX_BYTES) return this.decode(start, end);
    let hash = 2166136261;
    for (let i = start; i < end; i++) {
      const code = this.bytes[i]!;
      if (code > 127) return this.decode(start, end);
      hash = Math.imul(hash ^ code, 16777619);
    }
    hash = (hash ^ (end - start)) >>> 0;
    const known = this.intern.get(hash);
    if (known !== undefined && this.equals(known, start, end)) return known;
    const text = this.decode(start, end);
    if (known === undefined && this.intern.size < 100_000) this.intern.set(hash, text);
    return text;
  }

  private parseCell(
    row: number,
    col: number,
    parse: (bytes: Uint8Array, start: number, end: number) => number,
  ): number {
    const cell = this.cellIndex(row, col);
    if (cell < 0) return Number.NaN;
    let start = this.cellStart[cell]!;
    let end = this.cellEnd[cell]!;
    if (this.cellQuoted && this.cellQuoted[cell] === 1) {
      const bytes = Buffer.from(this.text(row, col).trim(), 'latin1');
      return parse(bytes, 0, bytes.length);
    }
    while (start < end && this.bytes[start] === 32) start++;
    while (end > start && this.bytes[end - 1] === 32) end--;
    return parse(this.bytes, start, end);
  }

  private cellIndex(row: number, col: number): number {
    const first = this.rowFirstCell[row]!;
    return col < this.rowFirstCell[row + 1]! - first ? first + col : -1;
  }

  private decode(start: number, end: number): string {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset + start, end - start).toString(
      'utf8',
    );
  }

  private equals(text: string, start: number, end: number): boolean {
    if (text.length !== end - start) return false;
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) !== this.bytes[start + i]) return false;
    }
    return true;
  }
}
