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
  const present = presentValues(values);
  if (present.length === 0) {
    throw new RangeError('quantileCutPoints requires at least one non-missing value');
  }
  const quantiles = Array.from({ length: bins - 1 }, (_, i) => (i + 1) / bins);
  const ranks = new Set<number>();
  for (const p of quantiles) {
    const { lo, hi } = quantileRanks(present.length, p);
    ranks.add(lo).add(hi);
  }
  selectRanks(
    present,
    [...ranks].sort((a, b) => a - b),
  );
  const cuts: number[] = [];
  for (const p of quantiles) {
    const cut = quantileOfSelected(present, p);
    if (cuts.length === 0 || cut > cuts[cuts.length - 1]!) cuts.push(cut);
  }
  return cuts;
}

/**
 * A numeric distribution reduced to quantile bins: what a reference profile stores, so
 * PSI needs no training data at check time.
 */
export interface BinnedDistribution {
  /** Right-closed cut points, ascending: bins (-inf, c1], (c1, c2], ..., (c_last, +inf). */
  readonly cuts: readonly number[];
  /** Share of all values (missing ones included in the total) in each of the cuts.length + 1 bins. */
  readonly shares: readonly number[];
  /** Share of missing values (NaN). */
  readonly missingShare: number;
  readonly count: number;
}

/**
 * Quantile bins of `values` (NaN = missing) and the share of values in each.
 *
 * @example
 * binnedDistribution([1, 2, 3, 4], 2); // => { cuts: [2.5], shares: [0.5, 0.5], missingShare: 0, count: 4 }
 */
export function binnedDistribution(values: ArrayLike<number>, bins: number): BinnedDistribution {
  if (values.length === 0) throw new RangeError('binnedDistribution requires at least one value');
  const cuts = quantileCutPoints(values, bins);
  const { counts, missing } = countBins(values, cuts);
  return {
    cuts,
    shares: Array.from(counts, (count) => count / values.length),
    missingShare: missing / values.length,
    count: values.length,
  };
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
  if (reference.length === 0) throw new RangeError('psi requires at least one reference value');
  return psiAgainst(
    binnedDistribution(reference, options.bins ?? PSI_DEFAULT_BINS),
    current,
    options,
  );
}

/** PSI of `current` (NaN = missing) against a reference already reduced to bins. */
export function psiAgainst(
  reference: BinnedDistribution,
  current: ArrayLike<number>,
  options: Pick<PsiOptions, 'epsilon'> = {},
): PsiResult {
  const epsilon = options.epsilon ?? PSI_DEFAULT_EPSILON;
  if (!(epsilon > 0 && epsilon < 1)) {
    throw new RangeError(`psi requires 0 < epsilon < 1, got ${epsilon}`);
  }
  if (current.length === 0) throw new RangeError('psi requires at least one current value');
  const { cuts } = reference;
  if (reference.shares.length !== cuts.length + 1) {
    throw new RangeError(
      `psi requires cuts.length + 1 reference shares, got ${reference.shares.length} for ${cuts.length} cuts`,
    );
  }
  const cur = countBins(current, cuts);
  const withMissing = reference.missingShare > 0 || cur.missing > 0;
  const result: PsiBin[] = [];
  let total = 0;
  const binCount = cuts.length + 1 + (withMissing ? 1 : 0);
  for (let i = 0; i < binCount; i++) {
    const missingBin = i === cuts.length + 1;
    const refShare = missingBin ? reference.missingShare : reference.shares[i]!;
    const curShare = (missingBin ? cur.missing : cur.counts[i]!) / current.length;
    const contribution = psiTerm(refShare, curShare, epsilon);
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
    referenceCount: reference.count,
    currentCount: current.length,
    referenceMissing: Math.round(reference.missingShare * reference.count),
    currentMissing: cur.missing,
  };
}

/** One bin's term, (cur - ref) * ln(cur / ref), with `epsilon` in place of an empty share. */
export function psiTerm(referenceShare: number, currentShare: number, epsilon: number): number {
  const r = referenceShare > 0 ? referenceShare : epsilon;
  const c = currentShare > 0 ? currentShare : epsilon;
  return (c - r) * Math.log(c / r);
}

function presentValues(values: ArrayLike<number>): Float64Array {
  const present = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isNaN(value)) present[n++] = value;
  }
  return present.subarray(0, n);
}

/** The two ranks (0-based, of n sorted values) that quantile p interpolates between. */
function quantileRanks(n: number, p: number): { h: number; lo: number; hi: number } {
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  return { h, lo, hi: Math.min(lo + 1, n - 1) };
}

/** Quantile p (linear interpolation, as numpy's default) of values whose ranks are selected. */
function quantileOfSelected(values: Float64Array, p: number): number {
  const { h, lo, hi } = quantileRanks(values.length, p);
  return values[lo]! + (h - lo) * (values[hi]! - values[lo]!);
}

/**
 * Rearranges `values` so that each of `ranks` (ascending) holds the value a full sort would
 * put there: quickselect, recursing only into parts that hold a wanted rank. The cut points
 * need ~20 order statistics, which this finds without sorting every value (docs/benchmarks.md,
 * "Pipeline at scale").
 */
function selectRanks(values: Float64Array, ranks: readonly number[]): void {
  selectRange(values, 0, values.length - 1, ranks, 0, ranks.length - 1);
}

function selectRange(
  a: Float64Array,
  left: number,
  right: number,
  ranks: readonly number[],
  first: number,
  last: number,
): void {
  while (left < right && first <= last) {
    const pivot = medianOfThree(a[left]!, a[(left + right) >>> 1]!, a[right]!);
    // Three-way partition: many features are mostly zeros, and ties end up in the middle.
    let lt = left;
    let gt = right;
    let i = left;
    while (i <= gt) {
      const value = a[i]!;
      if (value < pivot) {
        a[i++] = a[lt]!;
        a[lt++] = value;
      } else if (value > pivot) {
        a[i] = a[gt]!;
        a[gt--] = value;
      } else i++;
    }
    // a[left..lt) < pivot, a[lt..gt] = pivot (final), a(gt..right] > pivot
    let below = first;
    while (below <= last && ranks[below]! < lt) below++;
    let above = last;
    while (above >= first && ranks[above]! > gt) above--;
    selectRange(a, left, lt - 1, ranks, first, below - 1);
    left = gt + 1;
    first = above + 1;
  }
}

function medianOfThree(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
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
