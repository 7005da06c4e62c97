/**
 * The thread of `BackgroundCsvWriter`: writes each queued file with `writeIndexedCsv`, in
 * the order they came, and keeps their line indexes so a later file can begin its rows
 * with their lines.
 */
import { parentPort } from 'node:worker_threads';
import type { CsvColumn } from './csv-encode.js';
import type { CsvLineIndex } from './csv-line-index.js';
import { writeIndexedCsv } from './csv-writer.js';

export interface WriteJobRequest {
  readonly id: number;
  readonly file: string;
  readonly columns: readonly CsvColumn[];
  readonly chunkRows?: number;
  readonly fingerprint?: boolean;
  /** `from`: a line index, or the id of an earlier job of this thread. */
  readonly leading?: {
    readonly from: CsvLineIndex | number;
    readonly header: readonly string[];
    readonly lines?: Int32Array;
  };
}

export interface WriteJobReply {
  readonly id: number;
  readonly index?: CsvLineIndex;
  readonly error?: { readonly message: string; readonly code?: string; readonly file?: string };
}

/** Line indexes of the jobs written, or their failure, by job id. */
const written = new Map<number, CsvLineIndex | Error>();
let queue: Promise<void> = Promise.resolve();

parentPort?.on('message', (request: WriteJobRequest) => {
  queue = queue.then(() => run(request));
});

async function run(request: WriteJobRequest): Promise<void> {
  const { id, file, columns, chunkRows, leading } = request;
  try {
    const from = typeof leading?.from === 'number' ? written.get(leading.from) : leading?.from;
    if (from instanceof Error) {
      throw new Error(`the file its rows begin with was not written: ${from.message}`);
    }
    const index = await writeIndexedCsv(file, columns, {
      thread: false,
      fingerprint: request.fingerprint === true,
      ...(chunkRows === undefined ? {} : { chunkRows }),
      ...(leading && from
        ? {
            leading: {
              index: from,
              header: leading.header,
              ...(leading.lines ? { lines: leading.lines } : {}),
            },
          }
        : {}),
    });
    written.set(id, index);
    parentPort?.postMessage({ id, index } satisfies WriteJobReply);
  } catch (caught) {
    const error = caught instanceof Error ? caught : new Error(String(caught));
    written.set(id, error);
    const { code, file: at } = error as { code?: unknown; file?: unknown };
    parentPort?.postMessage({
      id,
      error: {
        message: error.message,
        ...(typeof code === 'string' ? { code } : {}),
        ...(typeof at === 'string' ? { file: at } : {}),
      },
    } satisfies WriteJobReply);
  }
}
