import { averagePrecision, rocAuc } from '@churn/model/train';
import { describe, expect, it } from 'vitest';
import {
  type CurvePoint,
  calibrationBins,
  downsampleCurve,
  MAX_CURVE_POINTS,
  precisionRecallCurve,
  rocCurve,
  scoreDistribution,
  trapezoidArea,
} from '../src/index.js';
import { sampleScores } from '../src/sample.js';

const labels = [0, 0, 1, 1];
const scores = [0.1, 0.4, 0.35, 0.8];

describe('precisionRecallCurve and rocCurve', () => {
  it('give the points of the documented example (scikit-learn gives the same)', () => {
    expect(precisionRecallCurve(labels, scores)).toEqual([
      [0.5, 1, 0.8],
      [0.5, 0.5, 0.4],
      [1, 2 / 3, 0.35],
      [1, 0.5, 0.1],
    ]);
    expect(rocCurve(labels, scores)).toEqual([
      [0, 0, 1],
      [0, 0.5, 0.8],
      [0.5, 0.5, 0.4],
      [0.5, 1, 0.35],
      [1, 1, 0.1],
    ]);
  });

  it('treat tied scores as one threshold', () => {
    expect(rocCurve([0, 1, 1, 0], [0.5, 0.5, 0.9, 0.1])).toEqual([
      [0, 0, 1],
      [0, 0.5, 0.9],
      [0.5, 1, 0.5],
      [1, 1, 0.1],
    ]);
  });

  it('agree with the metrics of @churn/model/train: ROC area = roc_auc, step sum of PR = pr_auc', () => {
    const { labels: y, scores: s } = sampleScores(5000);
    expect(trapezoidArea(rocCurve(y, s))).toBeCloseTo(rocAuc(y, s), 12);
    const pr = precisionRecallCurve(y, s);
    let ap = 0;
    let recall = 0;
    for (const [r, p] of pr) {
      ap += (r - recall) * p;
      recall = r;
    }
    expect(ap).toBeCloseTo(averagePrecision(y, s), 12);
  });

  it('refuse mismatched lengths, bad labels, non-finite scores and a single class, naming the row', () => {
    expect(() => rocCurve([0, 1], [0.5])).toThrow(/2 labels, 1 scores/);
    expect(() => rocCurve([0, 2], [0.1, 0.2])).toThrow(/labels\[1\] is 2/);
    expect(() => rocCurve([0, 1], [0.1, Number.NaN])).toThrow(/scores\[1\] is NaN/);
    expect(() => precisionRecallCurve([1, 1], [0.1, 0.2])).toThrow(/both classes/);
  });
});

describe('downsampleCurve', () => {
  const { labels: y, scores: s } = sampleScores(20_000);
  const full = rocCurve(y, s);

  it('keeps at most 200 points, the first and the last among them, in order', () => {
    expect(full.length).toBeGreaterThan(5000);
    const kept = downsampleCurve(full);
    expect(kept.length).toBeLessThanOrEqual(MAX_CURVE_POINTS);
    expect(kept.length).toBeGreaterThan(150);
    expect(kept[0]).toEqual(full[0]);
    expect(kept.at(-1)).toEqual(full.at(-1));
    const thresholds = kept.map((p) => p[2]);
    expect(thresholds).toEqual([...thresholds].sort((a, b) => b - a));
  });

  it('keeps the shape: the area under the kept ROC points is within 0.002 of the full one', () => {
    expect(Math.abs(trapezoidArea(downsampleCurve(full)) - trapezoidArea(full))).toBeLessThan(
      0.002,
    );
  });

  it('returns a short curve unchanged', () => {
    const short: CurvePoint[] = [
      [0, 0, 1],
      [1, 1, 0],
    ];
    expect(downsampleCurve(short)).toEqual(short);
  });
});

describe('calibrationBins and scoreDistribution', () => {
  it('bin scores into equal-width bins with their mean score and churn rate', () => {
    const bins = calibrationBins([0, 1, 1, 0], [0.05, 0.15, 0.95, 1], 10);
    expect(bins).toHaveLength(10);
    expect(bins[0]).toEqual({ lower: 0, upper: 0.1, rows: 1, meanScore: 0.05, observedRate: 0 });
    expect(bins[1]).toMatchObject({ rows: 1, meanScore: 0.15, observedRate: 1 });
    // 1 falls in the last bin, with 0.95
    expect(bins[9]).toMatchObject({ rows: 2, meanScore: 0.975, observedRate: 0.5 });
    expect(bins[5]).toMatchObject({ rows: 0, meanScore: null, observedRate: null });
  });

  it('count each class per score bin', () => {
    const d = scoreDistribution([0, 1, 1, 0], [0.05, 0.15, 0.95, 1], 4);
    expect(d.edges).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(d.churned).toEqual([1, 0, 0, 1]);
    expect(d.retained).toEqual([1, 0, 0, 1]);
  });
});
