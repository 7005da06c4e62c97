import type { FeatureFrame } from '@churn/features';
import type { GradientBoostingParams, RegressionTree } from '../params.js';
import { TrainError } from './errors.js';
import { averagePrecision } from './metrics.js';
import { addTree, treeInputMatrix } from './predict.js';

/** What early stopping watches on the held-out rows (scikit-learn's `scoring`). */
export type EarlyStoppingScoring = 'average_precision' | 'loss';

/** Early stopping of gradient boosting on held-out users. */
export interface EarlyStoppingOptions {
  /** Share of the training users (stratified: churned at least once or not) held out. */
  readonly validationFraction: number;
  /**
   * 'loss': weighted log-loss (lower is better); 'average_precision' (the default): AP of
   * the held-out rows (higher is better). With class weights the loss of new users bottoms
   * out long before their ranking stops improving (on trending churn: round 31 against 65).
   */
  readonly scoring?: EarlyStoppingScoring;
  /** Rounds without an improvement before training stops. */
  readonly nIterNoChange: number;
  /** An improvement is a validation score better than the best by more than this. */
  readonly tol: number;
}

export function checkEarlyStopping(options: EarlyStoppingOptions): boolean {
  return (
    options.validationFraction > 0 &&
    options.validationFraction < 1 &&
    Number.isInteger(options.nIterNoChange) &&
    options.nIterNoChange >= 1 &&
    options.tol >= 0 &&
    (options.scoring === undefined ||
      options.scoring === 'average_precision' ||
      options.scoring === 'loss')
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
 * The validation score round by round. Each new tree's leaf values are added to the
 * validation rows' raw scores (one tree walk a row), so a round costs no re-prediction.
 * Remembers the best round and says when `nIterNoChange` rounds in a row failed to beat
 * it by more than `tol`.
 */
export class ValidationMonitor {
  private readonly matrix: Float32Array;
  private readonly width: number;
  private readonly raw: Float64Array;
  private readonly scoring: EarlyStoppingScoring;
  private best = Number.NEGATIVE_INFINITY;
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
    this.scoring = options.scoring ?? 'average_precision';
    this.matrix = treeInputMatrix({ kind: 'gradient_boosting', trees: [], ...inputs }, frame);
    this.width = inputs.featureOrder.length;
    this.raw = new Float64Array(frame.rows).fill(inputs.baseScore);
  }

  /** The validation score of the best round: log-loss or average precision (`scoring`). */
  get bestScore(): { readonly scoring: EarlyStoppingScoring; readonly value: number } {
    return { scoring: this.scoring, value: this.scoring === 'loss' ? -this.best : this.best };
  }

  /** Adds the round's tree; returns true when training should stop. */
  add(tree: RegressionTree): boolean {
    addTree(tree, this.matrix, this.width, this.raw);
    this.round++;
    // Higher is better for both: the loss is negated. AP of raw log-odds = AP of probabilities.
    const score =
      this.scoring === 'loss'
        ? -logLoss(this.raw, this.y, this.w)
        : averagePrecision(this.y, this.raw);
    if (score > this.best + this.options.tol) {
      this.best = score;
      this.bestIteration = this.round;
    }
    return this.round - this.bestIteration >= this.options.nIterNoChange;
  }
}
