import type { GradientBoostingParams, LogisticRegressionParams } from '@churn/model';
import { binaryMetrics, Random } from '@churn/model/train';
import { type AccuracyReportData, renderAccuracyReport } from './accuracy-report.js';
import { type DriftReportData, renderDriftReport } from './drift-report.js';
import { modelEvaluation } from './model-evaluation.js';
import { type ModelReportInput, renderModelReport } from './model-report.js';

/**
 * Sample reports from made-up data: for the browser check, demos and screenshots, without
 * training a model. Deterministic: the same call gives the same page.
 */

/** Labels and scores with a known separation, from the seeded `Random` of @churn/model/train. */
export function sampleScores(
  rows: number,
  churnRate = 0.12,
  seed = 1,
): { labels: Uint8Array; scores: Float64Array } {
  const random = new Random(seed);
  const uniform = () => random.next();
  const labels = new Uint8Array(rows);
  const scores = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    labels[i] = uniform() < churnRate ? 1 : 0;
    // Class log-odds 3 apart with logistic noise: roc_auc about 0.95.
    const u = Math.min(Math.max(uniform(), 1e-9), 1 - 1e-9);
    const logit = (labels[i] ? 0.8 : -3.2) + Math.log(u / (1 - u)) * 0.9;
    scores[i] = 1 / (1 + Math.exp(-logit));
  }
  return { labels, scores };
}

const FEATURES = [
  'days_since_last_activity',
  'active_days_30d',
  'events_30d',
  'watch_minutes_30d',
  'logins_7d',
  'quiz_attempts_30d',
  'days_since_signup',
  'payments_30d',
  'plan',
  'country',
];

/** A gradient boosting model of one stump per feature with made-up gains. */
function sampleParams(): GradientBoostingParams {
  const trees = FEATURES.map((_, f) => ({
    feature: Int32Array.from([f, -1, -1]),
    threshold: Float32Array.from([1, 0, 0]),
    left: Int32Array.from([1, -1, -1]),
    right: Int32Array.from([2, -1, -1]),
    value: Float64Array.from([0, -0.1, 0.1]),
    gain: Float64Array.from([1000 / (f + 1) ** 1.4, 0, 0]),
  }));
  return {
    kind: 'gradient_boosting',
    numeric: FEATURES.slice(0, 8).map((name) => ({ name, impute: 0 })),
    categorical: [
      { name: 'plan', categories: ['basic', 'pro'] },
      { name: 'country', categories: ['DE', 'US'] },
    ],
    featureOrder: FEATURES,
    baseScore: -2,
    trees,
  };
}

/** A logistic regression over the sample features, for the other importance kind. */
export function sampleLogisticParams(): LogisticRegressionParams {
  return {
    kind: 'logistic_regression',
    numeric: FEATURES.slice(0, 8).map((name, k) => ({
      name,
      mean: 0,
      scale: 1,
      impute: 0,
      weight: (k % 2 === 0 ? 1 : -1) * (1.5 / (k + 1)),
    })),
    categorical: [{ name: 'plan', categories: ['basic', 'pro'], weights: [0.4, -0.3] }],
    intercept: -2,
  };
}

/** The input of a sample model report: a candidate gated against a slightly worse production. */
export function sampleModelReportInput(): ModelReportInput {
  const { labels, scores } = sampleScores(4000);
  const threshold = 0.5;
  const metrics = binaryMetrics(labels, scores, threshold);
  const evaluation = modelEvaluation({
    model: { name: 'gradient_boosting', version: '20250501T020000Z-gradient_boosting-1a2b3c' },
    labels,
    scores,
    params: sampleParams(),
  });
  const older = sampleScores(3600, 0.11, 2);
  // A weaker production model: a share of its scores are noise.
  const olderScores = older.scores.map((s, i) => (i % 4 === 0 ? (s + (i % 97) / 97) / 2 : s));
  const production = modelEvaluation({
    model: { name: 'gradient_boosting', version: '20250401T020000Z-gradient_boosting-9f8e7d' },
    labels: older.labels,
    scores: olderScores,
    params: sampleParams(),
  });
  const productionMetrics = binaryMetrics(older.labels, olderScores, threshold);
  return {
    model: {
      name: 'gradient_boosting',
      version: evaluation.model.version,
      algorithm: 'hist_gradient_boosting',
      createdAt: '2025-05-01T02:00:00.000Z',
      primaryMetric: 'pr_auc',
    },
    metrics: {
      ...metrics,
      train_rows: 12000,
      test_rows: labels.length,
      train_churn_rate: 0.118,
      test_churn_rate: metrics.churn_rate,
      test_predicted_churn_rate: metrics.predicted_churn_rate,
      train_from: '2025-01-01',
      train_to: '2025-03-13',
      test_from: '2025-03-14',
      test_to: '2025-03-31',
      features: FEATURES.length,
      imbalance_strategy: 'none',
      training: { iterations: 120, best_iteration: 110, early_stopping: true },
    },
    trainingData: {
      fingerprint: `sha256:${'ab'.repeat(32)}`,
      rows: 16000,
      fromDate: '2025-01-01',
      toDate: '2025-03-31',
    },
    evaluation,
    gate: {
      primaryMetric: 'pr_auc',
      minImprovement: 0.001,
      promoted: true,
      summary: `promoted over production ${production.model.version}: pr_auc ${metrics.pr_auc.toFixed(4)} against ${productionMetrics.pr_auc.toFixed(4)}, an improvement of at least 0.001`,
      production: {
        name: 'gradient_boosting',
        version: production.model.version,
        metrics: numbersOf({
          ...productionMetrics,
          test_predicted_churn_rate: productionMetrics.predicted_churn_rate,
        }),
        evaluation: production,
      },
    },
  };
}

