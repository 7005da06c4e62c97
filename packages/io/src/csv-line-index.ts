import { open } from 'node:fs/promises';
import type { LeadingChunk } from './csv-encode.js';
import { IoError } from './errors.js';

/**
 * Where each data row of a CSV file begins, recorded by `writeIndexedCsv` as it wrote the
 * file, so a later file can copy its lines (`WriteCsvOptions.leading`) instead of encoding
 * the same cells again.
 */
export interface CsvLineIndex {
  readonly file: string;
  /** Byte offset of each data row's line, then the file's size: rows + 1 entries. */
  readonly offsets: Float64Array;
  /** The file as written; a file that differs since (replaced, rewritten) is refused. */
  readonly written: { readonly size: number; readonly ino: number; readonly mtimeMs: number };
  /** `sha256:<hex>` of the file (`fileFingerprint`), when asked for (`fingerprint: true`). */
  readonly fingerprint?: string;
}

/** Lines of an indexed file that begin each row of the file being written. */
export interface LeadingLines {
  readonly index: CsvLineIndex;
  /** The header names of those lines' columns in the new file (a column may be renamed). */
  readonly header: readonly string[];
  /** The line (0-based data row of the indexed file) that begins each row, increasing; default: every line in order. */
  readonly lines?: Int32Array;
}

export function lineCount(index: CsvLineIndex): number {
  return index.offsets.length - 1;
}

/** The indexed file whose lines begin the rows, open for reading chunk by chunk. */
export class LeadingSource {
  private constructor(
    private readonly leading: LeadingLines,
    private readonly handle: Awaited<ReturnType<typeof open>>,
  ) {}

  /** Opens the indexed file; refuses one that is not the file the index was made of. */
  static async open(leading: LeadingLines, target: string): Promise<LeadingSource> {
    const { file, written } = leading.index;
    const handle = await open(file, 'r').catch(() => null);
    const info = await handle?.stat();
    if (
      !handle ||
      info?.size !== written.size ||
      info.ino !== written.ino ||
      info.mtimeMs !== written.mtimeMs
    ) {
      await handle?.close();
      throw new IoError(
        'CHURN_ERR_CSV_SOURCE_CHANGED',
        `${file} is gone or changed since it was written: its lines cannot lead the rows`,
        { file: target },
      );
    }
    return new LeadingSource(leading, handle);
  }

  /** The leading lines of rows [start, end): one read of the byte range they span. */
  async read(start: number, end: number): Promise<LeadingChunk> {
    const { index, lines } = this.leading;
    const { offsets, file } = index;
    const count = lineCount(index);
    const line = (row: number) => (lines ? lines[row]! : row);
    for (let row = start; row < end; row++) {
      const at = line(row);
      if (!(at >= 0 && at < count) || (row > 0 && !(at > line(row - 1)))) {
        throw new IoError(
          'CHURN_ERR_IO_BAD_ARGUMENT',
          `leading line ${at} of row ${row} is out of range or not after the previous row's`,
          { file },
        );
      }
    }
    const from = offsets[line(start)]!;
    const bytes = Buffer.allocUnsafeSlow(offsets[line(end - 1) + 1]! - from);
    for (let done = 0; done < bytes.length; ) {
      const { bytesRead } = await this.handle.read(bytes, done, bytes.length - done, from + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    const starts = new Int32Array(end - start);
    const ends = new Int32Array(end - start);
    for (let row = start; row < end; row++) {
      const at = line(row);
      starts[row - start] = offsets[at]! - from;
      ends[row - start] = offsets[at + 1]! - from - 1;
      if (bytes[ends[row - start]!] !== 10) {
        throw new IoError(
          'CHURN_ERR_CSV_SOURCE_CHANGED',
          `line ${at + 2} does not end where its index says: the file changed since it was written`,
          { file },
        );
      }
    }
    return { bytes, starts, ends };
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
