import type { FeatureFrame } from '@churn/features';
import type {
  GradientBoostingParams,
  LogisticRegressionParams,
  ModelParams,
  RegressionTree,
} from '../params.js';
import { TrainError } from './errors.js';
import { categoryCodes, float32Column } from './preprocess.js';

/** 1 / (1 + e^-z), without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

function numericColumn(frame: FeatureFrame, name: string): Float64Array {
  const values = frame.numeric.get(name);
  if (values === undefined || values.length !== frame.rows) {
    throw new TrainError(
      'CHURN_ERR_TRAIN_MISSING_COLUMN',
      `numeric column "${name}" is not in the frame`,
    );
  }
  return values;
}

function categoricalColumn(frame: FeatureFrame, name: string): string[] {
  const values = frame.categorical.get(name);
  if (values === undefined || values.length !== frame.rows) {
    throw new TrainError(
      'CHURN_ERR_TRAIN_MISSING_COLUMN',
      `categorical column "${name}" is not in the frame`,
    );
  }
  return values;
}

/** Log-odds of a logistic regression, with the ONNX graph's input semantics. */
export function logisticRegressionLogits(
  params: LogisticRegressionParams,
  frame: FeatureFrame,
): Float64Array {
  const logits = new Float64Array(frame.rows).fill(params.intercept);
  for (const input of params.numeric) {
    const x = float32Column(numericColumn(frame, input.name), input.impute);
    for (let i = 0; i < frame.rows; i++) {
      logits[i]! += (input.weight * (x[i]! - input.mean)) / input.scale;
    }
  }
  for (const input of params.categorical) {
    if (input.weights.length !== input.categories.length) {
      throw new TrainError('CHURN_ERR_INVALID_PARAMS', `"${input.name}": weights != categories`);
    }
    const codes = categoryCodes(categoricalColumn(frame, input.name), input.categories);
    for (let i = 0; i < frame.rows; i++) {
      const code = codes[i]!;
      if (code >= 0) logits[i]! += input.weights[code]!;
    }
  }
  return logits;
}

/** The tree input matrix (row-major, float32) in `params.featureOrder`. */
export function treeInputMatrix(params: GradientBoostingParams, frame: FeatureFrame): Float32Array {
  const width = params.featureOrder.length;
  const matrix = new Float32Array(frame.rows * width);
  const numeric = new Map(params.numeric.map((input) => [input.name, input]));
  const categorical = new Map(params.categorical.map((input) => [input.name, input]));
  params.featureOrder.forEach((name, f) => {
    const num = numeric.get(name);
    const cat = categorical.get(name);
    let column: ArrayLike<number>;
    if (num !== undefined) column = float32Column(numericColumn(frame, name), num.impute);
    else if (cat !== undefined)
      column = categoryCodes(categoricalColumn(frame, name), cat.categories);
    else throw new TrainError('CHURN_ERR_INVALID_PARAMS', `featureOrder names unknown "${name}"`);
    for (let i = 0; i < frame.rows; i++) matrix[i * width + f] = column[i]!;
  });
  return matrix;
}

/** Rows scored by every tree before the next rows: 1,024 rows of 47 float32 are ~190 kB. */
const PREDICT_BLOCK_ROWS = 1024;

/** The leaf value that each `matrix` row (of start..end-1) reaches in `tree`, added to `logits`. */
export function addTree(
  tree: RegressionTree,
  matrix: Float32Array,
  width: number,
  logits: Float64Array,
  start = 0,
  end = logits.length,
): void {
  const { feature, threshold, left, right, value } = tree;
  for (let i = start, base = start * width; i < end; i++, base += width) {
    let node = 0;
    while (left[node]! !== -1) {
      node = matrix[base + feature[node]!]! <= threshold[node]! ? left[node]! : right[node]!;
    }
    logits[i]! += value[node]!;
  }
}

/** Log-odds of a gradient-boosting model, with the ONNX graph's input semantics. */
export function gradientBoostingLogits(
  params: GradientBoostingParams,
  frame: FeatureFrame,
): Float64Array {
  const width = params.featureOrder.length;
  const matrix = treeInputMatrix(params, frame);
  const logits = new Float64Array(frame.rows).fill(params.baseScore);
  // Every tree over a block of rows, then the next block: a block (~190 kB) stays in cache
  // for all the trees, where tree by tree streamed the whole matrix once per tree. Each
  // row's sum is still taken in tree order, so the numbers are the same.
  for (let start = 0; start < frame.rows; start += PREDICT_BLOCK_ROWS) {
    const end = Math.min(frame.rows, start + PREDICT_BLOCK_ROWS);
    for (const tree of params.trees) addTree(tree, matrix, width, logits, start, end);
  }
  return logits;
}

/**
 * P(churn) for every row of `frame`: the TypeScript reference of the ONNX model.
 * Numerics are rounded to float32 and NaN takes the impute value; an unknown
 * category contributes 0 (logistic regression) or takes code -1 (trees); a tree
 * goes left when `Math.fround(x) <= threshold`.
 *
 * @example
 * predictProba(params, frame); // => Float64Array of frame.rows probabilities
 */
export function predictProba(params: ModelParams, frame: FeatureFrame): Float64Array {
  const logits =
    params.kind === 'logistic_regression'
      ? logisticRegressionLogits(params, frame)
      : gradientBoostingLogits(params, frame);
  for (let i = 0; i < logits.length; i++) logits[i] = sigmoid(logits[i]!);
  return logits;
}
