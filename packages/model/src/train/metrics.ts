import { TrainError } from './errors.js';

function checkInputs(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  if (labels.length !== scores.length) {
    throw new TrainError(
      'CHURN_ERR_LENGTH_MISMATCH',
      `${labels.length} labels but ${scores.length} scores`,
    );
  }
  if (labels.length === 0) throw new TrainError('CHURN_ERR_EMPTY_FRAME', 'metrics need rows');
  let positives = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (y !== 0 && y !== 1) throw new TrainError('CHURN_ERR_INVALID_LABEL', `label ${y} at ${i}`);
    if (Number.isNaN(scores[i]!)) {
      throw new TrainError('CHURN_ERR_TRAIN_INVALID_OPTION', `score at ${i} is NaN`);
    }
    positives += y;
  }
  return positives;
}

/**
 * The distinct scores from the highest down (`scores[0..levels)`), with how many positive
 * and negative rows have each. Sorting the two classes' scores natively and merging them is much faster
 * than sorting row indices with a comparator.
 */
export function scoreLevels(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  positives: number,
): { positive: Int32Array; negative: Int32Array; scores: Float64Array; levels: number } {
  const pos = new Float64Array(positives);
  const neg = new Float64Array(labels.length - positives);
  for (let i = 0, p = 0, q = 0; i < labels.length; i++) {
    if (labels[i] === 1) pos[p++] = scores[i]!;
    else neg[q++] = scores[i]!;
  }
  pos.sort();
  neg.sort();
  const positive = new Int32Array(labels.length);
  const negative = new Int32Array(labels.length);
  const levelScores = new Float64Array(labels.length);
  let levels = 0;
  for (let p = pos.length - 1, q = neg.length - 1; p >= 0 || q >= 0; levels++) {
    const score = Math.max(p >= 0 ? pos[p]! : -Infinity, q >= 0 ? neg[q]! : -Infinity);
    levelScores[levels] = score;
    while (p >= 0 && pos[p] === score) {
      positive[levels]!++;
      p--;
    }
    while (q >= 0 && neg[q] === score) {
      negative[levels]!++;
      q--;
    }
  }
  return { positive, negative, scores: levelScores, levels };
}

/**
 * Average precision, as scikit-learn's `average_precision_score`: the step-wise
 * sum of precision at each distinct score threshold times the recall gained
 * there, AP = sum_k (R_k - R_{k-1}) P_k. Tied scores form one threshold.
 *
 * @example
 * averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // => 0.8333333333333333
 */
export function averagePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const positives = checkInputs(labels, scores);
  if (positives === 0) {
    throw new TrainError('CHURN_ERR_SINGLE_CLASS', 'average precision needs a positive label');
  }
  const { positive, negative, levels } = scoreLevels(labels, scores, positives);
  let tp = 0;
  let seen = 0;
  let ap = 0;
  for (let k = 0; k < levels; k++) {
    tp += positive[k]!;
    seen += positive[k]! + negative[k]!;
    // recall gained at this threshold times the precision there
    ap += (positive[k]! / positives) * (tp / seen);
  }
  return ap;
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a
 * random negative, ties counting one half (Mann-Whitney U; ties as midranks).
 *
 * @example
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // => 0.75
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const positives = checkInputs(labels, scores);
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new TrainError('CHURN_ERR_SINGLE_CLASS', 'roc_auc needs both classes in the labels');
  }
  const { positive, negative, levels } = scoreLevels(labels, scores, positives);
  // Each positive beats the negatives below its score and ties half of those at it.
  let wins = 0;
  let negativesBelow = negatives;
  for (let k = 0; k < levels; k++) {
    negativesBelow -= negative[k]!;
    wins += positive[k]! * (negativesBelow + negative[k]! / 2);
  }
  return wins / (positives * negatives);
}

export interface ConfusionMatrix {
  readonly tn: number;
  readonly fp: number;
  readonly fn: number;
  readonly tp: number;
}

/** Counts with "predicted churn" meaning `score >= threshold`. */
export function confusionMatrix(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold: number,
): ConfusionMatrix {
  checkInputs(labels, scores);
  let tn = 0;
  let fp = 0;
  let fn = 0;
  let tp = 0;
  for (let i = 0; i < labels.length; i++) {
    const predicted = scores[i]! >= threshold;
    if (labels[i] === 1) predicted ? tp++ : fn++;
    else predicted ? fp++ : tn++;
  }
  return { tn, fp, fn, tp };
}

export interface BinaryMetrics {
  readonly pr_auc: number;
  readonly roc_auc: number;
  readonly threshold: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly accuracy: number;
  readonly confusion_matrix: ConfusionMatrix;
  readonly rows: number;
  readonly churn_rate: number;
  readonly predicted_churn_rate: number;
}

/**
 * Every evaluation metric of a binary classifier at `threshold`. Precision, recall
 * and F1 are 0 where their denominator is 0 (scikit-learn's zero_division=0).
 */
export function binaryMetrics(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold: number,
): BinaryMetrics {
  const cm = confusionMatrix(labels, scores, threshold);
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const precision = ratio(cm.tp, cm.tp + cm.fp);
  const recall = ratio(cm.tp, cm.tp + cm.fn);
  const rows = labels.length;
  return {
    pr_auc: averagePrecision(labels, scores),
    roc_auc: rocAuc(labels, scores),
    threshold,
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    accuracy: (cm.tp + cm.tn) / rows,
    confusion_matrix: cm,
    rows,
    churn_rate: (cm.tp + cm.fn) / rows,
    predicted_churn_rate: (cm.tp + cm.fp) / rows,
  };
}
