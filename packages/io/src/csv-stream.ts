import { type FileHandle, open } from 'node:fs/promises';
import { CsvBatch } from './csv-batch.js';
import { dropRecords, type ScannedRecords, scanRecords } from './csv-scan.js';
import { IoError } from './errors.js';

/**
 * A streaming reader of comma-separated files with a header row (RFC 4180 quoting, LF or
 * CRLF line ends, blank lines skipped). It splits raw bytes into cells without creating a
 * string or an object per row; a consumer asks each batch for numbers or texts.
 * Every row has the header's field count and every line its line end (a file cut short
 * is refused), unless the caller handles malformed rows (`onMalformedRow`).
 *
 * @example
 * const csv = await openCsv('features.csv');
 * const col = csv.columnIndex('events_7d');
 * for await (const batch of csv.batches()) batch.numbers(col, out, offset);
 */
export interface CsvSource {
  readonly file: string;
  readonly header: readonly string[];
  /** Size of the file in bytes (for progress and capacity estimates). */
  readonly bytes: number;
  /** Index of a header column, or -1. */
  columnIndex(name: string): number;
  /** Row batches in file order, once; each batch stays valid after the next one is read. */
  batches(): AsyncGenerator<CsvBatch>;
  /** Lines read so far (all of them once `batches()` is done). */
  linesRead(): number;
}

/**
 * A row the reader does not trust: its field count differs from the header's
 * (CHURN_ERR_CSV_FIELD_COUNT), or it is the last line and has no line end, which is
 * how a file cut short by a crash or a full disk ends (CHURN_ERR_CSV_TRUNCATED).
 */
export interface MalformedCsvRow {
  readonly code: 'CHURN_ERR_CSV_FIELD_COUNT' | 'CHURN_ERR_CSV_TRUNCATED';
  readonly file: string;
  /** 1-based line of the file where the row starts (the header is line 1). */
  readonly line: number;
  /** 1-based data row (the first row after the header is 1). */
  readonly row: number;
  readonly fields: number;
  readonly message: string;
}

export interface OpenCsvOptions {
  /** Bytes read at a time; a batch holds the complete rows of one read. Default 4 MiB. */
  readonly chunkBytes?: number;
  /**
   * Decides about each malformed row: 'skip' leaves it out of the batches (a caller that
   * counts skipped rows), 'keep' yields it as read (a caller that checks every row
   * itself). Without it, a malformed row throws an IoError with its code, file and line.
   */
  readonly onMalformedRow?: (row: MalformedCsvRow) => 'skip' | 'keep';
  /**
   * Read a part of the file, for two threads reading one file: from byte `start` (where a
   * line begins) to byte `end` (where a line begins, or the file's end). A part that does
   * not begin the file has no header line: pass `header`; its lines and rows are counted
   * from 1 at `start`.
   */
  readonly part?: {
    readonly start?: number;
    readonly end?: number;
    readonly header?: readonly string[];
  };
}

/**
 * Opens a CSV file and reads its header. Throws CHURN_ERR_CSV_EMPTY for a file without one,
 * CHURN_ERR_CSV_TRUNCATED for a header without its line end.
 */
export async function openCsv(file: string, options: OpenCsvOptions = {}): Promise<CsvSource> {
  const chunkBytes = Math.max(1024, options.chunkBytes ?? 4 * 1024 * 1024);
  const handle = await open(file, 'r');
  const size = (await handle.stat()).size;
  const intern = new Map<number, string>();
  const given = options.part?.header;
  const reader = new ChunkReader(file, handle, chunkBytes, options.onMalformedRow, {
    start: options.part?.start ?? 0,
    end: Math.min(size, options.part?.end ?? size),
    headerFields: given ? given.length : -1,
  });
  const opened = { file, intern, size, reader, handle };
  if (given) return csvSource(opened, [...given], null);
  let first: { bytes: Uint8Array; scanned: ScannedRecords } | null;
  try {
    first = await reader.next();
  } catch (error) {
    await handle.close();
    throw error;
  }
  if (!first) {
    await handle.close();
    throw new IoError('CHURN_ERR_CSV_EMPTY', 'empty file: no header row', { file });
  }
  const headerBatch = new CsvBatch(file, [], intern, first.bytes, first.scanned);
  const header = Array.from({ length: headerBatch.fields(0) }, (_, col) =>
    headerBatch.text(0, col).trim(),
  );
  return csvSource(opened, header, first);
}

/**
 * The source over an open reader. `first` is the read that held the header line (and
 * usually the first data rows); null for a part of a file without one.
 */
