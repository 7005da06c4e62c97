import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type ResolvedConfig } from '@churn/config';
import {
  buildReferenceProfile,
  REFERENCE_PROFILE_FILE,
  readFeatureFrame,
  TABLE_FILES,
} from '@churn/features';
import type { LogisticRegressionParams } from '@churn/model';
import { exportModel } from '@churn/model/onnx';
import { openRegistry } from '@churn/registry';
import { loadScorer } from '@churn/scorer';
import { type ProductionModels, productionModels } from '../src/production-models.js';
import type { BatchScorer } from '../src/score/scorer-port.js';
import { FEATURES, fakeScorer, featureRows, type Row, tempDir, writeCsvFile } from './fixtures.js';

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

export function productionHolder(config: ResolvedConfig): ProductionModels {
  return productionModels(
    openRegistry({ dir: config.paths.registry, modelsDir: config.paths.models }),
    (dir) => loadScorer(dir),
  );
}

const DAYS = ['2025-03-01', '2025-03-02', '2025-03-03', '2025-03-04', '2025-03-05'];

/** Every fourth user has been inactive for 30+ days: outside the active population. */
export function withChurned(rows: Row[]): Row[] {
  return rows.map((row) =>
    Number(row.user_id) % 4 === 0 ? { ...row, days_since_last_activity: '45' } : row,
  );
}

/** A reference profile of 400 users x 5 days, scored by the fixtures' reference model. */
export async function referenceProfile(
  version = 'logistic_regression-test-1',
  scorer: Pick<BatchScorer, 'scoreFrame'> = fakeScorer(),
) {
  const dir = tempDir('churn-profile-');
  const file = writeCsvFile(
    dir,
    'reference.csv',
    withChurned(featureRows({ users: 400, dates: DAYS, seed: 7 })),
  );
  const frame = await readFeatureFrame(file, { columns: FEATURES });
  const scores = await scorer.scoreFrame(frame);
  return buildReferenceProfile({
    model: { name: 'logistic_regression', version },
    source: 'test rows',
    frame,
    scores,
    features: FEATURES,
    trainingWindow: { from: DAYS[0]!, to: DAYS[4]! },
    rows: { train: 0, test: frame.rows },
    bins: 10,
    windowDays: 30,
  });
}

/** Writes the model's reference-profile.json, its scores from the exported model itself. */
export async function writeTestProfile(config: ResolvedConfig, version: string): Promise<void> {
  const scorer = await loadScorer(join(config.paths.models, version));
  const profile = await referenceProfile(version, scorer);
  await scorer.close();
  writeFileSync(
    join(config.paths.models, version, REFERENCE_PROFILE_FILE),
    JSON.stringify(profile),
  );
}

export { join };
