import { checkScores } from './curves.js';

export interface CalibrationBin {
  /** Bin bounds on the score, [lower, upper). The last bin includes 1. */
  readonly lower: number;
  readonly upper: number;
  readonly rows: number;
  /** Mean score of the bin's rows; null for an empty bin. */
  readonly meanScore: number | null;
  /** Share of the bin's rows that churned; null for an empty bin. */
  readonly observedRate: number | null;
}

function binOf(score: number, bins: number): number {
  return Math.min(bins - 1, Math.max(0, Math.floor(score * bins)));
}

/**
 * Reliability of the scores: `bins` equal-width score bins over [0, 1], each with its mean
 * score and observed churn rate (scikit-learn's calibration_curve, strategy "uniform",
 * keeping empty bins as nulls). A calibrated model has observedRate ≈ meanScore.
 *
 * @example
 * calibrationBins([0, 1, 1], [0.2, 0.7, 0.9], 2).map((b) => b.observedRate); // => [0, 1]
 */
export function calibrationBins(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  bins = 10,
): CalibrationBin[] {
  checkScores(labels, scores);
  const rows = new Array<number>(bins).fill(0);
  const sums = new Array<number>(bins).fill(0);
  const positives = new Array<number>(bins).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const b = binOf(scores[i]!, bins);
    rows[b]!++;
    sums[b]! += scores[i]!;
    positives[b]! += labels[i]!;
  }
  return rows.map((n, b) => ({
    lower: b / bins,
    upper: (b + 1) / bins,
    rows: n,
    meanScore: n === 0 ? null : sums[b]! / n,
    observedRate: n === 0 ? null : positives[b]! / n,
  }));
}

export interface ScoreDistribution {
  /** bins + 1 equal-width edges over [0, 1]. */
  readonly edges: readonly number[];
  /** Rows of each class per bin. */
  readonly churned: readonly number[];
  readonly retained: readonly number[];
}

/**
 * Histogram of the scores of each class over `bins` equal-width bins of [0, 1]: how well the
 * scores separate churners from the users who stay.
 */
export function scoreDistribution(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  bins = 20,
): ScoreDistribution {
  checkScores(labels, scores);
  const churned = new Array<number>(bins).fill(0);
  const retained = new Array<number>(bins).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const b = binOf(scores[i]!, bins);
    if (labels[i] === 1) churned[b]!++;
    else retained[b]!++;
  }
  const edges = Array.from({ length: bins + 1 }, (_, k) => Number((k / bins).toFixed(6)));
  return { edges, churned, retained };
}
