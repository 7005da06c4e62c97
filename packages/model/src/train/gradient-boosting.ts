import { availableParallelism } from 'node:os';
import { type FeatureColumn, type FeatureFrame, selectRows } from '@churn/features';
import type { GradientBoostingParams, RegressionTree } from '../params.js';
import { binColumn, binThresholds } from './binning.js';
import { classWeights, type ImbalanceStrategy, weightsOf } from './class-weight.js';
import {
  checkEarlyStopping,
  type EarlyStoppingOptions,
  type EarlyStoppingScoring,
  logLoss,
  ValidationMonitor,
} from './early-stopping.js';
import { TrainError } from './errors.js';
import { assertColumns, requireLabel } from './frame.js';
import { binnedMatrix } from './histogram.js';
import { categoryCodes, fitInputSchema, float32Column } from './preprocess.js';
import { userHoldout } from './random-sample.js';
import { TreeGrower } from './tree-grower.js';
import { TreeThreads } from './tree-threads.js';

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
   * Threads for histograms and partitions: 1 or 2 (default: 2 when the machine has 2+
   * cores).
   * The trees are the same for either.
   */
  readonly threads?: number;
  /**
   * Hold out a seeded, stratified random share of the rows and stop when their weighted
   * log-loss stops improving; the trees are cut back to the best round. Absent: all
   * `maxIter` rounds.
   */
  readonly earlyStopping?: EarlyStoppingOptions;
  /** Seeds the early-stopping holdout (training.seed); default 0. */
  readonly seed?: number;
  /** Called after each boosting iteration with (done, total). */
  readonly onIteration?: (done: number, total: number) => void;
}

export interface GradientBoostingReport {
  /** Rounds grown (fewer than maxIter when early stopping stopped training). */
  readonly iterations: number;
  /** Trees kept: the best round with early stopping, else `iterations`. */
  readonly bestIteration: number;
  /** Weighted mean log-loss on the rows the trees were fit on, for the trees kept. */
  readonly trainLoss: number;
  /** Validation score of the trees kept (early stopping's `scoring`); absent without it. */
  readonly validationScore?: { readonly scoring: EarlyStoppingScoring; readonly value: number };
  /** Rows fit on and rows held out for early stopping (0 without it). */
  readonly trainRows: number;
  readonly validationRows: number;
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
    (options.threads === undefined || options.threads === 1 || options.threads === 2) &&
    (options.seed === undefined || (Number.isInteger(options.seed) && options.seed >= 0)) &&
    (options.earlyStopping === undefined || checkEarlyStopping(options.earlyStopping));
  if (!ok) {
    const { onIteration: _, ...shown } = options;
    throw new TrainError(
      'CHURN_ERR_TRAIN_INVALID_OPTION',
      `invalid gradient boosting options ${JSON.stringify(shown)}`,
    );
  }
}

function defaultThreads(): number {
  return Math.min(2, availableParallelism());
}

/**
 * Histogram gradient boosting for binary log-loss, in the manner of scikit-learn's
 * HistGradientBoostingClassifier: features binned to at most `maxBins` quantile
 * bins, trees grown leaf-wise on gradient/hessian histograms (the smaller child
 * built, its sibling by subtraction), sample weights from the class-weight option.
 * No sampling: the same frame and options give the same trees.
 *
 * With `earlyStopping` (as scikit-learn's, but holding out users): a seeded random
 * `validationFraction` of the users (stratified: ever churned or not) is not fit on; its
 * average precision (or weighted log-loss, `scoring`) is tracked each round, training
 * stops after `nIterNoChange` rounds without an improvement greater than `tol`, and the
 * model keeps the trees up to the best round. Not the latest dates: when the churn rate
 * trends they are unlike the test dates, and stopped training at a third of the rounds.
 * Not random rows: a user's rows on neighbouring dates are near copies, so held-out rows
 * would be all but seen and training would never stop.
 */