/** A sample model report page. */
export function sampleModelReport(): string {
  return renderModelReport(sampleModelReportInput());
}

/** The numeric fields of a metrics object, as the registry stores them. */
function numbersOf(metrics: object): Record<string, number> {
  return Object.fromEntries(
    Object.entries(metrics).filter(
      (entry): entry is [string, number] => typeof entry[1] === 'number',
    ),
  );
}

const NUMERIC_BINS = [
  [null, 0],
  [0, 2],
  [2, 5],
  [5, 9],
  [9, 14],
  [14, 20],
  [20, 28],
  [28, null],
] as const;

/** A sample drift report: a day with halved activity and more users from ads (as shift-demo). */
export function sampleDriftReportData(): DriftReportData {
  const reference = [0.12, 0.14, 0.13, 0.13, 0.12, 0.13, 0.12, 0.11];
  const shifted = [0.25, 0.24, 0.17, 0.12, 0.09, 0.06, 0.04, 0.03];
  const steady = [0.121, 0.138, 0.131, 0.129, 0.121, 0.13, 0.12, 0.11];
  const numeric = (name: string, current: readonly number[], psi: number) => ({
    name,
    type: 'numeric' as const,
    psi,
    status: (psi >= 0.25 ? 'FAIL' : psi >= 0.1 ? 'WARN' : 'OK') as 'OK' | 'WARN' | 'FAIL',
    currentMissing: 0,
    bins: NUMERIC_BINS.map(([lower, upper], k) => ({
      lower,
      upper,
      referenceShare: reference[k]!,
      currentShare: current[k]!,
    })),
  });
  return {
    createdAt: '2025-05-01T02:05:00.000Z',
    status: 'FAIL',
    method:
      "psi against the model's reference profile (8 quantile bins per numeric feature, one bin per category, epsilon 1e-4 for empty bins)",
    thresholds: { warn: 0.1, fail: 0.25 },
    reference: {
      model: { name: 'gradient_boosting', version: '20250501T020000Z-gradient_boosting-1a2b3c' },
      source: 'training set, test split (2025-03-14..2025-03-31)',
      window: { from: '2025-01-01', to: '2025-03-31' },
      rows: 33097,
    },
    current: {
      file: 'data/features/user_features_daily_shifted.csv',
      asOfDate: '2025-04-30',
      rows: 1569,
      population: { kind: 'active', excludedRows: 431 },
    },
    features: [
      numeric('active_days_30d', shifted, 0.412),
      numeric(
        'events_30d',
        shifted.map((s, k) => (s + steady[k]!) / 2),
        0.142,
      ),
      numeric('days_since_last_activity', steady, 0.004),
      {
        name: 'marketing_source',
        type: 'categorical',
        psi: 0.98,
        status: 'FAIL',
        categories: [
          { category: 'ads', referenceShare: 0.22, currentShare: 0.6 },
          { category: 'organic', referenceShare: 0.41, currentShare: 0.22 },
          { category: 'referral', referenceShare: 0.37, currentShare: 0.18 },
        ],
      },
    ],
    predictions: {
      psi: 0.071,
      status: 'OK',
      currentMean: 0.36,
      bins: NUMERIC_BINS.map((_, k) => ({
        lower: k === 0 ? null : k / 8,
        upper: k === 7 ? null : (k + 1) / 8,
        referenceShare: reference[k]!,
        currentShare: steady[7 - k]!,
      })),
    },
    failing: ['active_days_30d', 'marketing_source'],
  };
}

/** A sample drift report page. */
export function sampleDriftReport(): string {
  return renderDriftReport(sampleDriftReportData());
}

/** A sample realized-accuracy report: 18 graded days, one pending. */
export function sampleAccuracyReportData(): AccuracyReportData {
  const days = Array.from({ length: 18 }, (_, k) => {
    const date = new Date(Date.UTC(2025, 2, 14 + k)).toISOString().slice(0, 10);
    const wobble = Math.sin(k * 1.7) * 0.004;
    return {
      asOfDate: date,
      model: { name: 'gradient_boosting', version: '20250301T020000Z-gradient_boosting-77aa10' },
      production: true,
      rows: 1775 + ((k * 37) % 124),
      unlabelled: k % 5 === 0 ? 3 : 0,
      churnRate: 0.116 + ((k * 7) % 6) / 1000,
      pr_auc: 0.88 + wobble,
      roc_auc: 0.955 + wobble / 2,
    };
  });
  return {
    createdAt: '2025-05-01T03:00:00.000Z',
    windowDays: 30,
    labels: { lastDate: '2025-03-31' },
    days,
    pending: ['2025-04-30'],
  };
}

/** A sample realized-accuracy page. */
export function sampleAccuracyReport(): string {
  return renderAccuracyReport(sampleAccuracyReportData());
}
