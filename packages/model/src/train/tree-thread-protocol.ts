import type { InKernelMemory, KernelRows, SharedWasmMemory } from './kernel-memory.js';

/** Commands of TreeThreads to its thread. */
export const TreeCommand = { Stop: 0, Root: 1, Rows: 2, Partition: 3 } as const;
export type TreeCommand = (typeof TreeCommand)[keyof typeof TreeCommand];

/**
 * Slots of the shared control array. TreeThreads writes the command and its operands,
 * then bumps `Sequence`; the thread answers by setting `Done` to that sequence. Each side
 * acts on a new value, never on a wake-up alone: a notify can arrive late, after the
 * value it announced was already seen and acted on.
 */
export const TreeControl = {
  Sequence: 0,
  Command: 1,
  Start: 2,
  End: 3,
  /** Root, Rows: numbers of the histogram to clear before adding (3 per bin). */
  Length: 4,
  Done: 5,
  /** Partition: where the split feature's column starts in `columns`. */
  Column: 6,
  /** Partition: rows with a bin <= this go left. */
  Bin: 7,
  /** Partition's answer: how many of the thread's rows went left. */
  LeftCount: 8,
} as const;
export const TREE_CONTROL_SLOTS = 9;

/** The thread's `workerData`: every array lives in shared memory. */
export interface TreeThreadData {
  readonly control: Int32Array;
  /** [G, H] of the thread's part of a root pass. */
  readonly sums: Float64Array;
  /** The kernels' memory (KernelMemory.memory), which the thread instantiates them on. */
  readonly memory: SharedWasmMemory;
  readonly matrix: KernelRows;
  /** Column-major bins (BinnedMatrix.columns), read by partitions. */
  readonly columns: Uint8Array;
  readonly raw: Float64Array;
  readonly y: Uint8Array;
  readonly w: Float64Array;
  readonly gh: InKernelMemory<Float64Array>;
  readonly rows: InKernelMemory<Int32Array>;
  /** The thread's histogram. */
  readonly hist: InKernelMemory<Float64Array>;
  /** Where the thread's partition puts its right-hand rows. */
  readonly scratch: Int32Array;
}