export function trainGradientBoosting(
  frame: FeatureFrame,
  columns: readonly FeatureColumn[],
  options: GradientBoostingOptions,
): { params: GradientBoostingParams; report: GradientBoostingReport } {
  checkOptions(options);
  assertColumns(frame, columns);
  const allLabels = requireLabel(frame);
  const stopping = options.earlyStopping;
  const held =
    stopping === undefined
      ? null
      : userHoldout(frame.userId, allLabels, stopping.validationFraction, options.seed ?? 0);
  // The fit rows are read through `fitRows`, one column at a time: no copy of the frame.
  const fitRows = held?.keep ?? null;
  const pick = <O extends { [i: number]: unknown; length: number }>(
    values: ArrayLike<O[number]>,
    out: O,
  ): O => {
    for (let i = 0; i < out.length; i++) out[i] = values[fitRows === null ? i : fitRows[i]!]!;
    return out;
  };
  const n = fitRows === null ? frame.rows : fitRows.length;
  const y = fitRows === null ? allLabels : pick(allLabels, new Uint8Array(n));
  // Classes balanced over the rows the trees fit (so the base score is log(1) = 0, as
  // without early stopping); held-out rows weigh as fit rows of their class do.
  const weightOfClass = classWeights(y, options.imbalanceStrategy);
  const w = weightsOf(y, weightOfClass);
  const fitCategorical = new Map(
    [...frame.categorical].map(([name, values]) => [
      name,
      fitRows === null ? values : pick(values, new Array<string>(n)),
    ]),
  );
  const schema = fitInputSchema({ ...frame, rows: n, categorical: fitCategorical }, columns);
  const numeric = new Map(schema.numeric.map((input) => [input.name, input]));
  const categorical = new Map(schema.categorical.map((input) => [input.name, input]));
  const featureOrder = columns.map((column) => column.name);

  const features = featureOrder.length;
  // shared: the tree thread's partitions read it
  const codes = new Uint8Array(new SharedArrayBuffer(n * features));
  const bins = new Int32Array(features);
  const thresholds: Float32Array[] = [];
  featureOrder.forEach((name, f) => {
    const input = numeric.get(name);
    const values =
      input !== undefined
        ? float32Column(
            fitRows === null
              ? frame.numeric.get(name)!
              : pick(frame.numeric.get(name)!, new Float64Array(n)),
            input.impute,
          )
        : Float32Array.from(
            categoryCodes(fitCategorical.get(name)!, categorical.get(name)!.categories),
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
  const threads = new TreeThreads(matrix, y, w, options.threads ?? defaultThreads());
  const raw = threads.raw.fill(baseScore);
  const grower = new TreeGrower(matrix, thresholds, threads, {
    maxLeafNodes: options.maxLeafNodes,
    maxDepth: options.maxDepth,
    minSamplesLeaf: options.minSamplesLeaf,
    minHessianToSplit: MIN_HESSIAN_TO_SPLIT,
    l2: options.l2Regularization,
    learningRate: options.learningRate,
  });
  const inputs = {
    numeric: schema.numeric.map((input) => ({
      name: input.name,
      impute: Math.fround(input.impute),
    })),
    categorical: schema.categorical,
    featureOrder,
    baseScore,
  };
  const monitor =
    held === null || stopping === undefined
      ? null
      : new ValidationMonitor(
          inputs,
          selectRows(frame, held.holdout),
          Uint8Array.from(held.holdout, (row) => allLabels[row]!),
          Float64Array.from(held.holdout, (row) => weightOfClass[allLabels[row]!]!),
          stopping,
        );
  let trees: RegressionTree[] = [];
  // training raw scores of the best round, for the reported training loss
  let bestRaw: Float64Array | null = null;
  try {
    for (let iteration = 0; iteration < options.maxIter; iteration++) {
      const tree = grower.grow();
      trees.push(tree);
      options.onIteration?.(iteration + 1, options.maxIter);
      if (monitor === null) continue;
      const stop = monitor.add(tree);
      if (monitor.bestIteration === trees.length) bestRaw = Float64Array.from(raw);
      if (stop) break;
    }
  } finally {
    threads.close();
  }
  const iterations = trees.length;
  if (monitor !== null) trees = trees.slice(0, monitor.bestIteration);
  let leaves = 0;
  for (const tree of trees)
    for (let k = 0; k < tree.left.length; k++) if (tree.left[k] === -1) leaves++;

  const params: GradientBoostingParams = { kind: 'gradient_boosting', ...inputs, trees };
  return {
    params,
    report: {
      iterations,
      bestIteration: trees.length,
      trainLoss: logLoss(bestRaw ?? raw, y, w),
      ...(monitor === null ? {} : { validationScore: monitor.bestScore }),
      trainRows: n,
      validationRows: held === null ? 0 : held.holdout.length,
      leaves,
    },
  };
}
