import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig, type ResolvedConfig } from '@churn/config';
import { parseReferenceProfile, REFERENCE_PROFILE_FILE } from '@churn/features';
import { readModelCard } from '@churn/model';
import { beforeAll, describe, expect, it } from 'vitest';
import { featuresStep } from '../src/steps/features.js';
import { generateStep } from '../src/steps/generate.js';
import { labelsStep } from '../src/steps/labels.js';
import { prepareStep } from '../src/steps/prepare.js';
import { trainStep } from '../src/steps/train.js';
import { contextFor, runStep, testConfig } from './fixtures.js';

/** A second config reading the same data, writing artifacts elsewhere. */
function withArtifacts(config: ResolvedConfig, artifacts: string): ResolvedConfig {
  return loadConfig({
    cwd: config.root,
    env: {},
    overrides: {
      paths: { data: config.paths.data, artifacts },
      generate: { n_users: config.generate.n_users, days: config.generate.days },
      training: { gradient_boosting: { max_iter: 15 } },
    },
  });
}

async function trainedFiles(config: ResolvedConfig) {
  const context = contextFor(config);
  const progress: number[] = [];
  context.progress.update = (done) => progress.push(done);
  const result = await trainStep.run(context);
  const metricsFiles = (await readdir(config.paths.metrics)).sort();
  const modelDirs = (await readdir(config.paths.models)).sort();
  return { result, context, progress, metricsFiles, modelDirs };
}

let data: ResolvedConfig;

beforeAll(async () => {
  data = testConfig({ n_users: 80, days: 75, seed: 7 });
  for (const step of [generateStep, prepareStep, featuresStep, labelsStep]) {
    await runStep(step, contextFor(data));
  }
}, 60_000);

describe('train step', () => {
  it('exports both models with cards and metrics JSON, deterministically', async () => {
    const first = withArtifacts(data, join(data.root, 'artifacts-1'));
    const second = withArtifacts(data, join(data.root, 'artifacts-2'));
    const a = await trainedFiles(first);
    const b = await trainedFiles(second);

    expect(a.modelDirs).toHaveLength(2);
    expect(a.metricsFiles).toEqual(a.modelDirs.map((dir) => `${dir}.json`));
    expect(a.modelDirs.map((dir) => dir.split('-')[0])).toEqual([
      'gradient_boosting',
      'logistic_regression',
    ]);
    // one progress update per boosting iteration
    expect(a.progress).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));

    for (const [i, dir] of a.modelDirs.entries()) {
      const onnxA = await readFile(join(first.paths.models, dir, 'model.onnx'));
      const onnxB = await readFile(join(second.paths.models, b.modelDirs[i]!, 'model.onnx'));
      expect(onnxB.equals(onnxA)).toBe(true);
      const metricsA = await readFile(join(first.paths.metrics, a.metricsFiles[i]!), 'utf8');
      const metricsB = await readFile(join(second.paths.metrics, b.metricsFiles[i]!), 'utf8');
      expect(metricsB).toBe(metricsA);

      const metrics = JSON.parse(metricsA);
      const card = await readModelCard(join(first.paths.models, dir, 'model-card.json'));
      expect(card.metrics).toEqual(metrics);
      expect(card.trainingData.rows).toBe(metrics.train_rows + metrics.test_rows);
      expect(card.trainingData.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(metrics.pr_auc).toBeGreaterThan(0);
      expect(metrics.pr_auc).toBeLessThanOrEqual(1);
      expect(metrics.roc_auc).toBeGreaterThan(0.5);
      const cm = metrics.confusion_matrix;
      expect(cm.tn + cm.fp + cm.fn + cm.tp).toBe(metrics.test_rows);
      expect(metrics.test_from > metrics.train_to).toBe(true);
      expect(metrics.features).toBe(47);
      expect(metrics.include_engagement_score).toBe(false);
      // The reference profile: the test split's rows and the model's own scores on them.
      const profileFile = join(first.paths.models, dir, REFERENCE_PROFILE_FILE);
      const profile = parseReferenceProfile(await readFile(profileFile, 'utf8'), profileFile);
      expect(profile.model).toEqual({ name: metrics.name, version: dir });
      expect(profile.window).toEqual({ from: metrics.test_from, to: metrics.test_to });
      expect(profile.trainingWindow).toEqual({ from: metrics.train_from, to: metrics.test_to });
      expect(profile.populations.all.rows).toBe(metrics.test_rows);
      expect(profile.populations.active.rows).toBeLessThanOrEqual(metrics.test_rows);
      expect(profile.populations.all.predictions.count).toBe(metrics.test_rows);
      expect(Object.keys(profile.populations.all.categorical).sort()).toEqual([
        'country',
        'marketing_source',
        'plan',
      ]);
      expect(Object.keys(profile.populations.all.numeric)).toHaveLength(44);
      if (metrics.name === 'gradient_boosting') {
        // early stopping is on by default: rounds grown, trees kept, held-out dates
        const { training } = metrics;
        expect(training.early_stopping).toBe(true);
        expect(training.iterations).toBeLessThanOrEqual(15);
        expect(training.best_iteration).toBeGreaterThanOrEqual(1);
        expect(training.best_iteration).toBeLessThanOrEqual(training.iterations);
        expect(training.validation_rows).toBeGreaterThan(0);
        expect(training.validation_average_precision).toBeGreaterThan(0);
      }
    }
    expect(a.context.lines.some((line) => line.startsWith('gradient_boosting: pr_auc'))).toBe(true);
  }, 120_000);

  it('fails and exports nothing when logistic regression does not converge', async () => {
    const config = loadConfig({
      cwd: data.root,
      env: {},
      overrides: {
        paths: { data: data.paths.data, artifacts: join(data.root, 'artifacts-unconverged') },
        training: { logistic_regression: { max_iter: 1 } },
      },
    });
    await expect(trainStep.run(contextFor(config))).rejects.toMatchObject({
      code: 'CHURN_ERR_NOT_CONVERGED',
    });
    await expect(readdir(config.paths.models)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('trains on a random training.max_train_rows rows when the training dates hold more', async () => {
    const config = loadConfig({
      cwd: data.root,
      env: {},
      overrides: {
        paths: { data: data.paths.data, artifacts: join(data.root, 'artifacts-capped') },
        training: { max_train_rows: 1000, gradient_boosting: { max_iter: 5 } },
      },
    });
    const { context, metricsFiles } = await trainedFiles(config);
    for (const file of metricsFiles) {
      const metrics = JSON.parse(await readFile(join(config.paths.metrics, file), 'utf8'));
      expect(metrics.train_rows).toBe(1000);
    }
    expect(context.lines.some((line) => line.includes('a random 1000 of'))).toBe(true);
  }, 60_000);

  it('names the labels step when the training set is missing', async () => {
    const empty = testConfig();
    await expect(trainStep.run(contextFor(empty))).rejects.toMatchObject({
      code: 'CHURN_ERR_INPUT_MISSING',
    });
  });
});
