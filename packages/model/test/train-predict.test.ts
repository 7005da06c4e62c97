import { describe, expect, it } from 'vitest';
import type { GradientBoostingParams, LogisticRegressionParams } from '../src/index.js';
import {
  predictProba,
  predictProbaOnThreads,
  sigmoid,
  trainGradientBoosting,
} from '../src/train/index.js';
import { codeOf, columnsOf, makeFrame, rng } from './train-fixtures.js';

const TOLERANCE = 1e-12;

/** One stump on `x` (left -1, right +1) plus one on the category code (left -2, right +2). */
const TREES: GradientBoostingParams = {
  kind: 'gradient_boosting',
  numeric: [{ name: 'x', impute: 0 }],
  categorical: [{ name: 'plan', categories: ['free', 'paid'] }],
  featureOrder: ['plan', 'x'],
  baseScore: 0.25,
  trees: [
    {
      feature: Int32Array.of(1, -1, -1),
      threshold: Float32Array.of(Math.fround(0.1), 0, 0),
      left: Int32Array.of(1, -1, -1),
      right: Int32Array.of(2, -1, -1),
      value: Float64Array.of(0, -1, 1),
    },
    {
      feature: Int32Array.of(0, -1, -1),
      threshold: Float32Array.of(0.5, 0, 0),
      left: Int32Array.of(1, -1, -1),
      right: Int32Array.of(2, -1, -1),
      value: Float64Array.of(0, -2, 2),
    },
  ],
};

describe('predictProba, gradient boosting', () => {
  it('goes left on equality after rounding the input to float32', () => {
    const t = Math.fround(0.1);
    const justAbove = 0.10000000149011613; // > t as a double, === t as a float32
    expect(justAbove).toBeGreaterThan(t);
    expect(Math.fround(justAbove)).toBe(t);
    const p = predictProba(
      TREES,
      makeFrame({
        numeric: { x: [t, justAbove, 0.2] },
        categorical: { plan: ['paid', 'paid', 'paid'] },
      }),
    );
    expect(p[0]!).toBeCloseTo(sigmoid(0.25 - 1 + 2), 12);
    expect(p[1]!).toBeCloseTo(sigmoid(0.25 - 1 + 2), 12);
    expect(p[2]!).toBeCloseTo(sigmoid(0.25 + 1 + 2), 12);
  });

  it('imputes a missing numeric and sends an unknown category to code -1 (left)', () => {
    const p = predictProba(
      TREES,
      makeFrame({
        numeric: { x: [Number.NaN, Number.NaN] },
        categorical: { plan: ['free', 'enterprise'] },
      }),
    );
    // NaN -> 0 <= 0.1: left; 'free' is code 0 <= 0.5: left; 'enterprise' is -1: left
    expect(Math.abs(p[0]! - sigmoid(0.25 - 1 - 2))).toBeLessThan(TOLERANCE);
    expect(Math.abs(p[1]! - sigmoid(0.25 - 1 - 2))).toBeLessThan(TOLERANCE);
    const imputed = predictProba(
      { ...TREES, numeric: [{ name: 'x', impute: 5 }] },
      makeFrame({ numeric: { x: [Number.NaN] }, categorical: { plan: ['free'] } }),
    );
    expect(Math.abs(imputed[0]! - sigmoid(0.25 + 1 - 2))).toBeLessThan(TOLERANCE);
  });

  it('refuses a frame without a model column', () => {
    expect(codeOf(() => predictProba(TREES, makeFrame({ numeric: { x: [1] } })))).toBe(
      'CHURN_ERR_TRAIN_MISSING_COLUMN',
    );
  });
});

describe('predictProbaOnThreads', () => {
  it('gives exactly the numbers of predictProba on a frame large enough for two threads', async () => {
    const random = rng(11);
    const rows = 60_001;
    const x1 = Array.from({ length: rows }, () => random());
    const x2 = x1.map(() => Math.round(random() * 6));
    const plan = x1.map(() => (random() < 0.3 ? 'paid' : 'free'));
    const spec = {
      numeric: { x1, x2 },
      categorical: { plan },
      label: x1.map((v, i) => (random() < v * (x2[i]! / 6) ? 1 : 0)),
    };
    const frame = makeFrame(spec);
    const { params } = trainGradientBoosting(frame, columnsOf(spec), {
      learningRate: 0.1,
      maxIter: 20,
      maxDepth: 4,
      maxLeafNodes: 15,
      minSamplesLeaf: 20,
      l2Regularization: 0,
      maxBins: 255,
      imbalanceStrategy: 'none',
    });
    const threaded = await predictProbaOnThreads(params, frame);
    expect(threaded).toEqual(predictProba(params, frame));
    expect(threaded.buffer).toBeInstanceOf(ArrayBuffer);
  });
});

describe('predictProba, logistic regression', () => {
  const LINEAR: LogisticRegressionParams = {
    kind: 'logistic_regression',
    numeric: [{ name: 'x', impute: 1, mean: 2, scale: 4, weight: 0.5 }],
    categorical: [{ name: 'plan', categories: ['free', 'paid'], weights: [-0.3, 0.7] }],
    intercept: 0.1,
  };

  it('standardises, imputes, and gives an unknown category 0', () => {
    const p = predictProba(
      LINEAR,
      makeFrame({
        numeric: { x: [6, Number.NaN, 0.1] },
        categorical: { plan: ['paid', 'free', 'enterprise'] },
      }),
    );
    expect(Math.abs(p[0]! - sigmoid(0.1 + 0.5 * 1 + 0.7))).toBeLessThan(TOLERANCE);
    expect(Math.abs(p[1]! - sigmoid(0.1 + 0.5 * -0.25 - 0.3))).toBeLessThan(TOLERANCE);
    // 0.1 arrives as float32, as in the ONNX graph
    const z = (Math.fround(0.1) - 2) / 4;
    expect(Math.abs(p[2]! - sigmoid(0.1 + 0.5 * z))).toBeLessThan(TOLERANCE);
  });

  it('refuses weights that do not match the vocabulary', () => {
    const broken = {
      ...LINEAR,
      categorical: [{ name: 'plan', categories: ['free'], weights: [1, 2] }],
    };
    expect(
      codeOf(() =>
        predictProba(broken, makeFrame({ numeric: { x: [1] }, categorical: { plan: ['free'] } })),
      ),
    ).toBe('CHURN_ERR_INVALID_PARAMS');
  });
});
