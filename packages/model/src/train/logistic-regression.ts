import type { FeatureColumn, FeatureFrame } from '@churn/features';
import type { LogisticRegressionParams } from '../params.js';
import { solveCholesky } from './cholesky.js';
import { type ImbalanceStrategy, sampleWeights } from './class-weight.js';
import { TrainError } from './errors.js';
import { assertColumns, requireLabel } from './frame.js';
import {
  type Design,
  gradientAt,
  HESSIAN_SAMPLE_ROWS,
  hessianAt,
  objective,
  sampleRows,
} from './logistic-objective.js';
import { categoryCodes, fitInputSchema, float32Column } from './preprocess.js';
import { randomRows } from './random-sample.js';

export interface LogisticRegressionOptions {
  /** L2 penalty on every weight but the intercept (training.logistic_regression.l2). */
  readonly l2: number;
  /** Newton iterations at most. */
  readonly maxIter: number;
  /** Converged when the largest gradient component is below this. */
  readonly tolerance: number;
  readonly imbalanceStrategy: ImbalanceStrategy;
  /** Seeds the Hessian's row sample (training.seed); default 0. */
  readonly seed?: number;
  /**
   * Rows in the Hessian sample (default 20,000); frames under twice this use every row.
   * The gradient always uses every row, so this changes the path, not the optimum.
   */
  readonly hessianSampleRows?: number;
}

export interface LogisticRegressionReport {
  readonly iterations: number;
  /** True when the largest gradient component fell below `tolerance`. */
  readonly converged: boolean;
  /** Largest gradient component at the returned weights. */
  readonly gradient: number;
  /** Final objective: weighted mean log-loss plus the L2 term. */
  readonly loss: number;
}

function checkOptions(options: LogisticRegressionOptions): void {
  const ok =
    options.l2 >= 0 &&
    Number.isInteger(options.maxIter) &&
    options.maxIter >= 1 &&
    options.tolerance > 0 &&
    (options.seed === undefined || (Number.isInteger(options.seed) && options.seed >= 0)) &&
    (options.hessianSampleRows === undefined ||
      (Number.isInteger(options.hessianSampleRows) && options.hessianSampleRows >= 1));
  if (!ok) {
    throw new TrainError(
      'CHURN_ERR_TRAIN_INVALID_OPTION',
      `logistic regression needs l2 >= 0, integer maxIter >= 1, tolerance > 0, integer seed >= 0, integer hessianSampleRows >= 1 (${JSON.stringify(options)})`,
    );
  }
}

/** The Newton direction; a growing ridge keeps it defined when the Hessian is singular (l2 = 0). */
function newtonDirection(
  hessian: Float64Array,
  gradient: Float64Array,
  size: number,
): Float64Array {
  const negative = gradient.map((g) => -g);
  let direction = solveCholesky(hessian, negative, size);
  for (let jitter = 1e-10; direction === null; jitter *= 10) {
    const ridged = hessian.slice();
    for (let a = 0; a < size; a++) ridged[a * size + a]! += jitter;
    direction = solveCholesky(ridged, negative, size);
  }
  return direction;
}

/**
 * L2-regularised logistic regression on standardised numerics and one weight per
 * category, fitted by Newton's method with a backtracking line search: deterministic,
 * and on ~60 parameters it converges in about ten iterations. From 40k rows the
 * Hessian comes from a seeded uniform sample of 20k rows (the gradient is always exact).
 * `report.converged` false means `maxIter` ran out first: callers must not ship that model.
 * Objective: sum_i w_i logloss_i / sum_i w_i + l2/2 * |weights|^2.
 * Every returned number is float32-exact, so an ONNX graph holds the same model.
 */
