import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import type { FeatureFrame } from '@churn/features';
import { startModuleThread } from '@churn/io/thread';
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

/** The tree input matrix (row-major, float32) in `params.featureOrder`; `shared` for threads. */
export function treeInputMatrix(
  params: GradientBoostingParams,
  frame: FeatureFrame,
  shared = false,
): Float32Array {
  const width = params.featureOrder.length;
  const bytes = 4 * frame.rows * width;
  const matrix = new Float32Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
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

/**
 * Adds every tree to the rows start..end-1, a block of rows at a time: a block (~190 kB)
 * stays in cache for all the trees, where tree by tree streamed the whole matrix once per
 * tree. Each row's sum is still taken in tree order, so the numbers are the same.
 */
export function addTrees(
  trees: readonly RegressionTree[],
  matrix: Float32Array,
  width: number,
  logits: Float64Array,
  start: number,
  end: number,
): void {
  for (let block = start; block < end; block += PREDICT_BLOCK_ROWS) {
    const blockEnd = Math.min(end, block + PREDICT_BLOCK_ROWS);
    for (const tree of trees) addTree(tree, matrix, width, logits, block, blockEnd);
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
  addTrees(params.trees, matrix, width, logits, 0, frame.rows);
  return logits;
}

/** From this many rows `predictProbaOnThreads` scores the second half on a worker thread. */
const THREADED_SCORING_ROWS = 50_000;

/** What the scoring thread (score-thread.ts) gets: shared arrays and the trees (copied). */
export interface ScoreThreadData {
  readonly trees: readonly RegressionTree[];
  readonly matrix: Float32Array;
  readonly width: number;
  readonly logits: Float64Array;
  readonly start: number;
  readonly end: number;
}

/**
 * `predictProba` on two threads for a large gradient-boosting frame: a worker thread adds
 * the trees to the second half of the rows while this thread does the first. The same
 * numbers as `predictProba` (each row is summed the same way); for a logistic regression,
 * a small frame or one core it is `predictProba`.
 */
export async function predictProbaOnThreads(
  params: ModelParams,
  frame: FeatureFrame,
): Promise<Float64Array> {
  if (
    params.kind !== 'gradient_boosting' ||
    frame.rows < THREADED_SCORING_ROWS ||
    availableParallelism() < 2
  ) {
    return predictProba(params, frame);
  }
  const width = params.featureOrder.length;
  const matrix = treeInputMatrix(params, frame, true);
  const logits = new Float64Array(new SharedArrayBuffer(8 * frame.rows)).fill(params.baseScore);
  const middle = frame.rows >>> 1;
  const workerData: ScoreThreadData = {
    trees: params.trees,
    matrix,
    width,
    logits,
    start: middle,
    end: frame.rows,
  };
  const worker = startModuleThread(import.meta.url, './score-thread', { workerData });
  const exited = once(worker, 'exit');
  addTrees(params.trees, matrix, width, logits, 0, middle);
  // rejects with the thread's error if it throws
  const [code] = await exited;
  if (code !== 0) {
    throw new TrainError('CHURN_ERR_SCORING_THREAD', `the scoring thread exited with code ${code}`);
  }
  return toProbabilities(Float64Array.from(logits));
}

function toProbabilities(logits: Float64Array): Float64Array {
  for (let i = 0; i < logits.length; i++) logits[i] = sigmoid(logits[i]!);
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
  return toProbabilities(logits);
}
