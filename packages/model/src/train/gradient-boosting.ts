import { availableParallelism } from 'node:os';
import type { FeatureColumn, FeatureFrame } from '@churn/features';
import type { GradientBoostingParams, RegressionTree } from '../params.js';
import { binColumn, binThresholds } from './binning.js';
import { type ImbalanceStrategy, sampleWeights } from './class-weight.js';
import { TrainError } from './errors.js';
import { assertColumns, requireLabel } from './frame.js';
import { binnedMatrix } from './histogram.js';
import { HistogramBuilder } from './histogram-builder.js';
import { categoryCodes, fitInputSchema, float32Column } from './preprocess.js';
import { TreeGrower } from './tree-grower.js';

export interface GradientBoostingOptions {
  readonly learningRate: number;
  readonly maxIter: number;
  readonly maxDepth: number;
  readonly maxLeafNodes: number;
  readonly minSamplesLeaf: number;
  readonly l2Regularization: number;
  /** At most 255, so bin codes fit a byte. */
  readonly maxBins: number;
  readonly imbalanceStrategy: ImbalanceStrategy;
  /**
   * Threads building histograms: 1 or 2 (default: 2 when the machine has 2+ cores).
   * The trees are the same for either.
   */
  readonly threads?: number;
  /** Called after each boosting iteration with (done, total). */
  readonly onIteration?: (done: number, total: number) => void;
}

export interface GradientBoostingReport {
  readonly iterations: number;
  /** Weighted mean log-loss on the training rows after the last iteration. */
  readonly trainLoss: number;
  readonly leaves: number;
}

/** As scikit-learn: a child needs at least this much hessian. */
const MIN_HESSIAN_TO_SPLIT = 1e-3;

function checkOptions(options: GradientBoostingOptions): void {
  const positiveInt = (x: number) => Number.isInteger(x) && x >= 1;
  const ok =
    options.learningRate > 0 &&
    positiveInt(options.maxIter) &&
    positiveInt(options.maxDepth) &&
    Number.isInteger(options.maxLeafNodes) &&
    options.maxLeafNodes >= 2 &&
    positiveInt(options.minSamplesLeaf) &&
    options.l2Regularization >= 0 &&
    Number.isInteger(options.maxBins) &&
    options.maxBins >= 2 &&
    options.maxBins <= 255 &&
    (options.threads === undefined || options.threads === 1 || options.threads === 2);
  if (!ok) {
    const { onIteration: _, ...shown } = options;
    throw new TrainError(
      'CHURN_ERR_INVALID_OPTION',
      `invalid gradient boosting options ${JSON.stringify(shown)}`,
    );
  }
}

function defaultThreads(): number {
  return Math.min(2, availableParallelism());
}

/** Weighted mean log-loss of raw log-odds. */
function logLoss(raw: Float64Array, y: Uint8Array, w: Float64Array): number {
  let loss = 0;
  let total = 0;
  for (let i = 0; i < raw.length; i++) {
    const e = raw[i]!;
    const softplus = e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e));
    loss += w[i]! * (softplus - y[i]! * e);
    total += w[i]!;
  }
  return loss / total;
}

/**
 * Histogram gradient boosting for binary log-loss, in the manner of scikit-learn's
 * HistGradientBoostingClassifier: features binned to at most `maxBins` quantile
 * bins, trees grown leaf-wise on gradient/hessian histograms (the smaller child
 * built, its sibling by subtraction), sample weights from the class-weight option.
 * No sampling: the same frame and options give the same trees.
 */
export function trainGradientBoosting(
  frame: FeatureFrame,
  columns: readonly FeatureColumn[],
  options: GradientBoostingOptions,
): { params: GradientBoostingParams; report: GradientBoostingReport } {
  checkOptions(options);
  assertColumns(frame, columns);
  const y = requireLabel(frame);
  const w = sampleWeights(y, options.imbalanceStrategy);
  const n = frame.rows;
  const schema = fitInputSchema(frame, columns);
  const numeric = new Map(schema.numeric.map((input) => [input.name, input]));
  const categorical = new Map(schema.categorical.map((input) => [input.name, input]));
  const featureOrder = columns.map((column) => column.name);

  const features = featureOrder.length;
  const codes = new Uint8Array(n * features);
  const bins = new Int32Array(features);
  const thresholds: Float32Array[] = [];
  featureOrder.forEach((name, f) => {
    const input = numeric.get(name);
    const values =
      input !== undefined
        ? float32Column(frame.numeric.get(name)!, input.impute)
        : Float32Array.from(
            categoryCodes(frame.categorical.get(name)!, categorical.get(name)!.categories),
          );
    const edges = binThresholds(values, options.maxBins);
    binColumn(values, edges, codes, f * n);
    thresholds.push(edges);
    bins[f] = edges.length + 1;
  });
  const matrix = binnedMatrix(n, codes, bins);

  let weightedPositives = 0;
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    weightedPositives += w[i]! * y[i]!;
    totalWeight += w[i]!;
  }
  const baseScore = Math.fround(Math.log(weightedPositives / (totalWeight - weightedPositives)));
  const histograms = new HistogramBuilder(matrix, y, w, options.threads ?? defaultThreads());
  const raw = histograms.raw.fill(baseScore);
  const grower = new TreeGrower(matrix, thresholds, histograms, {
    maxLeafNodes: options.maxLeafNodes,
    maxDepth: options.maxDepth,
    minSamplesLeaf: options.minSamplesLeaf,
    minHessianToSplit: MIN_HESSIAN_TO_SPLIT,
    l2: options.l2Regularization,
    learningRate: options.learningRate,
  });
  const trees: RegressionTree[] = [];
  let leaves = 0;
  try {
    for (let iteration = 0; iteration < options.maxIter; iteration++) {
      const tree = grower.grow();
      trees.push(tree);
      for (let k = 0; k < tree.left.length; k++) if (tree.left[k] === -1) leaves++;
      options.onIteration?.(iteration + 1, options.maxIter);
    }
  } finally {
    histograms.close();
  }

  const params: GradientBoostingParams = {
    kind: 'gradient_boosting',
    numeric: schema.numeric.map((input) => ({
      name: input.name,
      impute: Math.fround(input.impute),
    })),
    categorical: schema.categorical,
    featureOrder,
    baseScore,
    trees,
  };
  return {
    params,
    report: { iterations: trees.length, trainLoss: logLoss(raw, y, w), leaves },
  };
}
