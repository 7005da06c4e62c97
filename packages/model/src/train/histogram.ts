import { TrainError } from './errors.js';
import {
  type HistogramKernels,
  type InKernelMemory,
  KernelMemory,
  type KernelRows,
} from './kernel-memory.js';

/**
 * Gradient histograms: for every feature and bin, the sums of gradients and
 * hessians and the row count, interleaved as [g, h, count] per bin in one
 * Float64Array (`totalBins * 3` numbers, each feature's bins from `offsets[f]`).
 *
 * Most features sit in one bin for most rows (no payment, no ticket, zero
 * minutes): about 25 of 47 values a row differ from their feature's most common
 * bin on the default data. So each row keeps only its non-default bins (CSR), the
 * loops add those, and a default bin's sums are the node's totals minus its
 * feature's other bins. That halves the work of the hot loop, which runs in
 * WebAssembly (histogram-kernels.wat) on arrays in the matrix's `KernelMemory`.
 */

/** Training matrix binned for histograms (sparse, by row) and for partitions (dense, by column). */
export interface BinnedMatrix extends KernelRows {
  readonly rows: number;
  readonly features: number;
  /** Column-major bins: the bin of row i in feature f is columns[f * rows + i]. */
  readonly columns: Uint8Array;
  /** Bins of each feature (1 + its threshold count). */
  readonly bins: Int32Array;
  /** First bin of each feature inside a histogram; histograms hold `totalBins` bins. */
  readonly offsets: Int32Array;
  readonly totalBins: number;
  /** Each feature's most common bin (global index: offsets[f] + bin). */
  readonly defaultBins: Int32Array;
  /**
   * Row i's non-default bins, as global bin indices (offsets[f] + bin), are
   * entries[rowStart[i] .. rowStart[i + 1]).
   */
  readonly rowStart: InKernelMemory<Int32Array>;
  readonly entries: InKernelMemory<Uint16Array>;
  /** Where `rowStart`, `entries` and every histogram of the fit live. */
  readonly memory: KernelMemory;
}

/** Global bins a matrix may have: an entry is a 16-bit bin index. */
export const MAX_TOTAL_BINS = 65_536;

/**
 * Builds the sparse row view of column-major bins, in a new `KernelMemory` (shared by
 * both tree threads). At most MAX_TOTAL_BINS bins in all (256 features of 256 bins).
 */
export function binnedMatrix(rows: number, columns: Uint8Array, bins: Int32Array): BinnedMatrix {
  const features = bins.length;
  const offsets = new Int32Array(features);
  let totalBins = 0;
  for (let f = 0; f < features; f++) {
    offsets[f] = totalBins;
    totalBins += bins[f]!;
  }
  if (totalBins > MAX_TOTAL_BINS) {
    throw new TrainError(
      'CHURN_ERR_TRAIN_INVALID_OPTION',
      `gradient boosting takes at most ${MAX_TOTAL_BINS} bins in all, got ${totalBins} (${features} features): lower max_bins or the feature count`,
    );
  }
  const memory = new KernelMemory();
  const defaultBins = new Int32Array(features);
  const rowStart = memory.int32(rows + 1);
  for (let f = 0; f < features; f++) {
    const counts = new Int32Array(bins[f]!);
    for (let i = 0; i < rows; i++) counts[columns[f * rows + i]!]! += 1;
    let best = 0;
    for (let b = 1; b < counts.length; b++) if (counts[b]! > counts[best]!) best = b;
    defaultBins[f] = best;
    for (let i = 0; i < rows; i++) if (columns[f * rows + i] !== best) rowStart[i + 1]! += 1;
  }
  for (let i = 0; i < rows; i++) rowStart[i + 1]! += rowStart[i]!;
  const entries = memory.uint16(rowStart[rows]!);
  const cursor = rowStart.slice(0, rows);
  for (let f = 0; f < features; f++) {
    const column = f * rows;
    for (let i = 0; i < rows; i++) {
      const bin = columns[column + i]!;
      if (bin !== defaultBins[f]) entries[cursor[i]!++] = offsets[f]! + bin;
    }
  }
  return {
    rows,
    features,
    columns,
    bins,
    offsets,
    totalBins,
    defaultBins,
    rowStart,
    entries,
    memory,
  };
}

/** Row counts per bin over all rows: the root's counts, the same for every tree. */
export function countBins(matrix: BinnedMatrix): Float64Array {
  const { rows, features, columns, offsets } = matrix;
  const counts = new Float64Array(matrix.totalBins);
  for (let f = 0; f < features; f++) {
    for (let i = 0; i < rows; i++) counts[offsets[f]! + columns[f * rows + i]!]! += 1;
  }
  return counts;
}

/**
 * Sets each feature's default bin to the node totals minus the feature's other bins.
 * Counts too, unless `count` is null (the root's counts are set beforehand).
 */
export function fillDefaultBins(
  matrix: BinnedMatrix,
  hist: Float64Array,
  sumGradient: number,
  sumHessian: number,
  count: number | null,
): void {
  const { features, bins, offsets, defaultBins } = matrix;
  for (let f = 0; f < features; f++) {
    const first = offsets[f]!;
    const target = (first + defaultBins[f]!) * 3;
    let g = 0;
    let h = 0;
    let c = 0;
    for (let k = first * 3, end = (first + bins[f]!) * 3; k < end; k += 3) {
      if (k === target) continue;
      g += hist[k]!;
      h += hist[k + 1]!;
      c += hist[k + 2]!;
    }
    hist[target] = sumGradient - g;
    hist[target + 1] = sumHessian - h;
    if (count !== null) hist[target + 2] = count - c;
  }
}

/**
 * The root pass of rows start..end-1 (all rows, in order): computes the weighted
 * log-loss gradient g = w (p - y) and hessian h = w p (1 - p) of each row from its
 * raw score into `gh` ([g0, h0, g1, h1, ...]), adds them into `hist` (non-default bins
 * only, no counts: the root's are the same for every tree) and returns [G, H].
 * The tree thread runs the same function on its half.
 */
export function gradientsAndRoot(
  kernels: HistogramKernels,
  matrix: KernelRows,
  start: number,
  end: number,
  data: { raw: Float64Array; y: Uint8Array; w: Float64Array; gh: InKernelMemory<Float64Array> },
  hist: InKernelMemory<Float64Array>,
): [number, number] {
  const { raw, y, w, gh } = data;
  let sumGradient = 0;
  let sumHessian = 0;
  for (let i = start; i < end; i++) {
    // exp(-raw) may overflow to Infinity, which still gives p = 0: no NaN, no branch
    const p = 1 / (1 + Math.exp(-raw[i]!));
    const g = w[i]! * (p - y[i]!);
    const h = w[i]! * p * (1 - p);
    gh[2 * i] = g;
    gh[2 * i + 1] = h;
    sumGradient += g;
    sumHessian += h;
  }
  kernels.addRange(matrix, gh, hist, start, end);
  return [sumGradient, sumHessian];
}

/** The subtraction trick: sibling = parent - child, in place of the parent's histogram. */
export function subtractHistogram(parent: Float64Array, child: Float64Array, length: number): void {
  for (let k = 0; k < length; k++) parent[k]! -= child[k]!;
}
