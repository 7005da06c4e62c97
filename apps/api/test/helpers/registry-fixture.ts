import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogisticRegressionParams } from '@churn/model';
import { exportModel } from '@churn/model/onnx';
import { openRegistry, type Registry } from '@churn/registry';
import { FEATURES } from './fake-model.js';

/**
 * Hand-written logistic regression over the model's columns: fast and deterministic, no training.
 * Risk rises with days_since_last_activity and falls with active_days_30d; paid users churn less.
 */
export function lrParams(intercept = -1): LogisticRegressionParams {
  const weights: Record<string, number> = { days_since_last_activity: 0.08, active_days_30d: -0.1 };
  return {
    kind: 'logistic_regression',
    intercept,
    numeric: FEATURES.filter((feature) => feature.type === 'numeric').map((feature) => ({
      name: feature.name,
      impute: 0,
      mean: 0,
      scale: 1,
      weight: weights[feature.name] ?? 0,
    })),
    categorical: FEATURES.filter((feature) => feature.type === 'categorical').map((feature) => ({
      name: feature.name,
      categories: feature.name === 'plan' ? ['free', 'paid'] : ['a', 'b'],
      weights: feature.name === 'plan' ? [0.2, -0.3] : [0, 0],
    })),
  };
}

/** P(churn) of `lrParams(intercept)` computed in TypeScript, for comparison with ONNX. */
export function lrRisk(intercept: number, features: Record<string, unknown>): number {
  const num = (name: string) => {
    const value = features[name];
    return typeof value === 'number' ? Math.fround(value) : 0;
  };
  const plan = features.plan === 'free' ? 0.2 : features.plan === 'paid' ? -0.3 : 0;
  const z =
    intercept + 0.08 * num('days_since_last_activity') - 0.1 * num('active_days_30d') + plan;
  return 1 / (1 + Math.exp(-z));
}

export interface RegistryFixture {
  readonly root: string;
  readonly registryDir: string;
  readonly modelsDir: string;
  readonly registry: Registry;
  /** Exports and registers a model; `minute` makes versions distinct. Returns the version. */
  publish(intercept: number, minute: number): Promise<string>;
  promote(version: string): Promise<void>;
  /** Overwrites the model's ONNX file, so its checksum no longer matches the card. */
  corrupt(version: string): Promise<void>;
  remove(): Promise<void>;
}

export async function registryFixture(): Promise<RegistryFixture> {
  const root = await mkdtemp(join(tmpdir(), 'churn-api-'));
  const registryDir = join(root, 'artifacts', 'registry');
  const modelsDir = join(root, 'artifacts', 'models');
  const registry = openRegistry({ dir: registryDir, modelsDir });
  return {
    root,
    registryDir,
    modelsDir,
    registry,
    async publish(intercept, minute) {
      const exported = await exportModel(
        lrParams(intercept),
        {
          name: 'logistic_regression',
          createdAt: new Date(Date.UTC(2026, 10, 26, 12, minute)),
          threshold: 0.5,
          primaryMetric: 'pr_auc',
          metrics: { pr_auc: 0.8, roc_auc: 0.9 },
          trainingData: {
            fingerprint: `sha256:${'0'.repeat(64)}`,
            rows: 100,
            trainRows: 80,
            testRows: 20,
            fromDate: '2025-01-01',
            toDate: '2025-04-30',
          },
        },
        modelsDir,
      );
      await registry.register({ card: exported.card, modelDir: exported.dir });
      return exported.version;
    },
    async promote(version) {
      await registry.setProduction(version);
    },
    async corrupt(version) {
      await writeFile(join(modelsDir, version, 'model.onnx'), 'not an onnx model');
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
