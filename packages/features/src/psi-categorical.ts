import { PSI_DEFAULT_EPSILON, psiTerm } from './psi.js';

/** Shares of each category: what a reference profile stores for a categorical feature. */
export interface CategoryDistribution {
  /** Category -> share of the values; the shares sum to 1. */
  readonly shares: Readonly<Record<string, number>>;
  readonly count: number;
}

export interface CategoryPsiTerm {
  readonly category: string;
  readonly referenceShare: number;
  readonly currentShare: number;
  readonly contribution: number;
}

export interface CategoricalPsiResult {
  readonly psi: number;
  /** Reference categories first (in their order), then categories only the current side has. */
  readonly categories: readonly CategoryPsiTerm[];
  readonly referenceCount: number;
  readonly currentCount: number;
}

/**
 * Shares of each distinct value, categories sorted.
 *
 * @example
 * categoryDistribution(['a', 'b', 'a', 'a']).shares; // => { a: 0.75, b: 0.25 }
 */
export function categoryDistribution(values: readonly string[]): CategoryDistribution {
  if (values.length === 0) throw new RangeError('categoryDistribution requires at least one value');
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  const shares: Record<string, number> = {};
  for (const category of [...counts.keys()].sort()) {
    shares[category] = counts.get(category)! / values.length;
  }
  return { shares, count: values.length };
}

/**
 * PSI of a categorical feature: one bin per category of either side, with the numeric
 * PSI's epsilon for a category one side lacks (so a new category counts as drift).
 *
 * @example
 * categoricalPsi({ shares: { a: 0.5, b: 0.5 }, count: 2 }, ['a', 'a', 'a', 'b']).psi; // => 0.25 * Math.log(3)
 */
export function categoricalPsi(
  reference: CategoryDistribution,
  current: readonly string[],
  options: { readonly epsilon?: number } = {},
): CategoricalPsiResult {
  const epsilon = options.epsilon ?? PSI_DEFAULT_EPSILON;
  if (!(epsilon > 0 && epsilon < 1)) {
    throw new RangeError(`categoricalPsi requires 0 < epsilon < 1, got ${epsilon}`);
  }
  if (current.length === 0) {
    throw new RangeError('categoricalPsi requires at least one current value');
  }
  const currentShares = categoryDistribution(current).shares;
  const names = [
    ...Object.keys(reference.shares),
    ...Object.keys(currentShares).filter((name) => !(name in reference.shares)),
  ];
  let total = 0;
  const categories = names.map((category): CategoryPsiTerm => {
    const referenceShare = reference.shares[category] ?? 0;
    const currentShare = currentShares[category] ?? 0;
    const contribution = psiTerm(referenceShare, currentShare, epsilon);
    total += contribution;
    return { category, referenceShare, currentShare, contribution };
  });
  return {
    psi: total,
    categories,
    referenceCount: reference.count,
    currentCount: current.length,
  };
}
