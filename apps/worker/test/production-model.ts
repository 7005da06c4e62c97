import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type ResolvedConfig } from '@churn/config';
import { TABLE_FILES } from '@churn/features';
import type { LogisticRegressionParams } from '@churn/model';
import { exportModel } from '@churn/model/onnx';
import { openRegistry } from '@churn/registry';
import { loadScorer } from '@churn/scorer';
import { ModelHolder } from '../src/model-holder.js';
import { FEATURES, type Row, tempDir, writeCsvFile } from './fixtures.js';

/** A hand-written logistic regression over every model column (modelFeatureColumns). */
export const LR_PARAMS: LogisticRegressionParams = {
  kind: 'logistic_regression',
  numeric: FEATURES.filter((f) => f.type === 'numeric').map((f, j) => ({
    name: f.name,
    impute: j % 3,
    mean: 5 + (j % 4),
    scale: 4 + (j % 5),
    weight: ((j % 7) - 3) / 10,
  })),
  categorical: [
    { name: 'plan', categories: ['free', 'paid'], weights: [0.4, -0.4] },
    { name: 'country', categories: ['CA', 'IN', 'US'], weights: [0.2, -0.1, 0.3] },
    {
      name: 'marketing_source',
      categories: ['ads', 'missing', 'organic'],
      weights: [0.3, 0.5, -0.2],
    },
  ],
  intercept: -0.3,
};

/** A throwaway project root with its configuration (all paths inside it). */
export function project(): { root: string; config: ResolvedConfig } {
  const root = tempDir('churn-worker-project-');
  return { root, config: loadConfig({ cwd: root, env: { CHURN_MLOPS_ROOT: root } }) };
}

/** Exports LR_PARAMS to ONNX, registers it and makes it the production model. */
export async function promoteTestModel(config: ResolvedConfig): Promise<string> {
  const exported = await exportModel(
    LR_PARAMS,
    {
      name: 'logistic_regression',
      createdAt: new Date('2025-05-01T00:00:00Z'),
      threshold: 0.5,
      primaryMetric: 'pr_auc',
      metrics: { pr_auc: 0.5 },
      trainingData: {
        fingerprint: `sha256:${'0'.repeat(64)}`,
        rows: 1,
        trainRows: 1,
        testRows: 0,
        fromDate: '2025-01-01',
        toDate: '2025-01-01',
      },
    },
    config.paths.models,
  );
  const registry = openRegistry({ dir: config.paths.registry, modelsDir: config.paths.models });
  await registry.register({ card: exported.card, modelDir: exported.dir });
  await registry.setProduction(exported.version);
  return exported.version;
}

export function writeFeatures(config: ResolvedConfig, rows: readonly Row[]): string {
  mkdirSync(config.paths.features, { recursive: true });
  return writeCsvFile(config.paths.features, TABLE_FILES.features, rows);
}

export function productionHolder(config: ResolvedConfig): ModelHolder {
  return new ModelHolder(
    openRegistry({ dir: config.paths.registry, modelsDir: config.paths.models }),
    (dir) => loadScorer(dir),
  );
}

export { join };
