import type { Worker } from 'node:worker_threads';
import { startModuleThread } from '@churn/io/thread';
import { type BinnedMatrix, countBins, fillDefaultBins, gradientsAndRoot } from './histogram.js';
import type { InKernelMemory } from './kernel-memory.js';
import { partitionRows } from './row-partition.js';
import {
  TreeCommand as Command,
  TreeControl as Slot,
  TREE_CONTROL_SLOTS,
  type TreeThreadData,
} from './tree-thread-protocol.js';

/**
 * Below this many rows a partition stays on the calling thread: waking the other one
 * costs more than it saves. The result is the same either way.
 */
const PARALLEL_PARTITION_ROWS = 4096;

/**
 * The row work of growing a tree on up to two threads: the root pass, node histograms
 * and partitions, each split into two halves of the rows. With two threads a worker does
 * the second half while the calling thread does the first; with one thread the calling
 * thread does both. Histograms are always added first half + second half and partitions
 * are stable, so the trees do not depend on the thread count.
 */
export class TreeThreads {
  /** Raw scores (log-odds) of the training rows, in shared memory; the caller updates them. */
  readonly raw: Float64Array;
  /** Interleaved gradients and hessians in kernel memory: [g0, h0, g1, h1, ...]. */
  readonly gh: InKernelMemory<Float64Array>;
  private readonly y: Uint8Array;
  private readonly w: Float64Array;
  private readonly sums = new Float64Array(new SharedArrayBuffer(16));
  /** The row partition of the tree being grown, in kernel memory. */
  readonly rows: InKernelMemory<Int32Array>;
  private readonly half: InKernelMemory<Float64Array>;
  private readonly rootCounts: Float64Array;
  /** Right-hand rows of a partition: the first half's (here) and the second half's (thread). */
  private readonly scratch: Int32Array;
  private readonly threadScratch: Int32Array;
  private readonly control = new Int32Array(new SharedArrayBuffer(TREE_CONTROL_SLOTS * 4));
  private readonly worker: Worker | null;
  private sequence = 0;

  /** `matrix.columns` must live in shared memory when `threads` > 1. */
  constructor(
    private readonly matrix: BinnedMatrix,
    label: Uint8Array,
    weights: Float64Array,
    threads: number,
  ) {
    const n = matrix.rows;
    this.raw = new Float64Array(new SharedArrayBuffer(8 * n));
    this.y = new Uint8Array(new SharedArrayBuffer(n));
    this.y.set(label);
    this.w = new Float64Array(new SharedArrayBuffer(8 * n));
    this.w.set(weights);
    this.gh = matrix.memory.float64(2 * n);
    this.rows = matrix.memory.int32(n);
    this.half = this.histogram();
    this.rootCounts = countBins(matrix);
    this.scratch = new Int32Array(n);
    this.threadScratch = new Int32Array(new SharedArrayBuffer(4 * (threads > 1 ? n : 0)));
    this.worker = threads > 1 ? this.startThread() : null;
    this.worker?.unref();
  }

  /** A new histogram (`totalBins` bins of [g, h, count]) in the kernels' memory. */
  histogram(): InKernelMemory<Float64Array> {
    return this.matrix.memory.float64(this.matrix.totalBins * 3);
  }

  /**
   * The root of a tree: computes every row's gradient and hessian from `raw` into `gh`
   * and the histogram over all rows into `hist`. Returns the totals [G, H].
   */
  root(hist: InKernelMemory<Float64Array>): [number, number] {
    const { matrix, rootCounts } = this;
    const kernels = matrix.memory.kernels;
    const n = matrix.rows;
    const middle = n >>> 1;
    const data = { raw: this.raw, y: this.y, w: this.w, gh: this.gh };
    this.start(Command.Root, middle, n, () => {
      this.half.fill(0, 0, matrix.totalBins * 3);
      const [g, h] = gradientsAndRoot(kernels, matrix, middle, n, data, this.half);
      this.sums[0] = g;
      this.sums[1] = h;
    });
    hist.fill(0, 0, matrix.totalBins * 3);
    const [firstGradient, firstHessian] = gradientsAndRoot(kernels, matrix, 0, middle, data, hist);
    this.finish();
    this.addHalf(hist);
    const sumGradient = firstGradient + this.sums[0]!;
    const sumHessian = firstHessian + this.sums[1]!;
    for (let b = 0; b < matrix.totalBins; b++) hist[3 * b + 2] = rootCounts[b]!;
    fillDefaultBins(matrix, hist, sumGradient, sumHessian, null);
    return [sumGradient, sumHessian];
  }

