import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { writeFileAtomic } from './atomic-file.js';
import {
  type CsvColumn,
  type EncodedColumn,
  encodeColumn,
  encodeRows,
  type LeadingChunk,
  quoteCsv,
} from './csv-encode.js';
import type { EncodeReply, EncodeRequest } from './csv-encode-thread.js';
import {
  type CsvLineIndex,
  type LeadingLines,
  LeadingSource,
  lineCount,
} from './csv-line-index.js';
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
  /**
   * Begin each row with a line of a file written before, copied byte for byte; the columns
   * follow it. A derived table (more columns, or a subset of rows) costs a copy of the lines
   * it shares with its source, not their encoding.
   */
  readonly leading?: LeadingLines;
  /**
   * Hash the bytes as they are written: `writeIndexedCsv` returns the file's `fingerprint`
   * without reading it back.
   */
  readonly fingerprint?: boolean;
}

/**
 * Writes columns as a CSV file with a header row, atomically (temporary file + rename).
 * Encodes chunk by chunk straight into byte buffers: integers and fixed decimals without
 * `toString`, repeated texts from cached bytes. Large files use a second thread: CSV
 * encoding is most of the pipeline's data steps, and they otherwise run on one core.
 * Returns the number of data rows.
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
  return (await writeCsvFile(file, columns, options, false)).rows;
}

/**
 * `writeCsv`, recording where each row begins: the index lets a later file begin its rows
 * with these lines (`leading`).
 *
 * @example
 * const daily = await writeIndexedCsv('daily.csv', dailyColumns);
 * await writeCsv('features.csv', windowColumns, { leading: { index: daily, header: dailyNames } });
 */
export async function writeIndexedCsv(
  file: string,
  columns: readonly CsvColumn[],
  options: WriteCsvOptions = {},
): Promise<CsvLineIndex> {
  const { offsets, fingerprint } = await writeCsvFile(file, columns, options, true);
  const { size, ino, mtimeMs } = await stat(file);
  return {
    file,
    offsets: offsets!,
    written: { size, ino, mtimeMs },
    ...(fingerprint === undefined ? {} : { fingerprint }),
  };
}

async function writeCsvFile(
  file: string,
  columns: readonly CsvColumn[],
  options: WriteCsvOptions,
  indexed: boolean,
): Promise<{ rows: number; offsets: Float64Array | null; fingerprint?: string }> {
  const encoded = columns.map(encodeColumn);
  const leading = options.leading;
  const leadingRows = leading && (leading.lines?.length ?? lineCount(leading.index));
  const rows = encoded[0]?.length ?? leadingRows ?? 0;
  for (const column of encoded) {
    if (column.length !== rows) {
      throw new IoError(
        'CHURN_ERR_CSV_COLUMN_LENGTH',
        `column ${column.name} has ${column.length} values, expected ${rows}`,
        { file },
      );
    }
  }
  if (leading && leadingRows !== rows) {
    throw new IoError(
      'CHURN_ERR_CSV_COLUMN_LENGTH',
      `${leadingRows} leading lines from ${leading.index.file}, expected ${rows}`,
      { file },
    );
  }
  const width = encoded.length + (leading?.header.length ?? 0);
  const chunkRows = Math.max(1, options.chunkRows ?? Math.floor(CHUNK_CELLS / Math.max(1, width)));
  const useThread =
    options.thread ?? (availableParallelism() > 1 && rows * width >= THREAD_MIN_CELLS);
  const encoder = useThread && rows > chunkRows ? EncoderThread.shared() : null;
  const header = Buffer.from(
    `${[...(leading?.header.map(quoteCsv) ?? []), ...encoded.map((column) => column.headerText)].join(',')}\n`,
  );
  const offsets = indexed ? new Float64Array(rows + 1) : null;
  const source = leading ? await LeadingSource.open(leading, file) : null;
  const hash = options.fingerprint ? createHash('sha256') : null;
  try {
    await writeFileAtomic(file, async (writeFile) => {
      const write = (bytes: Uint8Array) => {
        hash?.update(bytes);
        return writeFile(bytes);
      };
      await write(header);
      await writeChunks(write, {
        columns,
        encoded,
        rows,
        chunkRows,
        encoder,
        source,
        offsets,
        headerBytes: header.length,
      });
    });
  } finally {
    await source?.close();
  }
  return hash ? { rows, offsets, fingerprint: `sha256:${hash.digest('hex')}` } : { rows, offsets };
}

