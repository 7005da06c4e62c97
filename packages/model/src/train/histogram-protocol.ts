import type { SparseRows } from './histogram.js';

/** Commands of HistogramBuilder to its thread. */
export const HistogramCommand = { Stop: 0, Root: 1, Rows: 2 } as const;
export type HistogramCommand = (typeof HistogramCommand)[keyof typeof HistogramCommand];

/**
 * Slots of the shared control array. The builder writes command, start, end and length,
 * then bumps `Sequence`; the thread answers by setting `Done` to that sequence.
 */
export const HistogramControl = {
  Sequence: 0,
  Command: 1,
  Start: 2,
  End: 3,
  /** Numbers of the histogram to clear before adding (3 per bin). */
  Length: 4,
  Done: 5,
} as const;
export const HISTOGRAM_CONTROL_SLOTS = 6;

/** The thread's `workerData`: every array lives in shared memory. */
export interface HistogramThreadData {
  readonly control: Int32Array;
  /** [G, H] of the thread's part of a root pass. */
  readonly sums: Float64Array;
  readonly matrix: SparseRows;
  readonly raw: Float64Array;
  readonly y: Uint8Array;
  readonly w: Float64Array;
  readonly gh: Float64Array;
  readonly rows: Int32Array;
  /** The thread's histogram. */
  readonly hist: Float64Array;
}
