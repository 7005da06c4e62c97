import { type FileHandle, open } from 'node:fs/promises';
import { CsvBatch } from './csv-batch.js';
import { type ScannedRecords, scanRecords } from './csv-scan.js';
import { FeaturesError } from './errors.js';

/**
 * A streaming reader of comma-separated files with a header row (RFC 4180 quoting, LF or
 * CRLF line ends, blank lines skipped). It splits raw bytes into cells without creating a
 * string or an object per row; a consumer asks each batch for numbers or texts.
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
}

export interface OpenCsvOptions {
  /** Bytes read at a time; a batch holds the complete rows of one read. Default 4 MiB. */
  readonly chunkBytes?: number;
}

/** Opens a CSV file and reads its header. Throws CHURN_ERR_CSV_EMPTY for a file without one. */
export async function openCsv(file: string, options: OpenCsvOptions = {}): Promise<CsvSource> {
  const chunkBytes = Math.max(1024, options.chunkBytes ?? 4 * 1024 * 1024);
  const handle = await open(file, 'r');
  const size = (await handle.stat()).size;
  const intern = new Map<number, string>();
  const reader = new ChunkReader(file, handle, chunkBytes);
  let first: { bytes: Uint8Array; scanned: ScannedRecords } | null;
  try {
    first = await reader.next();
  } catch (error) {
    await handle.close();
    throw error;
  }
  if (!first) {
    await handle.close();
    throw new FeaturesError('CHURN_ERR_CSV_EMPTY', 'empty file: no header row', file);
  }
  const headerBatch = new CsvBatch(file, [], intern, first.bytes, first.scanned);
  const header = Array.from({ length: headerBatch.fields(0) }, (_, col) =>
    headerBatch.text(0, col).trim(),
  );
  const columns = new Map(header.map((name, index) => [name, index]));
  let started = false;
  return {
    file,
    header,
    bytes: size,
    columnIndex: (name) => columns.get(name) ?? -1,
    async *batches() {
      if (started) throw new FeaturesError('CHURN_ERR_BAD_ARGUMENT', 'batches() runs once', file);
      started = true;
      try {
        // The first read holds the header and usually the first data rows.
        const leading = new CsvBatch(file, header, intern, first.bytes, first.scanned, 1);
        if (leading.rows > 0) yield leading;
        for (let next = await reader.next(); next; next = await reader.next()) {
          yield new CsvBatch(file, header, intern, next.bytes, next.scanned);
        }
      } finally {
        await handle.close();
      }
    },
  };
}

/** Reads chunks and cuts them at record boundaries, carrying incomplete records over. */
class ChunkReader {
  private carried: Uint8Array = new Uint8Array(0);
  private line = 1;
  private done = false;
  private hint = { rows: 0, cells: 0 };

  constructor(
    private readonly file: string,
    private readonly handle: FileHandle,
    private readonly chunkBytes: number,
  ) {}

  /** The next run of complete records (at least one), or null at the end of the file. */
  async next(): Promise<{ bytes: Uint8Array; scanned: ScannedRecords } | null> {
    while (!this.done) {
      const chunk = Buffer.allocUnsafe(this.carried.length + this.chunkBytes);
      chunk.set(this.carried, 0);
      const { bytesRead } = await this.handle.read(
        chunk,
        this.carried.length,
        this.chunkBytes,
        null,
      );
      this.done = bytesRead === 0;
      const bytes = chunk.subarray(0, this.carried.length + bytesRead);
      const scanned = scanRecords(bytes, this.done, this.line, this.hint);
      if (this.done && scanned.end < bytes.length) {
        throw new FeaturesError(
          'CHURN_ERR_CSV_UNTERMINATED_QUOTE',
          'a quoted field is not closed',
          this.file,
          scanned.endLine,
        );
      }
      this.carried = bytes.subarray(scanned.end);
      this.line = scanned.endLine;
      // Size the next batch's arrays like this one's, so they rarely grow.
      this.hint = {
        rows: scanned.rows + (scanned.rows >> 2),
        cells: scanned.cells + (scanned.cells >> 2),
      };
      if (scanned.rows > 0) return { bytes, scanned };
    }
    return null;
  }
}