export function trainLogisticRegression(
  frame: FeatureFrame,
  columns: readonly FeatureColumn[],
  options: LogisticRegressionOptions,
): { params: LogisticRegressionParams; report: LogisticRegressionReport } {
  checkOptions(options);
  assertColumns(frame, columns);
  const y = requireLabel(frame);
  const w = sampleWeights(y, options.imbalanceStrategy);
  const n = frame.rows;
  const schema = fitInputSchema(frame, columns);

  const p = schema.numeric.length;
  const z: Float64Array[] = [];
  const scaling = schema.numeric.map((input) => {
    const x = float32Column(frame.numeric.get(input.name)!, input.impute);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += x[i]!;
    const mean = Math.fround(sum / n);
    let squares = 0;
    for (let i = 0; i < n; i++) squares += (x[i]! - mean) ** 2;
    const std = Math.sqrt(squares / n);
    // A constant column keeps scale 1, as scikit-learn's StandardScaler.
    const scale = std > 1e-12 ? Math.fround(std) : 1;
    const column = new Float64Array(n);
    for (let i = 0; i < n; i++) column[i] = (x[i]! - mean) / scale;
    z.push(column);
    return { mean, scale };
  });
  const dense = 1 + p;
  const offsets: number[] = [];
  let size = dense;
  const codes = schema.categorical.map((input) => {
    offsets.push(size);
    size += input.categories.length;
    return categoryCodes(frame.categorical.get(input.name)!, input.categories);
  });
  const design: Design = { n, dense, z, codes, offsets, size };

  let totalWeight = 0;
  let weightedPositives = 0;
  for (let i = 0; i < n; i++) {
    totalWeight += w[i]!;
    weightedPositives += w[i]! * y[i]!;
  }
  const theta = new Float64Array(size);
  theta[0] = Math.log(weightedPositives / (totalWeight - weightedPositives));
  const eta = new Float64Array(n);
  // Large data: the Hessian from a uniform row sample (subsampled Newton, Byrd et al. 2011);
  // the gradient stays exact, so the optimum is the same, several times cheaper a step.
  // Uniform, not every k-th row: rows are grouped by user and date, so a stride hits few dates.
  const sampleSize = options.hessianSampleRows ?? HESSIAN_SAMPLE_ROWS;
  const rows = n < 2 * sampleSize ? null : randomRows(n, sampleSize, options.seed ?? 0);
  const hessianRows = rows === null ? { sample: design, y, w } : sampleRows(design, y, w, rows);
  let sampleWeight = 0;
  for (const weight of hessianRows.w) sampleWeight += weight;
  const sampleEta = rows === null ? eta : new Float64Array(rows.length);
  let loss = objective(design, theta, y, w, totalWeight, options.l2, eta);
  let iterations = 0;
  let converged = false;
  let largest = Number.POSITIVE_INFINITY;
  for (;;) {
    const gradient = gradientAt(design, theta, y, w, totalWeight, options.l2, eta);
    largest = 0;
    for (const g of gradient) largest = Math.max(largest, Math.abs(g));
    if (largest < options.tolerance) {
      converged = true;
      break;
    }
    if (iterations === options.maxIter) break;
    iterations++;
    if (rows !== null) for (let i = 0; i < rows.length; i++) sampleEta[i] = eta[rows[i]!]!;
    const hessian = hessianAt(
      hessianRows.sample,
      hessianRows.w,
      sampleWeight,
      options.l2,
      sampleEta,
    );
    const direction = newtonDirection(hessian, gradient, size);
    let slope = 0;
    for (let j = 0; j < size; j++) slope += gradient[j]! * direction[j]!;
    const candidate = new Float64Array(size);
    let step = 1;
    let next = loss;
    for (let halvings = 0; halvings < 40; halvings++, step /= 2) {
      for (let j = 0; j < size; j++) candidate[j] = theta[j]! + step * direction[j]!;
      next = objective(design, candidate, y, w, totalWeight, options.l2, eta);
      if (next <= loss + 1e-4 * step * slope) break;
    }
    if (!(next < loss)) {
      // No decrease along the direction although the gradient is above tolerance: the
      // (sampled) Hessian misleads. Stop and say so rather than call this converged.
      objective(design, theta, y, w, totalWeight, options.l2, eta);
      break;
    }
    theta.set(candidate);
    loss = next;
  }

  const params: LogisticRegressionParams = {
    kind: 'logistic_regression',
    numeric: schema.numeric.map((input, j) => ({
      name: input.name,
      impute: Math.fround(input.impute),
      mean: scaling[j]!.mean,
      scale: scaling[j]!.scale,
      weight: Math.fround(theta[1 + j]!),
    })),
    categorical: schema.categorical.map((input, c) => ({
      name: input.name,
      categories: input.categories,
      weights: input.categories.map((_, k) => Math.fround(theta[offsets[c]! + k]!)),
    })),
    intercept: Math.fround(theta[0]!),
  };
  return { params, report: { iterations, converged, gradient: largest, loss } };
}
