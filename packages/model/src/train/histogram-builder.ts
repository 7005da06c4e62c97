import type { Worker } from 'node:worker_threads';
import { startModuleThread } from '@churn/io/thread';
import {
  accumulateRows,
  type BinnedMatrix,
  countBins,
  fillDefaultBins,
  gradientsAndRoot,
} from './histogram.js';
import {
  HistogramCommand as Command,
  HISTOGRAM_CONTROL_SLOTS,
  type HistogramThreadData,
  HistogramControl as Slot,
} from './histogram-protocol.js';

/**
 * Builds node histograms as the sum of two halves of the node's rows, always in the
 * same order: first half + second half. With two threads a worker adds the second
 * half while the main thread adds the first; with one thread the main thread adds
 * both. The arithmetic is the same either way, so the trees do not depend on the
 * thread count.
 */
export class HistogramBuilder {
  /** Raw scores (log-odds) of the training rows, in shared memory; the caller updates them. */
  readonly raw: Float64Array;
  /** Interleaved gradients and hessians in shared memory: [g0, h0, g1, h1, ...]. */
  readonly gh: Float64Array;
  private readonly y: Uint8Array;
  private readonly w: Float64Array;
  private readonly sums = new Float64Array(new SharedArrayBuffer(16));
  /** The row partition of the tree being grown, in shared memory. */
  readonly rows: Int32Array;
  private readonly half: Float64Array;
  private readonly rootCounts: Float64Array;
  private readonly control = new Int32Array(new SharedArrayBuffer(HISTOGRAM_CONTROL_SLOTS * 4));
  private readonly worker: Worker | null;
  private sequence = 0;

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
    this.gh = new Float64Array(new SharedArrayBuffer(16 * n));
    this.rows = new Int32Array(new SharedArrayBuffer(4 * n));
    this.half = new Float64Array(new SharedArrayBuffer(24 * matrix.totalBins));
    this.rootCounts = countBins(matrix);
    this.worker = threads > 1 ? this.startThread() : null;
    this.worker?.unref();
  }

  /**
   * The root of a tree: computes every row's gradient and hessian from `raw` into `gh`
   * and the histogram over all rows into `hist`. Returns the totals [G, H].
   */
  root(hist: Float64Array): [number, number] {
    const { matrix, rootCounts } = this;
    const n = matrix.rows;
    const middle = n >>> 1;
    const data = { raw: this.raw, y: this.y, w: this.w, gh: this.gh };
    this.split(Command.Root, middle, n, () => {
      const [g, h] = gradientsAndRoot(matrix, middle, n, data, this.half);
      this.sums[0] = g;
      this.sums[1] = h;
    });
    hist.fill(0, 0, matrix.totalBins * 3);
    const [firstGradient, firstHessian] = gradientsAndRoot(matrix, 0, middle, data, hist);
    this.join(hist);
    const sumGradient = firstGradient + this.sums[0]!;
    const sumHessian = firstHessian + this.sums[1]!;
    for (let b = 0; b < matrix.totalBins; b++) hist[3 * b + 2] = rootCounts[b]!;
    fillDefaultBins(matrix, hist, sumGradient, sumHessian, null);
    return [sumGradient, sumHessian];
  }

  /** Histogram over rows[start..end), into `hist`; the node totals are given. */
  node(hist: Float64Array, start: number, end: number, sumGradient: number, sumHessian: number) {
    const { matrix, gh, rows } = this;
    const middle = start + ((end - start) >>> 1);
    this.split(Command.Rows, middle, end, () =>
      accumulateRows(matrix, rows, middle, end, gh, this.half),
    );
    hist.fill(0, 0, matrix.totalBins * 3);
    accumulateRows(matrix, rows, start, middle, gh, hist);
    this.join(hist);
    fillDefaultBins(matrix, hist, sumGradient, sumHessian, end - start);
  }

  private startThread(): Worker {
    const { rowStart, entries } = this.matrix;
    const data: HistogramThreadData = {
      control: this.control,
      sums: this.sums,
      // only the shared arrays: workerData is copied, except SharedArrayBuffers
      matrix: { rowStart, entries },
      raw: this.raw,
      y: this.y,
      w: this.w,
      gh: this.gh,
      rows: this.rows,
      hist: this.half,
    };
    return startModuleThread(import.meta.url, './histogram-thread', { workerData: data });
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
  private split(command: Command, start: number, end: number, inline: () => void): void {
    if (this.worker === null) {
      this.half.fill(0, 0, this.matrix.totalBins * 3);
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

  /** Waits for the second half and adds it to the first. */
  private join(hist: Float64Array): void {
    if (this.worker !== null) {
      for (;;) {
        const done = Atomics.load(this.control, Slot.Done);
        if (done === this.sequence) break;
        // returns at once when the worker finished between the load and the wait
        Atomics.wait(this.control, Slot.Done, done);
      }
    }
    const half = this.half;
    for (let k = 0, length = this.matrix.totalBins * 3; k < length; k++) hist[k]! += half[k]!;
  }
}
