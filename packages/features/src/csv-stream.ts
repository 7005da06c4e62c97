import { open } from 'node:fs/promises';
import { CsvBatch } from './csv-batch.js';
import { FeaturesError } from './errors.js';

/**
 * A streaming reader of comma-separated files with a header row (RFC 4180 quoting, LF or
 * CRLF line ends, blank lines skipped). It splits raw bytes into cells without creating a
 * string or an object per row; a consumer asks each batch for numbers or text by index.
 *
 * @example
 * const csv = await openCsv('features.csv');
 * const col = csv.columnIndex('events_7d');
 * for await (const batch of csv.batches()) for (let r = 0; r < batch.rows; r++) batch.number(r, col);
 */
export interface CsvSource {
  readonly file: string;
  readonly header: readonly string[];
  /** Index of a header column, or -1. */
  columnIndex(name: string): number;
  /** Row batches in file order; each batch stays valid after the next one is read. */
  batches(): AsyncGenerator<CsvBatch>;
}

export interface OpenCsvOptions {
  /** Bytes read at a time; a batch holds the complete rows of one read. Default 4 MiB. */
  readonly chunkBytes?: number;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** Opens a CSV file and reads its header. Throws CHURN_ERR_CSV_EMPTY for a file without one. */
export async function openCsv(file: string, options: OpenCsvOptions = {}): Promise<CsvSource> {
  const chunkBytes = Math.max(1024, options.chunkBytes ?? 4 * 1024 * 1024);
  const handle = await open(file, 'r');
  let started = false;
  const chunks = readChunks(handle, chunkBytes);
  const intern = new Map<number, string>();
  const first = new CsvBatch(file, [], intern, 1);
  let pending = await nextRecords(chunks, first, Number.POSITIVE_INFINITY);
  if (first.rows === 0) {
    await handle.close();
    throw new FeaturesError('CHURN_ERR_CSV_EMPTY', 'empty file: no header row', file);
  }
  const header = Array.from({ length: first.fields(0) }, (_, col) => first.text(0, col).trim());
  // The first read may hold data rows after the header: hand them on as the first batch.
  const leading = first.withoutFirstRow(header);
  const columns = new Map(header.map((name, index) => [name, index]));
  return {
    file,
    header,
    columnIndex: (name) => columns.get(name) ?? -1,
    async *batches() {
      if (started) throw new FeaturesError('CHURN_ERR_BAD_ARGUMENT', 'batches() runs once', file);
      started = true;
      try {
        if (leading.rows > 0) yield leading;
        while (pending) {
          const batch = new CsvBatch(file, header, intern, pending.line);
          pending = await nextRecords(chunks, batch, Number.POSITIVE_INFINITY, pending);
          if (batch.rows > 0) yield batch;
        }
      } finally {
        await handle.close();
      }
    },
  };
}

interface Leftover {
  readonly bytes: Uint8Array;
  readonly line: number;
}

async function* readChunks(handle: import('node:fs/promises').FileHandle, size: number) {
  for (;;) {
    const buffer = Buffer.allocUnsafe(size);
    const { bytesRead } = await handle.read(buffer, 0, size, null);
    if (bytesRead === 0) return;
    yield buffer.subarray(0, bytesRead);
  }
}

/**
 * Fills `batch` with the complete records of the next chunk (prefixed by the previous
 * leftover). Returns the incomplete tail to carry over, or null at the end of the file.
 */
async function nextRecords(
  chunks: AsyncGenerator<Buffer>,
  batch: CsvBatch,
  maxRows: number,
  previous?: Leftover,
): Promise<Leftover | null> {
  let carried = previous?.bytes ?? new Uint8Array(0);
  let line = previous?.line ?? 1;
  for (;;) {
    const next = await chunks.next();
    const atEnd = next.done === true;
    const bytes = atEnd ? carried : concat(carried, next.value);
    const consumed = scan(bytes, batch, line, atEnd, maxRows);
    if (atEnd) {
      if (consumed.end < bytes.length) {
        throw new FeaturesError(
          'CHURN_ERR_CSV_UNTERMINATED_QUOTE',
          'a quoted field is not closed',
          batch.file,
          consumed.line,
        );
      }
      return null;
    }
    if (batch.rows > 0) return { bytes: bytes.subarray(consumed.end), line: consumed.line };
    // One record longer than a chunk: read on until it is complete.
    carried = bytes;
    line = previous?.line ?? 1;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const joined = Buffer.allocUnsafe(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}

/**
 * Splits complete records of `bytes` into `batch`'s cells. A record is complete when its
 * line end was seen, or at the end of the file. Returns where the first incomplete record
 * starts and its line number.
 */
function scan(
  bytes: Uint8Array,
  batch: CsvBatch,
  startLine: number,
  atEnd: boolean,
  maxRows: number,
): { end: number; line: number } {
  batch.reset(bytes);
  const length = bytes.length;
  let line = startLine;
  let pos = 0;
  while (pos < length && batch.rows < maxRows) {
    const recordStart = pos;
    const recordLine = line;
    batch.beginRow(recordLine);
    let complete = false;
    for (;;) {
      if (pos < length && bytes[pos] === QUOTE) {
        let i = pos + 1;
        let closed = false;
        while (i < length) {
          const code = bytes[i]!;
          if (code === QUOTE) {
            if (i + 1 < length && bytes[i + 1] === QUOTE) {
              i += 2;
              continue;
            }
            if (i + 1 === length && !atEnd) break;
            closed = true;
            break;
          }
          if (code === LF) line++;
          i++;
        }
        if (!closed) break;
        batch.addCell(pos + 1, i, true);
        pos = i + 1;
        while (pos < length && bytes[pos] !== COMMA && bytes[pos] !== LF && bytes[pos] !== CR)
          pos++;
      } else {
        const start = pos;
        while (pos < length) {
          const code = bytes[pos]!;
          if (code === COMMA || code === LF || code === CR) break;
          pos++;
        }
        batch.addCell(start, pos, false);
      }
      if (pos >= length) {
        complete = atEnd;
        break;
      }
      const code = bytes[pos]!;
      if (code === COMMA) {
        pos++;
        continue;
      }
      if (code === CR) {
        if (pos + 1 >= length && !atEnd) break;
        pos += bytes[pos + 1] === LF ? 2 : 1;
      } else {
        pos++;
      }
      line++;
      complete = true;
      break;
    }
    if (!complete) {
      batch.dropRow();
      return { end: recordStart, line: recordLine };
    }
    batch.endRow();
  }
  return { end: pos, line };
}
