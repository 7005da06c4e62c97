import { parseEpochDayBytes, parseEpochSecondsBytes } from './dates.js';
import { parseDecimalBytes } from './decimal.js';

const INITIAL_CELLS = 1 << 16;
const INTERN_MAX_BYTES = 24;

/**
 * The complete rows of one read of a CSV file, as cell offsets into the raw bytes. No
 * string exists until `text()` asks for one; short ASCII texts are interned, so a column of
 * repeated categories or dates costs one string per distinct value.
 */
export class CsvBatch {
  /** Number of data rows. */
  rows = 0;
  private bytes: Uint8Array = new Uint8Array(0);
  private cellStart: Int32Array = new Int32Array(INITIAL_CELLS);
  private cellEnd: Int32Array = new Int32Array(INITIAL_CELLS);
  private cellQuoted: Uint8Array = new Uint8Array(INITIAL_CELLS);
  private cells = 0;
  private rowFirstCell: Int32Array = new Int32Array(1024);
  private rowLine: Int32Array = new Int32Array(1024);

  constructor(
    readonly file: string,
    readonly header: readonly string[],
    private readonly intern: Map<number, string>,
    /** Line (1-based) where the batch starts. */
    readonly firstLine: number,
  ) {}

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
    return parseDecimalBytes(this.bytes, this.cellStart[cell]!, this.cellEnd[cell]!);
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
    if (cell < 0) return '';
    const start = this.cellStart[cell]!;
    const end = this.cellEnd[cell]!;
    if (this.cellQuoted[cell] === 1) {
      return Buffer.from(this.bytes.buffer, this.bytes.byteOffset + start, end - start)
        .toString('utf8')
        .replaceAll('""', '"');
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

  /** @internal Parser state: start filling from `bytes`. */
  reset(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.rows = 0;
    this.cells = 0;
    this.rowFirstCell[0] = 0;
  }

  /** @internal */
  beginRow(line: number): void {
    if (this.rows + 2 > this.rowLine.length) {
      this.rowLine = grow(this.rowLine);
      this.rowFirstCell = grow(this.rowFirstCell);
    }
    this.rowLine[this.rows] = line;
  }

  /** @internal */
  addCell(start: number, end: number, quoted: boolean): void {
    if (this.cells === this.cellStart.length) {
      this.cellStart = grow(this.cellStart);
      this.cellEnd = grow(this.cellEnd);
      const flags = new Uint8Array(this.cellStart.length);
      flags.set(this.cellQuoted);
      this.cellQuoted = flags;
    }
    this.cellStart[this.cells] = start;
    this.cellEnd[this.cells] = end;
    this.cellQuoted[this.cells] = quoted ? 1 : 0;
    this.cells++;
  }

  /** @internal Ends a row; a blank line (one empty unquoted cell) is dropped. */
  endRow(): void {
    const first = this.rowFirstCell[this.rows]!;
    const blank =
      this.cells - first === 1 &&
      this.cellQuoted[first] === 0 &&
      this.cellEnd[first] === this.cellStart[first];
    if (blank) {
      this.cells = first;
      return;
    }
    this.rows++;
    this.rowFirstCell[this.rows] = this.cells;
  }

  /** @internal Forgets the row begun last. */
  dropRow(): void {
    this.cells = this.rowFirstCell[this.rows]!;
  }

  /** @internal The same rows without the first (the header), for the given header. */
  withoutFirstRow(header: readonly string[]): CsvBatch {
    const rest = new CsvBatch(this.file, header, this.intern, this.rows > 1 ? this.line(1) : 2);
    rest.bytes = this.bytes;
    const skip = this.rows > 0 ? this.rowFirstCell[1]! : 0;
    rest.cellStart = this.cellStart.subarray(skip);
    rest.cellEnd = this.cellEnd.subarray(skip);
    rest.cellQuoted = this.cellQuoted.subarray(skip);
    rest.cells = this.cells - skip;
    rest.rows = Math.max(0, this.rows - 1);
    rest.rowLine = this.rowLine.subarray(1);
    rest.rowFirstCell = this.rowFirstCell.subarray(1).map((cell) => cell - skip);
    return rest;
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
    if (this.cellQuoted[cell] === 1) {
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

function grow(array: Int32Array): Int32Array {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}
