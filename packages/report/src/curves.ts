import { scoreLevels } from '@churn/model/train';
import { ReportError } from './errors.js';

/** A curve point: x, y and the score threshold that gives it. */
export type CurvePoint = readonly [x: number, y: number, threshold: number];

/** The most points a stored curve keeps. */
export const MAX_CURVE_POINTS = 200;

/** Checks one label (0/1) and one finite score per row; returns the positives. */
export function checkScores(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  if (labels.length !== scores.length) {
    throw new ReportError(
      'CHURN_ERR_REPORT_INPUT',
      `curves need one score per label: ${labels.length} labels, ${scores.length} scores`,
    );
  }
  if (labels.length === 0) throw new ReportError('CHURN_ERR_REPORT_INPUT', 'curves need rows');
  let positives = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (y !== 0 && y !== 1) {
      throw new ReportError('CHURN_ERR_REPORT_INPUT', `labels[${i}] is ${y}, not 0 or 1`);
    }
    if (!Number.isFinite(scores[i]!)) {
      throw new ReportError('CHURN_ERR_REPORT_INPUT', `scores[${i}] is ${scores[i]}, not finite`);
    }
    positives += y;
  }
  if (positives === 0 || positives === labels.length) {
    throw new ReportError('CHURN_ERR_REPORT_INPUT', 'curves need both classes in the labels');
  }
  return positives;
}

/**
 * Cumulative true and false positives at each distinct score, from the highest down: the
 * confusion counts of the threshold `score >= level`.
 */
function thresholdCounts(labels: ArrayLike<number>, scores: ArrayLike<number>, positives: number) {
  const counted = scoreLevels(labels, scores, positives);
  const levels: number[] = [];
  const tp: number[] = [];
  const fp: number[] = [];
  let t = 0;
  let f = 0;
  for (let k = 0; k < counted.levels; k++) {
    t += counted.positive[k]!;
    f += counted.negative[k]!;
    levels.push(counted.scores[k]!);
    tp.push(t);
    fp.push(f);
  }
  return { levels, tp, fp };
}

/**
 * Precision against recall at every distinct threshold, highest threshold first (as
 * scikit-learn's precision_recall_curve, without its artificial (0, 1) end point).
 * Points are [recall, precision, threshold].
 *
 * @example
 * precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // => [[0.5, 1, 0.8], [0.5, 0.5, 0.4], [1, 0.6667, 0.35], [1, 0.5, 0.1]]
 */
export function precisionRecallCurve(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
): CurvePoint[] {
  const positives = checkScores(labels, scores);
  const { levels, tp, fp } = thresholdCounts(labels, scores, positives);
  return levels.map((level, k) => [tp[k]! / positives, tp[k]! / (tp[k]! + fp[k]!), level]);
}

/**
 * False positive rate against true positive rate, from (0, 0) (threshold +Infinity, stored
 * as 1) to (1, 1). Points are [fpr, tpr, threshold].
 *
 * @example
 * rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // => [[0, 0, 1], [0, 0.5, 0.8], [0.5, 0.5, 0.4], [0.5, 1, 0.35], [1, 1, 0.1]]
 */
export function rocCurve(labels: ArrayLike<number>, scores: ArrayLike<number>): CurvePoint[] {
  const positives = checkScores(labels, scores);
  const negatives = labels.length - positives;
  const { levels, tp, fp } = thresholdCounts(labels, scores, positives);
  return [
    [0, 0, 1],
    ...levels.map((level, k): CurvePoint => [fp[k]! / negatives, tp[k]! / positives, level]),
  ];
}

/**
 * At most `max` points of a curve, evenly spaced along its length in the unit square, the
 * first and last always kept: a PR curve's steep start and a ROC curve's knee keep their
 * shape, where taking every n-th threshold would spend the points on flat stretches.
 */
export function downsampleCurve(
  points: readonly CurvePoint[],
  max = MAX_CURVE_POINTS,
): CurvePoint[] {
  if (max < 2) throw new RangeError(`downsampleCurve keeps at least 2 points, got max ${max}`);
  if (points.length <= max) return [...points];
  const along = [0];
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1]!;
    const [x1, y1] = points[i]!;
    along.push(along[i - 1]! + Math.hypot(x1 - x0, y1 - y0));
  }
  const total = along[along.length - 1]!;
  const kept: CurvePoint[] = [points[0]!];
  let next = 1;
  for (let i = 1; i < points.length - 1 && kept.length < max - 1; i++) {
    if (along[i]! >= (next * total) / (max - 1)) {
      kept.push(points[i]!);
      while (along[i]! >= (next * total) / (max - 1)) next++;
    }
  }
  kept.push(points[points.length - 1]!);
  return kept;
}

/**
 * Area under a curve by the trapezoid rule over x (for a ROC curve, its AUC).
 *
 * @example
 * trapezoidArea([[0, 0, 1], [0, 1, 0.5], [1, 1, 0]]); // => 1
 */
export function trapezoidArea(points: readonly CurvePoint[]): number {
  let area = 0;
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1]!;
    const [x1, y1] = points[i]!;
    area += ((x1 - x0) * (y0 + y1)) / 2;
  }
  return area;
}
