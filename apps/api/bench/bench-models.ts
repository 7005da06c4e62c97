import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelFeatureColumns } from '@churn/features';
import type { GradientBoostingParams, LogisticRegressionParams, ModelParams } from '@churn/model';
import { exportModel } from '@churn/model/onnx';
import { randomGradientBoosting } from '@churn/model/synthetic';
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

/** Random trees of the trained candidate's shape (<= 31 leaves, depth <= 6). */
function gb(trees: number): GradientBoostingParams {
  return randomGradientBoosting({
    numeric: numeric.map((feature) => feature.name),
    categorical: categorical.map((feature) => ({ name: feature.name, categories: VOCABULARY })),
    featureOrder: FEATURES.map((feature) => feature.name),
    trees,
  });
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
