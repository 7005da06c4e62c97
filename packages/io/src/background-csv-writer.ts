import type { Worker } from 'node:worker_threads';
import type { CsvColumn } from './csv-encode.js';
import type { CsvLineIndex } from './csv-line-index.js';
import { codedTexts } from './csv-writer.js';
import type { WriteJobReply, WriteJobRequest } from './csv-writer-thread.js';
import { IoError } from './errors.js';
import { startModuleThread } from './thread.js';

/** A file a `BackgroundCsvWriter` writes: `done` settles when it is in place, or failed. */
export interface CsvWriteJob {
  readonly file: string;
  readonly done: Promise<CsvLineIndex>;
}

export interface BackgroundWriteOptions {
  /** Rows a chunk (default: about a million cells). */
  readonly chunkRows?: number;
  /** The job's line index carries the file's `fingerprint` (hashed as it is written). */
  readonly fingerprint?: boolean;
  /**
   * Begin each row with a line of a file this writer wrote before (a job of its own, even
   * one still queued) or of an indexed file; see `WriteCsvOptions.leading`.
   */
  readonly leading?: {
    readonly from: CsvWriteJob | CsvLineIndex;
    readonly header: readonly string[];
    readonly lines?: Int32Array;
  };
}

/**
 * Writes CSV files on a thread of its own, one after another, while this thread goes on:
 * a step hands over its table and computes the next while the file is encoded and written
 * (atomically, as `writeIndexedCsv`). The columns cross without copies when their arrays
 * live in shared memory (`sharedArray`); other typed arrays are copied, texts sent as
 * codes. The arrays must not change until the job is done. `flush()` waits for every file
 * and rejects with the first failure; `failure` tells it without waiting.
 *
 * @example
 * const writer = new BackgroundCsvWriter();
 * const daily = writer.write('daily.csv', dailyColumns);
 * writer.write('features.csv', windowColumns, { leading: { from: daily, header: dailyNames } });
 * await writer.close(); // both files in place, or the first error
 */
export class BackgroundCsvWriter {
  #worker: Worker | null = null;
  #nextId = 0;
  readonly #jobs = new WeakMap<CsvWriteJob, number>();
  readonly #waiting = new Map<
    number,
    { resolve: (index: CsvLineIndex) => void; reject: (error: Error) => void }
  >();
  readonly #pending = new Set<Promise<CsvLineIndex>>();
  #failure: Error | null = null;

  /** The first write that failed, or null. */
  get failure(): Error | null {
    return this.#failure;
  }

  /** Queues a file; returns at once. */
  write(
    file: string,
    columns: readonly CsvColumn[],
    options: BackgroundWriteOptions = {},
  ): CsvWriteJob {
    const id = this.#nextId++;
    const transfer: ArrayBuffer[] = [];
    const leading = options.leading;
    const from =
      leading && ('offsets' in leading.from ? leading.from : this.#jobs.get(leading.from));
    if (leading && from === undefined) {
      throw new IoError('CHURN_ERR_IO_BAD_ARGUMENT', 'leading lines from a job of another writer', {
        file,
      });
    }
    const request: WriteJobRequest = {
      id,
      file,
      columns: columns.map((column) => shareableColumn(column, transfer)),
      ...(options.chunkRows === undefined ? {} : { chunkRows: options.chunkRows }),
      ...(options.fingerprint ? { fingerprint: true } : {}),
      ...(leading && from !== undefined
        ? {
            leading: {
              from,
              header: [...leading.header],
              ...(leading.lines ? { lines: leading.lines.slice() } : {}),
            },
          }
        : {}),
    };
    const done = new Promise<CsvLineIndex>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
    });
    const job: CsvWriteJob = { file, done };
    this.#jobs.set(job, id);
    this.#pending.add(done);
    done.then(
      () => this.#pending.delete(done),
      (error: Error) => {
        this.#pending.delete(done);
        this.#failure ??= error;
      },
    );
    const worker = this.#start();
    worker.ref();
    worker.postMessage(request, transfer);
    return job;
  }

  /** Waits for every queued file; rejects with the first failure. */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.#pending]);
    if (this.#failure) throw this.#failure;
  }

  /** `flush()`, then stops the thread (also when a write failed). */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      const worker = this.#worker;
      this.#worker = null;
      await worker?.terminate();
    }
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = startModuleThread(import.meta.url, './csv-writer-thread');
    worker.on('message', (reply: WriteJobReply) => {
      const waiting = this.#waiting.get(reply.id);
      this.#waiting.delete(reply.id);
      if (reply.index) waiting?.resolve(reply.index);
      else waiting?.reject(jobError(reply.error!));
      if (this.#waiting.size === 0) worker.unref();
    });
    const fail = (error: Error) => {
      for (const { reject } of this.#waiting.values()) reject(error);
      this.#waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.#worker === worker) this.#worker = null;
      fail(new IoError('CHURN_ERR_IO_BAD_ARGUMENT', `the CSV writer thread exited (${code})`));
    });
    this.#worker = worker;
    return worker;
  }
}

/** The thread's error as an Error of this thread, its code kept. */
function jobError(error: NonNullable<WriteJobReply['error']>): Error {
  if (error.code) {
    return new IoError(error.code as never, error.message, {
      ...(error.file === undefined ? {} : { file: error.file }),
    });
  }
  return new Error(error.message);
}

/** A column as it crosses to the writer thread: shared arrays as they are, the rest copied. */
function shareableColumn(column: CsvColumn, transfer: ArrayBuffer[]): CsvColumn {
  const share = (values: ArrayLike<number>): ArrayLike<number> => {
    if (ArrayBuffer.isView(values) && values.buffer instanceof SharedArrayBuffer) return values;
    const copy = ArrayBuffer.isView(values)
      ? (values as unknown as Float64Array).slice()
      : Float64Array.from(values);
    transfer.push(copy.buffer as ArrayBuffer);
    return copy;
  };
  if ('values' in column) return { ...column, values: share(column.values) };
  if ('codes' in column) return { ...column, codes: share(column.codes) };
  if ('epochSeconds' in column) return { ...column, epochSeconds: share(column.epochSeconds) };
  return { name: column.name, ...codedTexts(column.texts, 0, column.texts.length, transfer) };
}

type SharedArrayType = Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor;

/**
 * A zero-filled typed array in shared memory: a table built of these crosses to the
 * background writer (or any worker thread) without a copy.
 *
 * @example
 * const counts = sharedArray(Float64Array, rows);
 */
export function sharedArray<C extends SharedArrayType>(type: C, length: number): InstanceType<C> {
  // the constructors take a SharedArrayBuffer; TypeScript's lib types say ArrayBuffer
  const buffer = new SharedArrayBuffer(length * type.BYTES_PER_ELEMENT) as unknown as ArrayBuffer;
  return new type(buffer) as InstanceType<C>;
}