function csvSource(
  opened: {
    file: string;
    intern: Map<number, string>;
    size: number;
    reader: ChunkReader;
    handle: FileHandle;
  },
  header: string[],
  first: { bytes: Uint8Array; scanned: ScannedRecords } | null,
): CsvSource {
  const { file, intern, reader, handle } = opened;
  const columns = new Map(header.map((name, index) => [name, index]));
  let started = false;
  return {
    file,
    header,
    bytes: opened.size,
    columnIndex: (name) => columns.get(name) ?? -1,
    linesRead: () => reader.linesRead,
    async *batches() {
      if (started) throw new IoError('CHURN_ERR_IO_BAD_ARGUMENT', 'batches() runs once', { file });
      started = true;
      try {
        if (first) {
          const leading = new CsvBatch(file, header, intern, first.bytes, first.scanned, 1);
          if (leading.rows > 0) yield leading;
        }
        for (let next = await reader.next(); next; next = await reader.next()) {
          yield new CsvBatch(file, header, intern, next.bytes, next.scanned);
        }
      } finally {
        await handle.close();
      }
    },
  };
}

/**
 * Reads chunks and cuts them at record boundaries, carrying incomplete records over;
 * checks each record against the header (the first record, unless given).
 */
class ChunkReader {
  private carried: Uint8Array = new Uint8Array(0);
  private line = 1;
  private done = false;
  private hint = { rows: 0, cells: 0 };
  /** Records returned so far, the header included (counted when given). */
  private records: number;
  private headerFields: number;
  private position: number;
  private readonly end: number;

  constructor(
    private readonly file: string,
    private readonly handle: FileHandle,
    private readonly chunkBytes: number,
    private readonly onMalformedRow: ((row: MalformedCsvRow) => 'skip' | 'keep') | undefined,
    range: { start: number; end: number; headerFields: number },
  ) {
    this.position = range.start;
    this.end = range.end;
    this.headerFields = range.headerFields;
    this.records = range.headerFields < 0 ? 0 : 1;
  }

  /** Lines read so far: complete records' lines. */
  get linesRead(): number {
    return this.line - 1;
  }

  /** The next run of complete records (at least one), or null at the end of the file. */
  async next(): Promise<{ bytes: Uint8Array; scanned: ScannedRecords } | null> {
    while (!this.done) {
      const chunk = Buffer.allocUnsafe(this.carried.length + this.chunkBytes);
      chunk.set(this.carried, 0);
      const { bytesRead } = await this.handle.read(
        chunk,
        this.carried.length,
        Math.min(this.chunkBytes, this.end - this.position),
        this.position,
      );
      this.position += bytesRead;
      this.done = bytesRead === 0;
      const bytes = chunk.subarray(0, this.carried.length + bytesRead);
      const scanned = scanRecords(bytes, this.done, this.line, this.hint);
      if (this.done && scanned.end < bytes.length) {
        throw new IoError('CHURN_ERR_CSV_UNTERMINATED_QUOTE', 'a quoted field is not closed', {
          file: this.file,
          line: scanned.endLine,
        });
      }
      this.carried = bytes.subarray(scanned.end);
      this.line = scanned.endLine;
      // Size the next batch's arrays like this one's, so they rarely grow.
      this.hint = {
        rows: scanned.rows + (scanned.rows >> 2),
        cells: scanned.cells + (scanned.cells >> 2),
      };
      if (scanned.rows > 0) {
        const checked = this.check(scanned);
        if (checked.rows > 0) return { bytes, scanned: checked };
      }
    }
    return null;
  }

  /** Finds the malformed records and reports, drops or throws them. */
  private check(scanned: ScannedRecords): ScannedRecords {
    const { rows, rowFirstCell } = scanned;
    let first = 0;
    if (this.headerFields < 0) {
      this.headerFields = rowFirstCell[1]! - rowFirstCell[0]!;
      if (rows === 1 && scanned.unterminated) {
        throw new IoError(
          'CHURN_ERR_CSV_TRUNCATED',
          'the header has no line end: the file is cut short',
          { file: this.file, line: scanned.rowLine[0] },
        );
      }
      first = 1;
    }
    const dropped: number[] = [];
    for (let r = first; r < rows; r++) {
      const fields = rowFirstCell[r + 1]! - rowFirstCell[r]!;
      const truncated = scanned.unterminated && r === rows - 1;
      if (fields === this.headerFields && !truncated) continue;
      const line = scanned.rowLine[r]!;
      const count = `${fields} field${fields === 1 ? '' : 's'}, the header has ${this.headerFields}`;
      const malformed: MalformedCsvRow = truncated
        ? {
            code: 'CHURN_ERR_CSV_TRUNCATED',
            file: this.file,
            line,
            row: this.records + r,
            fields,
            message: `the last line has no line end: the file is cut short (${count})`,
          }
        : {
            code: 'CHURN_ERR_CSV_FIELD_COUNT',
            file: this.file,
            line,
            row: this.records + r,
            fields,
            message: `has ${count}`,
          };
      if (!this.onMalformedRow) {
        throw new IoError(malformed.code, malformed.message, { file: this.file, line });
      }
      if (this.onMalformedRow(malformed) === 'skip') dropped.push(r);
    }
    this.records += rows;
    return dropped.length > 0 ? dropRecords(scanned, dropped) : scanned;
  }
}
