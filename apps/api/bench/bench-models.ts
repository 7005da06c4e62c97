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

/** Trees the default-config candidate keeps after early stopping (seen in `npm run pipeline`). */
export const TRAINED_TREES = 66;

/**
 * A random ensemble of the trained candidate's shape: `npm run pipeline` with the default
 * config keeps ~66 trees (early stopping) of at most 31 leaves (max_leaf_nodes) and depth 6.
 * Trees grow leaf-wise like the trainer's: a random leaf above the depth limit splits until
 * the leaf budget is spent; splits use random features.
 */
function gb(trees: number, maxLeaves = 31, maxDepth = 6): GradientBoostingParams {
  let seed = 42;
  const random = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const featureOrder = FEATURES.map((feature) => feature.name);
  return {
    kind: 'gradient_boosting',
    numeric: numeric.map((feature) => ({ name: feature.name, impute: 0 })),
    categorical: categorical.map((feature) => ({ name: feature.name, categories: VOCABULARY })),
    featureOrder,
    baseScore: -0.5,
    trees: Array.from({ length: trees }, () => {
      const feature = [-1];
      const threshold = [0];
      const left = [-1];
      const right = [-1];
      const depth = [0];
      let leaves = 1;
      while (leaves < maxLeaves) {
        const open = depth.flatMap((d, node) => (left[node] === -1 && d < maxDepth ? [node] : []));
        if (open.length === 0) break;
        const node = open[Math.floor(random() * open.length)]!;
        feature[node] = Math.floor(random() * featureOrder.length);
        threshold[node] = Math.fround(random() * 30);
        for (const side of [left, right]) {
          side[node] = feature.length;
          feature.push(-1);
          threshold.push(0);
          left.push(-1);
          right.push(-1);
          depth.push(depth[node]! + 1);
        }
        leaves++;
      }
      return {
        feature: Int32Array.from(feature),
        threshold: Float32Array.from(threshold),
        left: Int32Array.from(left),
        right: Int32Array.from(right),
        value: Float64Array.from(left, (child) => (child === -1 ? (random() - 0.5) * 0.1 : 0)),
      };
    }),
  };
}

/** A temporary artifacts folder whose registry's production model is `kind` (`trees` for gb). */
export async function benchArtifacts(kind: 'gb' | 'lr', trees = TRAINED_TREES): Promise<string> {
  const artifacts = await mkdtemp(join(tmpdir(), 'churn-api-bench-'));
  const params: ModelParams = kind === 'gb' ? gb(trees) : lr();
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