interface ChunkPlan {
  readonly columns: readonly CsvColumn[];
  readonly encoded: readonly EncodedColumn[];
  readonly rows: number;
  readonly chunkRows: number;
  readonly encoder: EncoderThread | null;
  readonly source: LeadingSource | null;
  /** Filled with each row's offset when the file is indexed. */
  readonly offsets: Float64Array | null;
  readonly headerBytes: number;
}

interface EncodedChunk {
  readonly bytes: Uint8Array;
  readonly rowEnds?: Int32Array | undefined;
}

/**
 * Chunks in order. With an encoder thread, the thread encodes the odd chunks while this
 * thread encodes the even ones; the thread always has the next odd chunk queued, so it
 * never waits for this one. Each chunk is written once encoded, one write in flight.
 */
async function writeChunks(
  write: (bytes: Uint8Array) => Promise<void>,
  plan: ChunkPlan,
): Promise<void> {
  const { columns, encoded, rows, chunkRows, encoder, source, offsets } = plan;
  const chunks = Math.ceil(rows / chunkRows);
  const bounds = (chunk: number) => [chunk * chunkRows, Math.min(rows, (chunk + 1) * chunkRows)];
  const leadingOf = async (start: number, end: number) => source?.read(start, end);
  const sent = new Map<number, Promise<EncodedChunk>>();
  const send = (chunk: number) => {
    if (encoder === null || chunk >= chunks || sent.has(chunk)) return;
    const [start, end] = bounds(chunk) as [number, number];
    const encoding = leadingOf(start, end).then((leading) =>
      encoder.encode(columns, start, end, leading, offsets !== null),
    );
    encoding.catch(() => undefined); // awaited in order below; a later chunk may fail first
    sent.set(chunk, encoding);
  };
  let writing: Promise<void> = Promise.resolve();
  let position = plan.headerBytes;
  if (offsets) offsets[0] = position;
  for (let chunk = 0; chunk < chunks; chunk++) {
    const [start, end] = bounds(chunk) as [number, number];
    let result: EncodedChunk;
    if (encoder !== null && chunk % 2 === 1) {
      result = await sent.get(chunk)!;
      sent.delete(chunk);
    } else {
      send(chunk + 1);
      send(chunk + 3);
      const rowEnds = offsets ? new Int32Array(end - start) : undefined;
      const bytes = encodeRows(encoded, start, end, await leadingOf(start, end), rowEnds);
      result = { bytes, rowEnds };
    }
    if (offsets && result.rowEnds) {
      for (let i = 0; i < result.rowEnds.length; i++) {
        offsets[start + i + 1] = position + result.rowEnds[i]!;
      }
    }
    position += result.bytes.length;
    await writing;
    writing = write(result.bytes);
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
    { resolve: (chunk: EncodedChunk) => void; reject: (error: Error) => void }
  >();
  private nextId = 0;

  static shared(): EncoderThread {
    EncoderThread.instance ??= new EncoderThread();
    return EncoderThread.instance;
  }

  private constructor() {
    this.worker = startModuleThread(import.meta.url, './csv-encode-thread');
    this.worker.unref();
    this.worker.on('message', ({ id, bytes, rowEnds }: EncodeReply) => {
      this.waiting.get(id)?.resolve({ bytes, rowEnds });
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
  encode(
    columns: readonly CsvColumn[],
    start: number,
    end: number,
    leading: LeadingChunk | undefined,
    rowEnds: boolean,
  ): Promise<EncodedChunk> {
    const id = this.nextId++;
    const transfer: ArrayBuffer[] = [];
    if (leading) {
      transfer.push(
        leading.bytes.buffer as ArrayBuffer,
        leading.starts.buffer as ArrayBuffer,
        leading.ends.buffer as ArrayBuffer,
      );
    }
    const request: EncodeRequest = {
      id,
      rows: end - start,
      columns: columns.map((column) => sliceColumn(column, start, end, transfer)),
      leading,
      rowEnds,
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
export function codedTexts(
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
