/**
 * Encoder thread of `writeCsv`: receives a chunk of rows (the columns sliced to it),
 * encodes it with the same `encodeRows` as the main thread and sends the bytes back.
 */
import { parentPort } from 'node:worker_threads';
import { type CsvColumn, encodeColumn, encodeRows } from './csv-encode.js';

export interface EncodeRequest {
  readonly id: number;
  readonly columns: readonly CsvColumn[];
  readonly rows: number;
}

export interface EncodeReply {
  readonly id: number;
  readonly bytes: Uint8Array;
}

parentPort?.on('message', ({ id, columns, rows }: EncodeRequest) => {
  const bytes = encodeRows(columns.map(encodeColumn), 0, rows);
  const reply: EncodeReply = { id, bytes };
  parentPort?.postMessage(reply, [bytes.buffer as ArrayBuffer]);
});
