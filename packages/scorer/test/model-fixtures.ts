import type { GradientBoostingParams, LogisticRegressionParams } from '@churn/model';
import type { ExportMeta } from '@churn/model/onnx';

/** Small models with known parameters, exported by the tests with exportModel. */
export const lr: LogisticRegressionParams = {
  kind: 'logistic_regression',
  numeric: [
    { name: 'days_since_signup', impute: 30, mean: 40, scale: 25, weight: -0.8 },
    { name: 'events_7d', impute: 2, mean: 12.5, scale: 9.25, weight: -1.3 },
  ],
  categorical: [
    { name: 'plan', categories: ['free', 'missing', 'paid'], weights: [0.35, 0.1, -0.35] },
  ],
  intercept: -0.25,
};

export const gb: GradientBoostingParams = {
  kind: 'gradient_boosting',
  numeric: [{ name: 'events_7d', impute: 2 }],
  categorical: [{ name: 'plan', categories: ['free', 'paid'] }],
  featureOrder: ['plan', 'events_7d'],
  baseScore: -0.5,
  trees: [
    {
      feature: Int32Array.from([1, -1, 0, -1, -1]),
      threshold: Float32Array.from([2.5, 0, 0.5, 0, 0]),
      left: Int32Array.from([1, -1, 3, -1, -1]),
      right: Int32Array.from([2, -1, 4, -1, -1]),
      value: Float64Array.from([0, 0.4, 0, 0.2, -0.3]),
    },
  ],
};

export const meta = (name: string): ExportMeta => ({
  name,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  threshold: 0.5,
  primaryMetric: 'pr_auc',
  metrics: { pr_auc: 0.9 },
  trainingData: {
    fingerprint: `sha256:${'d'.repeat(64)}`,
    rows: 1,
    trainRows: 1,
    testRows: 0,
    fromDate: '2025-01-01',
    toDate: '2025-01-01',
  },
});

export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
