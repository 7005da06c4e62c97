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
  const sorted = values.slice().sort();
  const n = sorted.length;
  const distinct: number[] = [];
  const ends: number[] = []; // index after the last occurrence of each distinct value
  for (let i = 0; i < n; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
    ends[distinct.length - 1] = i + 1;
  }
  const thresholds: number[] = [];
  if (distinct.length <= maxBins) {
    for (let k = 0; k + 1 < distinct.length; k++) {
      thresholds.push(separator(distinct[k]!, distinct[k + 1]!));
    }
  } else {
    let target = 1;
    for (let k = 0; k + 1 < distinct.length && thresholds.length < maxBins - 1; k++) {
      if (ends[k]! >= (target * n) / maxBins) {
        thresholds.push(separator(distinct[k]!, distinct[k + 1]!));
        while (target < maxBins && (target * n) / maxBins <= ends[k]!) target++;
      }
    }
  }
  return Float32Array.from(thresholds);
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
