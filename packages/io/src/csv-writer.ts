import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { writeFileAtomic } from './atomic-file.js';
import { type CsvColumn, type EncodedColumn, encodeColumn, encodeRows } from './csv-encode.js';
import type { EncodeReply, EncodeRequest } from './csv-encode-thread.js';
import { IoError } from './errors.js';
import { TextCodes } from './text-codes.js';
import { startModuleThread } from './thread.js';

/** Cells a chunk: a few MB of text, small enough to keep both threads busy to the end. */
const CHUNK_CELLS = 1 << 20;
/** Below this many cells a second thread costs more to start than it saves. */
const THREAD_MIN_CELLS = 4 << 20;

export interface WriteCsvOptions {
  /**
   * Encode every other chunk on a second thread (default: when the machine has two cores
   * or more and the file has at least ~4 M cells). The bytes are the same either way.
   */
  readonly thread?: boolean;
  /** Rows a chunk (default: about a million cells). */
  readonly chunkRows?: number;
}

/**
 * Writes columns as a CSV file with a header row, atomically (temporary file + rename).
 * Encodes chunk by chunk straight into byte buffers: integers and fixed decimals without
 * `toString`, repeated texts from cached bytes. Large files use a second thread: CSV
 * encoding is most of the pipeline's data steps, and they otherwise run on one core.
 *
 * @example
 * await writeCsv('out.csv', [{ name: 'id', values: Int32Array.of(1, 2) }, { name: 'x', values: [0.5, NaN] }]);
 * // id,x\n1,0.5\n2,\n
 */
export async function writeCsv(
  file: string,
  columns: readonly CsvColumn[],
  options: WriteCsvOptions = {},
): Promise<number> {
  const encoded = columns.map(encodeColumn);
  const rows = encoded[0]?.length ?? 0;
  for (const column of encoded) {
    if (column.length !== rows) {
      throw new IoError(
        'CHURN_ERR_CSV_COLUMN_LENGTH',
        `column ${column.name} has ${column.length} values, expected ${rows}`,
        { file },
      );
    }
  }
  const chunkRows = Math.max(1, options.chunkRows ?? Math.floor(CHUNK_CELLS / encoded.length));
  const useThread =
    options.thread ?? (availableParallelism() > 1 && rows * encoded.length >= THREAD_MIN_CELLS);
  const encoder = useThread && rows > chunkRows ? EncoderThread.shared() : null;
  await writeFileAtomic(file, async (write) => {
    await write(Buffer.from(`${encoded.map((column) => column.headerText).join(',')}\n`));
    await writeChunks(write, columns, encoded, rows, chunkRows, encoder);
  });
  return rows;
}

/**
 * Chunks in order. With an encoder thread, the thread encodes the odd chunks while this
 * thread encodes the even ones; the thread always has the next odd chunk queued, so it
 * never waits for this one. Each chunk is written once encoded, one write in flight.
 */
async function writeChunks(
  write: (bytes: Uint8Array) => Promise<void>,
  columns: readonly CsvColumn[],
  encoded: readonly EncodedColumn[],
  rows: number,
  chunkRows: number,
  encoder: EncoderThread | null,
): Promise<void> {
  const chunks = Math.ceil(rows / chunkRows);
  const sent = new Map<number, Promise<Uint8Array>>();
  const send = (chunk: number) => {
    if (encoder === null || chunk >= chunks || sent.has(chunk)) return;
    const start = chunk * chunkRows;
    sent.set(chunk, encoder.encode(columns, start, Math.min(rows, start + chunkRows)));
  };
  let writing: Promise<void> = Promise.resolve();
  for (let chunk = 0; chunk < chunks; chunk++) {
    let bytes: Uint8Array;
    if (encoder !== null && chunk % 2 === 1) {
      bytes = await sent.get(chunk)!;
      sent.delete(chunk);
    } else {
      send(chunk + 1);
      send(chunk + 3);
      const start = chunk * chunkRows;
      bytes = encodeRows(encoded, start, Math.min(rows, start + chunkRows));
    }
    await writing;
    writing = write(bytes);
  }
  await writing;
}

/**
 * The thread that encodes chunks for `writeCsv` (csv-encode-thread.ts). One per process,
 * started on first use and kept: the pipeline writes several large files, and starting a
 * thread costs more than an idle one. It holds the process open only while it has work.
 */
class EncoderThread {
  private static instance: EncoderThread | null = null;
  private readonly worker: Worker;
  private readonly waiting = new Map<
    number,
    { resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void }
  >();
  private nextId = 0;

  static shared(): EncoderThread {
    EncoderThread.instance ??= new EncoderThread();
    return EncoderThread.instance;
  }

  private constructor() {
    this.worker = startModuleThread(import.meta.url, './csv-encode-thread');
    this.worker.unref();
    this.worker.on('message', ({ id, bytes }: EncodeReply) => {
      this.waiting.get(id)?.resolve(bytes);
      this.waiting.delete(id);
      if (this.waiting.size === 0) this.worker.unref();
    });
    const fail = (error: Error) => {
      EncoderThread.instance = null;
      for (const { reject } of this.waiting.values()) reject(error);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the CSV encoder thread exited (${code})`)));
  }

  /** Encodes rows [start, end): the columns are sliced (copied) to the chunk and sent. */
  encode(columns: readonly CsvColumn[], start: number, end: number): Promise<Uint8Array> {
    const id = this.nextId++;
    const transfer: ArrayBuffer[] = [];
    const request: EncodeRequest = {
      id,
      rows: end - start,
      columns: columns.map((column) => sliceColumn(column, start, end, transfer)),
    };
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage(request, transfer);
    });
  }
}

/** The column's rows [start, end) as a copy; typed arrays' new buffers go in `transfer`. */
function sliceColumn(
  column: CsvColumn,
  start: number,
  end: number,
  transfer: ArrayBuffer[],
): CsvColumn {
  const slice = (values: ArrayLike<number>): ArrayLike<number> => {
    if (!ArrayBuffer.isView(values)) return Array.prototype.slice.call(values, start, end);
    const copy = (values as unknown as Float64Array).slice(start, end);
    transfer.push(copy.buffer as ArrayBuffer);
    return copy;
  };
  if ('values' in column) return { ...column, values: slice(column.values) };
  if ('codes' in column) return { ...column, codes: slice(column.codes) };
  if ('epochSeconds' in column) return { ...column, epochSeconds: slice(column.epochSeconds) };
  return { name: column.name, ...codedTexts(column.texts, start, end, transfer) };
}

/**
 * Rows [start, end) of a text column as codes into its distinct texts (a missing text is
 * ''): the same cells, moved to the encoder thread as one transferred array and a few
 * strings instead of one cloned string a cell.
 */
function codedTexts(
  texts: ArrayLike<string>,
  start: number,
  end: number,
  transfer: ArrayBuffer[],
): { codes: Uint32Array; labels: string[] } {
  const codes = new Uint32Array(end - start);
  const distinct = new TextCodes();
  let last: string | undefined;
  let lastCode = 0;
  for (let row = start; row < end; row++) {
    const text = texts[row] ?? '';
    // runs of one text (a date, a plan) skip the lookup
    if (text !== last) {
      last = text;
      lastCode = distinct.code(text);
    }
    codes[row - start] = lastCode;
  }
  transfer.push(codes.buffer);
  return { codes, labels: distinct.values };
}
