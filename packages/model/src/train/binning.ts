/**
 * Feature binning for histogram gradient boosting. Each column gets up to
 * `maxBins - 1` strictly increasing float32 thresholds; the bin of x is the first
 * i with `x <= thresholds[i]` (else the last bin). A tree split "bin <= b" is then
 * exactly "x <= thresholds[b]", the comparison the ONNX TreeEnsemble makes.
 */

/** A float32 value strictly between a and b when there is one, else a (a < b, both float32). */
function separator(a: number, b: number): number {
  const mid = Math.fround((a + b) / 2);
  return mid >= a && mid < b ? mid : a;
}

/**
 * Thresholds of one float32 column: between every pair of neighbouring distinct
 * values when there are at most `maxBins` of them, else at count quantiles (as
 * scikit-learn: equal-frequency bins; heavy ties make fewer bins).
 *
 * @example
 * binThresholds(Float32Array.of(1, 2, 2, 3), 255); // => Float32Array [1.5, 2.5]
 */
export function binThresholds(values: Float32Array, maxBins: number): Float32Array {
  const few = fewDistinct(values, maxBins);
  if (few !== null) {
    const thresholds: number[] = [];
    for (let k = 0; k + 1 < few.length; k++) thresholds.push(separator(few[k]!, few[k + 1]!));
    return Float32Array.from(thresholds);
  }
  const sorted = values.slice().sort();
  const n = sorted.length;
  const thresholds: number[] = [];
  let target = 1;
  for (let i = 0; i + 1 < n && thresholds.length < maxBins - 1; i++) {
    // i is the last occurrence of its value when the next value differs
    if (sorted[i] === sorted[i + 1] || i + 1 < (target * n) / maxBins) continue;
    thresholds.push(separator(sorted[i]!, sorted[i + 1]!));
    while (target < maxBins && (target * n) / maxBins <= i + 1) target++;
  }
  return Float32Array.from(thresholds);
}

/** The sorted distinct values when there are at most `limit`, else null (one pass, no sort). */
function fewDistinct(values: Float32Array, limit: number): Float64Array | null {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    seen.add(values[i]!);
    if (seen.size > limit) return null;
  }
  return Float64Array.from(seen).sort();
}

/** Bin code of one value: the first i with x <= thresholds[i], else thresholds.length. */
export function binOf(x: number, thresholds: Float32Array): number {
  let lo = 0;
  let hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x <= thresholds[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Writes the bin codes of `values` into `out` from `offset` on. */
export function binColumn(
  values: Float32Array,
  thresholds: Float32Array,
  out: Uint8Array,
  offset: number,
): void {
  for (let i = 0; i < values.length; i++) out[offset + i] = binOf(values[i]!, thresholds);
}
