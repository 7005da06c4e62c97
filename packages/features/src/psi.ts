/**
 * Population stability index (PSI): how far a current distribution of one
 * numeric feature has moved from a reference (training) distribution.
 *
 * Bins come from the reference only: cut points are its quantiles at
 * i/bins (i = 1..bins-1, linear interpolation, numpy's default "type 7"),
 * duplicates removed, so a discrete feature gets fewer bins. Intervals are
 * right-closed: (-inf, c1], (c1, c2], ..., (c_last, +inf). Missing values
 * (NaN) form one extra bin when either side has any, so a change in
 * missingness counts as drift.
 *
 *   PSI = sum over bins of (cur_i - ref_i) * ln(cur_i / ref_i)
 *
 * where ref_i and cur_i are the shares of each side in bin i, and a share of
 * 0 is replaced by `epsilon` (default 1e-4) so an empty bin stays finite.
 * Usual reading: < 0.1 stable, 0.1-0.25 moderate shift, >= 0.25 major shift.
 *
 * Reference: Yurdakul, B. (2018), "Statistical Properties of Population
 * Stability Index", Western Michigan University.
 */

export interface PsiOptions {
  /** Number of quantile bins taken from the reference. Default 10. */
  readonly bins?: number;
  /** Share used in place of 0 for an empty bin. Default 1e-4. */
  readonly epsilon?: number;
}

export interface PsiBin {
  /** Exclusive lower bound (-Infinity for the first bin); NaN for the missing bin. */
  readonly lower: number;
  /** Inclusive upper bound (+Infinity for the last bin); NaN for the missing bin. */
  readonly upper: number;
  readonly referenceShare: number;
  readonly currentShare: number;
  /** This bin's term of the sum. */
  readonly contribution: number;
}

export interface PsiResult {
  readonly psi: number;
  readonly bins: readonly PsiBin[];
  readonly referenceCount: number;
  readonly currentCount: number;
  readonly referenceMissing: number;
  readonly currentMissing: number;
}

export const PSI_DEFAULT_BINS = 10;
export const PSI_DEFAULT_EPSILON = 1e-4;

/**
 * Quantile cut points of `values` at i/bins, i = 1..bins-1, without duplicates.
 * NaN values are ignored.
 *
 * @example
 * quantileCutPoints([1, 2, 3, 4, 5, 6, 7, 8], 4); // => [2.75, 4.5, 6.25]
 */
export function quantileCutPoints(values: ArrayLike<number>, bins: number): number[] {
  if (!Number.isInteger(bins) || bins < 2) {
    throw new RangeError(`quantileCutPoints requires an integer bins >= 2, got ${bins}`);
  }
  const sorted = sortedPresent(values);
  if (sorted.length === 0) {
    throw new RangeError('quantileCutPoints requires at least one non-missing value');
  }
  const cuts: number[] = [];
  for (let i = 1; i < bins; i++) {
    const cut = quantileOfSorted(sorted, i / bins);
    if (cuts.length === 0 || cut > cuts[cuts.length - 1]!) cuts.push(cut);
  }
  return cuts;
}

/**
 * PSI between `reference` and `current` (NaN = missing), bins from the reference.
 *
 * @example
 * psi([1, 2, 3, 4, 5, 6, 7, 8], [1, 1, 1, 1, 3, 5, 7, 8], { bins: 4 }).psi; // => 0.5 * Math.LN2
 */
export function psi(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  options: PsiOptions = {},
): PsiResult {
  const bins = options.bins ?? PSI_DEFAULT_BINS;
  const epsilon = options.epsilon ?? PSI_DEFAULT_EPSILON;
  if (!(epsilon > 0 && epsilon < 1)) {
    throw new RangeError(`psi requires 0 < epsilon < 1, got ${epsilon}`);
  }
  if (reference.length === 0) throw new RangeError('psi requires at least one reference value');
  if (current.length === 0) throw new RangeError('psi requires at least one current value');
  const cuts = quantileCutPoints(reference, bins);
  const ref = countBins(reference, cuts);
  const cur = countBins(current, cuts);
  const withMissing = ref.missing > 0 || cur.missing > 0;
  const result: PsiBin[] = [];
  let total = 0;
  const binCount = cuts.length + 1 + (withMissing ? 1 : 0);
  for (let i = 0; i < binCount; i++) {
    const missingBin = i === cuts.length + 1;
    const refShare = (missingBin ? ref.missing : ref.counts[i]!) / reference.length;
    const curShare = (missingBin ? cur.missing : cur.counts[i]!) / current.length;
    const r = refShare > 0 ? refShare : epsilon;
    const c = curShare > 0 ? curShare : epsilon;
    const contribution = (c - r) * Math.log(c / r);
    total += contribution;
    result.push({
      lower: missingBin ? Number.NaN : i === 0 ? Number.NEGATIVE_INFINITY : cuts[i - 1]!,
      upper: missingBin ? Number.NaN : i === cuts.length ? Number.POSITIVE_INFINITY : cuts[i]!,
      referenceShare: refShare,
      currentShare: curShare,
      contribution,
    });
  }
  return {
    psi: total,
    bins: result,
    referenceCount: reference.length,
    currentCount: current.length,
    referenceMissing: ref.missing,
    currentMissing: cur.missing,
  };
}

function sortedPresent(values: ArrayLike<number>): Float64Array {
  const present = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isNaN(value)) present[n++] = value;
  }
  return present.subarray(0, n).sort();
}

function quantileOfSorted(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** counts[j] = values in bin j, where bin j is the first cut >= value (right-closed). */
function countBins(values: ArrayLike<number>, cuts: readonly number[]) {
  const counts = new Float64Array(cuts.length + 1);
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (Number.isNaN(value)) {
      missing++;
      continue;
    }
    let lo = 0;
    let hi = cuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (value <= cuts[mid]!) hi = mid;
      else lo = mid + 1;
    }
    counts[lo] = counts[lo]! + 1;
  }
  return { counts, missing };
}
