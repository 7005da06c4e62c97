/**
 * Encoder thread of `writeCsv`: receives a chunk of rows (the columns sliced to it, and
 * their leading lines when the file has them), encodes it with the same `encodeRows` as the
 * main thread and sends the bytes back, with each row's end when the file is indexed.
 */
import { parentPort } from 'node:worker_threads';
import { type CsvColumn, encodeColumn, encodeRows, type LeadingChunk } from './csv-encode.js';

export interface EncodeRequest {
  readonly id: number;
  readonly columns: readonly CsvColumn[];
  readonly rows: number;
  readonly leading: LeadingChunk | undefined;
  /** Send back each row's end (the file is indexed). */
  readonly rowEnds: boolean;
}

export interface EncodeReply {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly rowEnds?: Int32Array;
}

parentPort?.on('message', ({ id, columns, rows, leading, rowEnds }: EncodeRequest) => {
  const ends = rowEnds ? new Int32Array(rows) : undefined;
  const bytes = encodeRows(columns.map(encodeColumn), 0, rows, leading, ends);
  const reply: EncodeReply = ends ? { id, bytes, rowEnds: ends } : { id, bytes };
  const transfer = [bytes.buffer as ArrayBuffer];
  if (ends) transfer.push(ends.buffer);
  parentPort?.postMessage(reply, transfer);
});
