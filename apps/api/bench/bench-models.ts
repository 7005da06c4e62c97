import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelFeatureColumns } from '@churn/features';
import type { GradientBoostingParams, LogisticRegressionParams, ModelParams } from '@churn/model';
import { exportModel } from '@churn/model/onnx';
import { openRegistry } from '@churn/registry';

const FEATURES = modelFeatureColumns({ windowsDays: [7, 14, 30], includeEngagementScore: false });
const numeric = FEATURES.filter((feature) => feature.type === 'numeric');
const categorical = FEATURES.filter((feature) => feature.type === 'categorical');
const VOCABULARY = ['free', 'paid', 'IN', 'US', 'UK', 'organic', 'ads'];

function lr(): LogisticRegressionParams {
  return {
    kind: 'logistic_regression',
    intercept: -1,
    numeric: numeric.map((feature, i) => ({
      name: feature.name,
      impute: 0,
      mean: 1,
      scale: 2,
      weight: (i % 5) * 0.01,
    })),
    categorical: categorical.map((feature) => ({
      name: feature.name,
      categories: VOCABULARY,
      weights: VOCABULARY.map((_, i) => i * 0.01),
    })),
  };
}

/** The shape of the trained candidate: 250 full trees of depth 6, splits on random features. */
function gb(trees = 250, depth = 6): GradientBoostingParams {
  let seed = 42;
  const random = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const featureOrder = FEATURES.map((feature) => feature.name);
  const nodes = 2 ** (depth + 1) - 1;
  const internal = 2 ** depth - 1;
  return {
    kind: 'gradient_boosting',
    numeric: numeric.map((feature) => ({ name: feature.name, impute: 0 })),
    categorical: categorical.map((feature) => ({ name: feature.name, categories: VOCABULARY })),
    featureOrder,
    baseScore: -0.5,
    trees: Array.from({ length: trees }, () => {
      const tree = {
        feature: new Int32Array(nodes).fill(-1),
        threshold: new Float32Array(nodes),
        left: new Int32Array(nodes).fill(-1),
        right: new Int32Array(nodes).fill(-1),
        value: new Float64Array(nodes),
      };
      for (let node = 0; node < nodes; node++) {
        if (node < internal) {
          tree.feature[node] = Math.floor(random() * featureOrder.length);
          tree.threshold[node] = Math.fround(random() * 30);
          tree.left[node] = 2 * node + 1;
          tree.right[node] = 2 * node + 2;
        } else {
          tree.value[node] = (random() - 0.5) * 0.1;
        }
      }
      return tree;
    }),
  };
}

/** A temporary artifacts folder whose registry's production model is `kind`. */
export async function benchArtifacts(kind: 'gb' | 'lr'): Promise<string> {
  const artifacts = await mkdtemp(join(tmpdir(), 'churn-api-bench-'));
  const params: ModelParams = kind === 'gb' ? gb() : lr();
  const exported = await exportModel(
    params,
    {
      name: kind === 'gb' ? 'gradient_boosting' : 'logistic_regression',
      createdAt: new Date(Date.UTC(2026, 10, 26)),
      threshold: 0.5,
      primaryMetric: 'pr_auc',
      metrics: { pr_auc: 0.5 },
      trainingData: {
        fingerprint: `sha256:${'0'.repeat(64)}`,
        rows: 0,
        trainRows: 0,
        testRows: 0,
        fromDate: '2025-01-01',
        toDate: '2025-01-01',
      },
    },
    join(artifacts, 'models'),
  );
  const registry = openRegistry({
    dir: join(artifacts, 'registry'),
    modelsDir: join(artifacts, 'models'),
  });
  await registry.register({ card: exported.card, modelDir: exported.dir });
  await registry.setProduction(exported.version);
  return artifacts;
}
