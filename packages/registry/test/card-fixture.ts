import type { ModelCard } from '@churn/model';

/** A minimal valid model card for registry tests. */
export function cardFixture(name: string, version: string, prAuc: number): ModelCard {
  return {
    kind: 'churn-model-card',
    schemaVersion: 2,
    name,
    version,
    algorithm: name === 'logistic_regression' ? 'logistic_regression' : 'hist_gradient_boosting',
    createdAt: '2026-01-01T00:00:00.000Z',
    onnx: {
      file: 'model.onnx',
      sha256: '0'.repeat(64),
      irVersion: 8,
      opsets: [{ domain: '', version: 17 }],
      inputs: [{ name: 'numeric', type: 'float32', shape: [-1, 1], columns: ['x'] }],
      output: { name: 'churn_probability', type: 'float32', shape: [-1, 1] },
    },
    features: [{ name: 'x', type: 'numeric', default: 0 }],
    threshold: 0.5,
    primaryMetric: 'pr_auc',
    metrics: {
      pr_auc: prAuc,
      roc_auc: 0.5,
      confusion_matrix: [
        [1, 0],
        [0, 1],
      ],
    },
    trainingData: {
      fingerprint: `sha256:${'1'.repeat(64)}`,
      rows: 1,
      trainRows: 1,
      testRows: 0,
      fromDate: '2025-01-01',
      toDate: '2025-01-01',
    },
  };
}
