import type { GradientBoostingParams } from '@churn/model';
import { describe, expect, it } from 'vitest';
import { categoryShares, featureImportance } from '../src/index.js';
import { sampleLogisticParams } from '../src/sample.js';

const stump = (feature: number, gain: number | undefined) => ({
  feature: Int32Array.from([feature, -1, -1]),
  threshold: Float32Array.from([0.5, 0, 0]),
  left: Int32Array.from([1, -1, -1]),
  right: Int32Array.from([2, -1, -1]),
  value: Float64Array.from([0, -0.1, 0.1]),
  ...(gain === undefined ? {} : { gain: Float64Array.from([gain, 0, 0]) }),
});

const boosted = (gains: Array<[number, number | undefined]>): GradientBoostingParams => ({
  kind: 'gradient_boosting',
  numeric: [
    { name: 'a', impute: 0 },
    { name: 'b', impute: 0 },
  ],
  categorical: [{ name: 'plan', categories: ['x', 'y'] }],
  featureOrder: ['a', 'b', 'plan'],
  baseScore: 0,
  trees: gains.map(([f, g]) => stump(f, g)),
});

describe('featureImportance', () => {
  it('sums split gain per feature over the trees, as shares, largest first', () => {
    const importance = featureImportance(
      boosted([
        [0, 30],
        [1, 10],
        [0, 30],
        [2, 30],
      ]),
    );
    expect(importance).toEqual({
      kind: 'gain',
      features: [
        { name: 'a', value: 0.6 },
        { name: 'plan', value: 0.3 },
        { name: 'b', value: 0.1 },
      ],
    });
  });

  it('is null for trees without gains (a model trained before they were kept)', () => {
    expect(featureImportance(boosted([[0, undefined]]))).toBeNull();
  });

  it('gives a logistic regression its coefficients per standard deviation, categories scaled by sqrt(p(1-p))', () => {
    const params = sampleLogisticParams();
    const shares = categoryShares(new Map([['plan', ['basic', 'basic', 'basic', 'pro']]]));
    const importance = featureImportance(params, shares)!;
    expect(importance.kind).toBe('standardised_coefficient');
    const byName = new Map(importance.features.map((f) => [f.name, f.value]));
    expect(byName.get(params.numeric[0]!.name)).toBe(params.numeric[0]!.weight);
    // basic: p = 0.75, sd = sqrt(0.1875); pro: p = 0.25, same sd
    expect(byName.get('plan=basic')).toBeCloseTo(0.4 * Math.sqrt(0.1875), 12);
    expect(byName.get('plan=pro')).toBeCloseTo(-0.3 * Math.sqrt(0.1875), 12);
    const magnitudes = importance.features.map((f) => Math.abs(f.value));
    expect(magnitudes).toEqual([...magnitudes].sort((a, b) => b - a));
  });
});
