import { describe, expect, it } from 'vitest';
import { averagePrecision, binaryMetrics, confusionMatrix, rocAuc } from '../src/train/index.js';
import { codeOf, rng } from './train-fixtures.js';

const EXACT = 12; // decimal digits for values computed by hand as fractions

/** Pairwise AUC: P(score_pos > score_neg) + 0.5 P(equal), O(n^2). */
function bruteAuc(labels: number[], scores: number[]): number {
  let wins = 0;
  let pairs = 0;
  labels.forEach((yi, i) => {
    if (yi !== 1) return;
    labels.forEach((yj, j) => {
      if (yj !== 0) return;
      pairs++;
      wins += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

/** AP by definition: over each distinct threshold t (descending), (R(t) - R(prev)) * P(t). */
function bruteAp(labels: number[], scores: number[]): number {
  const thresholds = [...new Set(scores)].sort((a, b) => b - a);
  const positives = labels.filter((y) => y === 1).length;
  let previous = 0;
  let ap = 0;
  for (const t of thresholds) {
    const picked = labels.filter((_, i) => scores[i]! >= t);
    const tp = picked.filter((y) => y === 1).length;
    ap += (tp / positives - previous) * (tp / picked.length);
    previous = tp / positives;
  }
  return ap;
}

describe('average precision (sklearn definition)', () => {
  it('matches the scikit-learn documentation example', () => {
    // sklearn: average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.8333...
    expect(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(5 / 6, EXACT);
  });

  it('treats tied scores as one threshold', () => {
    // thresholds 0.9 (R 1/3, P 1), 0.8 (R 2/3, P 2/3), 0.3 (R 1, P 3/5): 1/3 + 2/9 + 1/5
    const labels = [1, 0, 0, 1, 0, 1];
    const scores = [0.8, 0.8, 0.3, 0.3, 0.1, 0.9];
    expect(averagePrecision(labels, scores)).toBeCloseTo(34 / 45, EXACT);
    expect(averagePrecision([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5])).toBeCloseTo(0.5, EXACT);
  });

  it('agrees with the definition on random scores with ties (1e-12)', () => {
    const random = rng(3);
    const labels = Array.from({ length: 300 }, () => (random() < 0.3 ? 1 : 0));
    const scores = labels.map((y) => Math.round((random() + 0.3 * y) * 20) / 20);
    expect(Math.abs(averagePrecision(labels, scores) - bruteAp(labels, scores))).toBeLessThan(
      1e-12,
    );
  });

  it('is 1 for a perfect ranking and needs a positive label', () => {
    expect(averagePrecision([0, 1, 1], [0.1, 0.7, 0.9])).toBe(1);
    expect(codeOf(() => averagePrecision([0, 0], [0.1, 0.2]))).toBe('CHURN_ERR_SINGLE_CLASS');
  });
});

describe('roc auc (midranks for ties)', () => {
  it('matches the scikit-learn documentation example', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, EXACT);
  });

  it('counts ties as one half', () => {
    expect(rocAuc([1, 0, 0, 1, 0, 1], [0.8, 0.8, 0.3, 0.3, 0.1, 0.9])).toBeCloseTo(7 / 9, EXACT);
    expect(rocAuc([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5])).toBeCloseTo(0.5, EXACT);
  });

  it('agrees with pairwise counting on random scores with ties (1e-12)', () => {
    const random = rng(4);
    const labels = Array.from({ length: 400 }, () => (random() < 0.2 ? 1 : 0));
    const scores = labels.map((y) => Math.round((random() + 0.4 * y) * 10) / 10);
    expect(Math.abs(rocAuc(labels, scores) - bruteAuc(labels, scores))).toBeLessThan(1e-12);
  });

  it('refuses a single class and mismatched lengths', () => {
    expect(codeOf(() => rocAuc([1, 1], [0.1, 0.2]))).toBe('CHURN_ERR_SINGLE_CLASS');
    expect(codeOf(() => rocAuc([1, 0], [0.1]))).toBe('CHURN_ERR_LENGTH_MISMATCH');
    expect(codeOf(() => rocAuc([], []))).toBe('CHURN_ERR_EMPTY_FRAME');
    expect(codeOf(() => rocAuc([1, 2], [0.1, 0.2]))).toBe('CHURN_ERR_INVALID_LABEL');
  });
});

describe('threshold metrics', () => {
  it('predicts churn at score >= threshold', () => {
    expect(confusionMatrix([1, 0, 1, 0], [0.5, 0.49, 0.2, 0.7], 0.5)).toEqual({
      tn: 1,
      fp: 1,
      fn: 1,
      tp: 1,
    });
  });

  it('derives precision, recall, F1, rates and counts', () => {
    const m = binaryMetrics([1, 0, 0, 1, 0, 1], [0.8, 0.8, 0.3, 0.3, 0.1, 0.9], 0.5);
    expect(m.confusion_matrix).toEqual({ tn: 2, fp: 1, fn: 1, tp: 2 });
    expect(m.precision).toBeCloseTo(2 / 3, EXACT);
    expect(m.recall).toBeCloseTo(2 / 3, EXACT);
    expect(m.f1).toBeCloseTo(2 / 3, EXACT);
    expect(m.accuracy).toBeCloseTo(4 / 6, EXACT);
    expect(m.rows).toBe(6);
    expect(m.churn_rate).toBeCloseTo(0.5, EXACT);
    expect(m.predicted_churn_rate).toBeCloseTo(0.5, EXACT);
    expect(m.pr_auc).toBeCloseTo(34 / 45, EXACT);
    expect(m.roc_auc).toBeCloseTo(7 / 9, EXACT);
  });

  it('gives 0 where a denominator is 0', () => {
    const m = binaryMetrics([1, 0], [0.1, 0.2], 0.9);
    expect([m.precision, m.recall, m.f1]).toEqual([0, 0, 0]);
  });
});
