import type { FeatureFrame } from '@churn/features';
import type { GradientBoostingParams, RegressionTree } from '../params.js';
import { TrainError } from './errors.js';
import { addTree, treeInputMatrix } from './predict.js';

/** Early stopping of gradient boosting on a time-ordered validation set. */
export interface EarlyStoppingOptions {
  /** Share of the training frame's distinct as_of_dates, the latest ones, held out. */
  readonly validationFraction: number;
  /** Rounds without an improvement before training stops. */
  readonly nIterNoChange: number;
  /** An improvement is a validation loss lower than the best by more than this. */
  readonly tol: number;
}

export function checkEarlyStopping(options: EarlyStoppingOptions): boolean {
  return (
    options.validationFraction > 0 &&
    options.validationFraction < 1 &&
    Number.isInteger(options.nIterNoChange) &&
    options.nIterNoChange >= 1 &&
    options.tol >= 0
  );
}

/** Weighted mean log-loss of raw log-odds. */
export function logLoss(raw: Float64Array, y: Uint8Array, w: Float64Array): number {
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
 * Validation log-loss round by round. Each new tree's leaf values are added to the
 * validation rows' raw scores (one tree walk a row), so a round costs no re-prediction.
 * Remembers the best round (lowest loss) and says when `nIterNoChange` rounds in a row
 * failed to beat it by more than `tol`.
 */
export class ValidationMonitor {
  private readonly matrix: Float32Array;
  private readonly width: number;
  private readonly raw: Float64Array;
  private best = Number.POSITIVE_INFINITY;
  private round = 0;
  /** Trees in the best model so far (0 before the first round). */
  bestIteration = 0;

  constructor(
    inputs: Pick<GradientBoostingParams, 'numeric' | 'categorical' | 'featureOrder' | 'baseScore'>,
    frame: FeatureFrame,
    private readonly y: Uint8Array,
    private readonly w: Float64Array,
    private readonly options: EarlyStoppingOptions,
  ) {
    if (y.length !== frame.rows || w.length !== frame.rows) {
      throw new TrainError(
        'CHURN_ERR_LENGTH_MISMATCH',
        'validation labels and weights differ in length',
      );
    }
    this.matrix = treeInputMatrix({ kind: 'gradient_boosting', trees: [], ...inputs }, frame);
    this.width = inputs.featureOrder.length;
    this.raw = new Float64Array(frame.rows).fill(inputs.baseScore);
  }

  /** The weighted validation log-loss of the best round. */
  get bestLoss(): number {
    return this.best;
  }

  /** Adds the round's tree; returns true when training should stop. */
  add(tree: RegressionTree): boolean {
    addTree(tree, this.matrix, this.width, this.raw);
    this.round++;
    const loss = logLoss(this.raw, this.y, this.w);
    if (loss < this.best - this.options.tol) {
      this.best = loss;
      this.bestIteration = this.round;
    }
    return this.round - this.bestIteration >= this.options.nIterNoChange;
  }
}