  /** Histogram over rows[start..end), into `hist`; the node totals are given. */
  node(
    hist: InKernelMemory<Float64Array>,
    start: number,
    end: number,
    sumGradient: number,
    sumHessian: number,
  ) {
    const { matrix, gh, rows } = this;
    const kernels = matrix.memory.kernels;
    const middle = start + ((end - start) >>> 1);
    this.start(Command.Rows, middle, end, () => {
      this.half.fill(0, 0, matrix.totalBins * 3);
      kernels.addListed(matrix, gh, this.half, rows, middle, end);
    });
    hist.fill(0, 0, matrix.totalBins * 3);
    kernels.addListed(matrix, gh, hist, rows, start, middle);
    this.finish();
    this.addHalf(hist);
    fillDefaultBins(matrix, hist, sumGradient, sumHessian, end - start);
  }

  /**
   * Stable partition of rows[start..end): rows whose bin of `feature` is <= `bin` come
   * first, each side in its old order. Returns where the right-hand rows begin.
   */
  partition(start: number, end: number, feature: number, bin: number): number {
    const { matrix, rows, scratch } = this;
    const column = feature * matrix.rows;
    if (this.worker === null || end - start < PARALLEL_PARTITION_ROWS) {
      const left = partitionRows(matrix.columns, column, bin, rows, start, end, scratch);
      rows.set(scratch.subarray(0, end - start - left), start + left);
      return start + left;
    }
    const middle = start + ((end - start) >>> 1);
    this.control[Slot.Column] = column;
    this.control[Slot.Bin] = bin;
    this.start(Command.Partition, middle, end, () => {});
    const firstLeft = partitionRows(matrix.columns, column, bin, rows, start, middle, scratch);
    this.finish();
    const secondLeft = this.control[Slot.LeftCount]!;
    // [first left | (stale) | second left | (stale)] -> first left, second left, first right, second right
    const firstRight = middle - start - firstLeft;
    rows.copyWithin(start + firstLeft, middle, middle + secondLeft);
    const rightStart = start + firstLeft + secondLeft;
    rows.set(scratch.subarray(0, firstRight), rightStart);
    rows.set(this.threadScratch.subarray(0, end - middle - secondLeft), rightStart + firstRight);
    return rightStart;
  }

  private startThread(): Worker {
    const { rowStart, entries, columns } = this.matrix;
    const data: TreeThreadData = {
      control: this.control,
      sums: this.sums,
      memory: this.matrix.memory.memory,
      // only the shared arrays: workerData is copied, except SharedArrayBuffers
      matrix: { rowStart, entries },
      columns,
      raw: this.raw,
      y: this.y,
      w: this.w,
      gh: this.gh,
      rows: this.rows,
      hist: this.half,
      scratch: this.threadScratch,
    };
    return startModuleThread(import.meta.url, './tree-thread', { workerData: data });
  }

  /** Stops the worker thread. */
  close(): void {
    if (this.worker === null) return;
    this.control[Slot.Command] = Command.Stop;
    Atomics.add(this.control, Slot.Sequence, 1);
    Atomics.notify(this.control, Slot.Sequence);
    void this.worker.terminate();
  }

  /** Starts the second half: on the worker, or right here without one. */
  private start(command: Command, start: number, end: number, inline: () => void): void {
    if (this.worker === null) {
      inline();
      return;
    }
    const control = this.control;
    control[Slot.Command] = command;
    control[Slot.Start] = start;
    control[Slot.End] = end;
    control[Slot.Length] = this.matrix.totalBins * 3;
    this.sequence++;
    Atomics.store(control, Slot.Sequence, this.sequence);
    Atomics.notify(control, Slot.Sequence);
  }

  /** Waits for the worker's half, if there is a worker. */
  private finish(): void {
    if (this.worker === null) return;
    for (;;) {
      const done = Atomics.load(this.control, Slot.Done);
      if (done === this.sequence) return;
      // returns at once when the worker finished between the load and the wait
      Atomics.wait(this.control, Slot.Done, done);
    }
  }

  /** Adds the second half's histogram to the first. */
  private addHalf(hist: Float64Array): void {
    const half = this.half;
    for (let k = 0, length = this.matrix.totalBins * 3; k < length; k++) hist[k]! += half[k]!;
  }
}
