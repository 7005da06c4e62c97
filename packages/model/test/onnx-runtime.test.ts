import { describe, expect, it } from 'vitest';
import { type GradientBoostingParams, ModelErrorCodes, type ModelParams } from '../src/index.js';
import { buildOnnxModel, onnxGraphOf } from '../src/onnx/index.js';
import {
  edgeRows,
  gbParams,
  lrParams,
  maxAbsDiff,
  random,
  randomRows,
  referenceProbability,
  runOnnx,
} from './onnx-fixtures.js';

// Probabilities from onnxruntime (float32) against a float64 TypeScript evaluation.
const TOLERANCE = 1e-5;

describe.each([
  ['logistic regression', lrParams],
  ['gradient boosting', gbParams],
])('%s in onnxruntime-node', (_label, params) => {
  it('matches the TypeScript evaluation on edge rows (NaN, unknown categories, thresholds)', async () => {
    const actual = await runOnnx(buildOnnxModel(params), params, edgeRows);
    const expected = edgeRows.map((row) => referenceProbability(params, row));
    expect(maxAbsDiff(actual, expected)).toBeLessThan(TOLERANCE);
  });

  it('matches the TypeScript evaluation on 2000 random rows', async () => {
    const rows = randomRows(2000, 7);
    const actual = await runOnnx(buildOnnxModel(params), params, rows);
    expect(
      maxAbsDiff(
        actual,
        rows.map((row) => referenceProbability(params, row)),
      ),
    ).toBeLessThan(TOLERANCE);
  });

  it('uses only ir_version 8 and the standard domains', () => {
    const model = onnxGraphOf(params);
    expect(model.irVersion).toBe(8);
    expect(model.opsets).toEqual([
      { domain: '', version: 17 },
      { domain: 'ai.onnx.ml', version: 3 },
    ]);
    expect(new Set(model.graph.nodes.map((node) => node.domain))).toEqual(
      new Set(['', 'ai.onnx.ml']),
    );
    expect(model.graph.outputs.map((output) => output.name)).toEqual(['churn_probability']);
  });
});

describe('tree semantics', () => {
  it('goes left exactly at the threshold and right one float32 step above it', async () => {
    const rows = edgeRows.slice(1, 3);
    const [atThreshold, above] = await runOnnx(buildOnnxModel(gbParams), gbParams, rows);
    // Tree 0: events_7d 2.5 <= 2.5 goes to node 1 (paid: +0.7), just above goes to node 2 (-0.4).
    // Tree 1: country US (code 1) > -0.5; days 29.5 <= 29.5 gives -0.2, above gives +0.25.
    const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
    expect(atThreshold).toBeCloseTo(sigmoid(-0.6 + 0.7 - 0.2 + 0.05), 6);
    expect(above).toBeCloseTo(sigmoid(-0.6 - 0.4 + 0.25 + 0.05), 6);
  });

  it('scores a larger random ensemble like the reference', async () => {
    const next = random(99);
    const trees = Array.from({ length: 60 }, () => randomTree(next, gbParams.featureOrder.length));
    const params: GradientBoostingParams = { ...gbParams, trees };
    const rows = randomRows(3000, 11);
    const actual = await runOnnx(buildOnnxModel(params), params, rows);
    expect(
      maxAbsDiff(
        actual,
        rows.map((row) => referenceProbability(params, row)),
      ),
    ).toBeLessThan(TOLERANCE);
  });
});

describe('small shapes', () => {
  it.each([
    ['logistic regression without numerics', { ...lrParams, numeric: [] }],
    [
      'logistic regression with one numeric only',
      { ...lrParams, categorical: [], numeric: lrParams.numeric.slice(0, 1) },
    ],
    [
      'gradient boosting on one column',
      {
        ...gbParams,
        numeric: [],
        categorical: gbParams.categorical.slice(0, 1),
        featureOrder: ['plan'],
        trees: [
          { ...gbParams.trees[2]! },
          {
            ...gbParams.trees[0]!,
            feature: Int32Array.from([0, 0, -1, -1, -1]),
            left: Int32Array.from([1, 3, -1, -1, -1]),
            right: Int32Array.from([2, 4, -1, -1, -1]),
          },
        ],
      },
    ],
  ])('%s matches the reference', async (_label, params) => {
    const typed = params as ModelParams;
    const actual = await runOnnx(buildOnnxModel(typed), typed, edgeRows);
    expect(
      maxAbsDiff(
        actual,
        edgeRows.map((row) => referenceProbability(typed, row)),
      ),
    ).toBeLessThan(TOLERANCE);
  });
});

describe('parameter checks', () => {
  const codeOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return (error as { code?: string }).code;
    }
    return undefined;
  };

  it.each([
    [
      'a weight count that differs from the vocabulary',
      { ...lrParams, categorical: [{ name: 'plan', categories: ['a', 'b'], weights: [1] }] },
    ],
    [
      'a zero scale',
      { ...lrParams, numeric: [{ name: 'x', impute: 0, mean: 0, scale: 0, weight: 1 }] },
    ],
    ['a non-finite intercept', { ...lrParams, intercept: Number.NaN }],
    [
      'duplicate feature names',
      { ...lrParams, numeric: [...lrParams.numeric, lrParams.numeric[0]!] },
    ],
    [
      'a reserved name',
      { ...lrParams, numeric: [{ name: '__x', impute: 0, mean: 0, scale: 1, weight: 1 }] },
    ],
    [
      'a featureOrder missing an input',
      { ...gbParams, featureOrder: gbParams.featureOrder.slice(1) },
    ],
    ['no trees', { ...gbParams, trees: [] }],
    [
      'a child out of range',
      {
        ...gbParams,
        trees: [{ ...gbParams.trees[0]!, left: Int32Array.from([9, -1, -1, -1, -1]) }],
      },
    ],
  ])('refuses %s', (_label, params) => {
    expect(codeOf(() => buildOnnxModel(params as GradientBoostingParams))).toBe(
      ModelErrorCodes.CHURN_ERR_MODEL_PARAMS_INVALID,
    );
  });
});

function randomTree(next: () => number, features: number) {
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const grow = (depth: number): number => {
    const id = feature.length;
    feature.push(-1);
    threshold.push(0);
    left.push(-1);
    right.push(-1);
    value.push(0);
    if (depth === 0 || next() < 0.2) {
      value[id] = (next() - 0.5) * 0.2;
      return id;
    }
    const f = Math.floor(next() * features);
    feature[id] = f;
    // Codes are -1..3, numerics 0..80: thresholds on a half grid hit both.
    threshold[id] =
      Math.round((f % 2 === 0 ? next() * 20 : next() * 80 - 2) * 2) / 2 +
      0.5 * (next() < 0.5 ? 0 : 1);
    left[id] = grow(depth - 1);
    right[id] = grow(depth - 1);
    return id;
  };
  grow(5);
  return {
    feature: Int32Array.from(feature),
    threshold: Float32Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
  };
}
