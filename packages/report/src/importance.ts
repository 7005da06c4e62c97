import type { ModelParams } from '@churn/model';

export interface FeatureImportance {
  /**
   * `gain`: a gradient boosting model's split gain summed per feature, as a share of the
   * total (LightGBM's importance_type="gain", normalised). `standardised_coefficient`: a
   * logistic regression's change in log-odds per standard deviation of the feature.
   */
  readonly kind: 'gain' | 'standardised_coefficient';
  /** Largest magnitude first. */
  readonly features: ReadonlyArray<{ readonly name: string; readonly value: number }>;
}

/**
 * Feature importance from the trained parameters, or null for a gradient boosting model
 * whose trees carry no split gains (trained before they were kept).
 *
 * Logistic regression: numeric inputs are standardised before their weight applies, so the
 * weight is already per standard deviation. A category's weight applies to a 0/1 indicator;
 * it is scaled by that indicator's standard deviation sqrt(p(1 - p)), with p the category's
 * share of `categoryShares` (the training rows), the usual standardised coefficient of a
 * dummy variable. Without shares, categories are left out.
 */
export function featureImportance(
  params: ModelParams,
  categoryShares?: ReadonlyMap<string, ReadonlyMap<string, number>>,
): FeatureImportance | null {
  const byMagnitude = (a: { value: number }, b: { value: number }) =>
    Math.abs(b.value) - Math.abs(a.value);
  if (params.kind === 'logistic_regression') {
    const features = params.numeric.map((input) => ({ name: input.name, value: input.weight }));
    for (const input of params.categorical) {
      const shares = categoryShares?.get(input.name);
      if (!shares) continue;
      input.categories.forEach((category, k) => {
        const p = shares.get(category) ?? 0;
        features.push({
          name: `${input.name}=${category}`,
          value: input.weights[k]! * Math.sqrt(p * (1 - p)),
        });
      });
    }
    return { kind: 'standardised_coefficient', features: features.sort(byMagnitude) };
  }
  const gains = new Float64Array(params.featureOrder.length);
  for (const tree of params.trees) {
    if (!tree.gain) return null;
    for (let node = 0; node < tree.feature.length; node++) {
      const f = tree.feature[node]!;
      if (f >= 0) gains[f]! += tree.gain[node]!;
    }
  }
  const total = gains.reduce((sum, g) => sum + g, 0);
  const features = params.featureOrder.map((name, f) => ({
    name,
    value: total > 0 ? gains[f]! / total : 0,
  }));
  return { kind: 'gain', features: features.sort(byMagnitude) };
}

/**
 * Each category's share of the rows, per categorical column: the input of the standardised
 * coefficients of `featureImportance`.
 */
export function categoryShares(
  columns: ReadonlyMap<string, readonly string[]>,
): Map<string, Map<string, number>> {
  const result = new Map<string, Map<string, number>>();
  for (const [name, values] of columns) {
    const counts = new Map<string, number>();
    for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
    result.set(name, new Map([...counts].map(([category, n]) => [category, n / values.length])));
  }
  return result;
}
