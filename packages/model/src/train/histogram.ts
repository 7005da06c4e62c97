/**
 * Gradient histograms: for every feature and bin, the sums of gradients and
 * hessians and the row count, interleaved as [g, h, count] per bin in one
 * Float64Array so a bin's three sums share a cache line.
 */

/** Binned training matrix, column-major: the bin of row i in feature f is codes[f * rows + i]. */
export interface BinnedMatrix {
  readonly rows: number;
  readonly features: number;
  readonly codes: Uint8Array;
  /** Bins of each feature (1 + its threshold count). */
  readonly bins: Int32Array;
  /** First bin of each feature inside a histogram; histograms hold `totalBins` bins. */
  readonly offsets: Int32Array;
  readonly totalBins: number;
}

/** Histogram over all rows, in row order 0..n-1 (the root of every tree). */
export function buildRootHistogram(
  matrix: BinnedMatrix,
  gradient: Float64Array,
  hessian: Float64Array,
  hist: Float64Array,
): void {
  const { rows: n, features, codes, offsets } = matrix;
  hist.fill(0, 0, matrix.totalBins * 3);
  for (let f = 0; f < features; f++) {
    const column = f * n;
    const base = offsets[f]! * 3;
    for (let i = 0; i < n; i++) {
      const k = base + codes[column + i]! * 3;
      hist[k]! += gradient[i]!;
      hist[k + 1]! += hessian[i]!;
      hist[k + 2]! += 1;
    }
  }
}

/**
 * Histogram over rows[start..end). Gradients are gathered into contiguous arrays
 * once, so the per-feature loops read them sequentially.
 */
export function buildHistogram(
  matrix: BinnedMatrix,
  rows: Int32Array,
  start: number,
  end: number,
  gradient: Float64Array,
  hessian: Float64Array,
  orderedGradient: Float64Array,
  orderedHessian: Float64Array,
  hist: Float64Array,
): void {
  const { rows: n, features, codes, offsets } = matrix;
  const m = end - start;
  for (let j = 0; j < m; j++) {
    const row = rows[start + j]!;
    orderedGradient[j] = gradient[row]!;
    orderedHessian[j] = hessian[row]!;
  }
  hist.fill(0, 0, matrix.totalBins * 3);
  for (let f = 0; f < features; f++) {
    const column = f * n;
    const base = offsets[f]! * 3;
    for (let j = 0; j < m; j++) {
      const k = base + codes[column + rows[start + j]!]! * 3;
      hist[k]! += orderedGradient[j]!;
      hist[k + 1]! += orderedHessian[j]!;
      hist[k + 2]! += 1;
    }
  }
}

/** The subtraction trick: sibling = parent - child, in place of the parent's histogram. */
export function subtractHistogram(parent: Float64Array, child: Float64Array, length: number): void {
  for (let k = 0; k < length; k++) parent[k]! -= child[k]!;
}
