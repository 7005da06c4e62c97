import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig, type ResolvedConfig } from '@churn/config';
import { openRegistry } from '@churn/registry';
import { MODEL_REPORT_CHARTS, parseModelEvaluation } from '@churn/report';
import { beforeAll, describe, expect, it } from 'vitest';
import { featuresStep } from '../src/steps/features.js';
import { generateStep } from '../src/steps/generate.js';
import { labelsStep } from '../src/steps/labels.js';
import { prepareStep } from '../src/steps/prepare.js';
import { promoteStep } from '../src/steps/promote.js';
import { trainStep } from '../src/steps/train.js';
import { contextFor, runStep, testConfig } from './fixtures.js';

/**
 * The same data and artifacts with other settings for both models, so a second run
 * trains new versions: a version is name, second and content hash, and an unchanged
 * model retrained within the same second is (rightly) the same version.
 */
function withRounds(config: ResolvedConfig, rounds: number, l2: number): ResolvedConfig {
  return loadConfig({
    cwd: config.root,
    env: {},
    overrides: {
      paths: { data: config.paths.data, artifacts: config.paths.artifacts },
      generate: { n_users: config.generate.n_users, days: config.generate.days },
      training: { gradient_boosting: { max_iter: rounds }, logistic_regression: { l2 } },
    },
  });
}

/** `data-metric` (or `data-production-metric`) cells of a page: key -> [unrounded value, shown text]. */
function cells(page: string, attribute = 'data-metric'): Array<[string, number, string]> {
  const pattern = new RegExp(`${attribute}="([a-z0-9_]+)" data-value="([^"]+)">([^<]*)<`, 'g');
  return [...page.matchAll(pattern)].map((m) => [m[1]!, Number(m[2]), m[3]!]);
}

/** The shown text is the value rounded: 4 decimals, a percentage to 0.1, or a count. */
function shows(text: string, value: number): boolean {
  if (text.endsWith(' %')) return Math.abs(Number(text.slice(0, -2)) / 100 - value) <= 0.0005;
  return Math.abs(Number(text.replaceAll(',', '')) - value) <= 0.00005;
}

let first: ResolvedConfig;
let second: ResolvedConfig;
let firstVersions: string[];
let secondVersions: string[];

beforeAll(async () => {
  first = withRounds(testConfig({ n_users: 80, days: 75, seed: 7 }), 10, 1e-4);
  for (const step of [
    generateStep,
    prepareStep,
    featuresStep,
    labelsStep,
    trainStep,
    promoteStep,
  ]) {
    await runStep(step, contextFor(first));
  }
  firstVersions = (await openRegistry({ dir: first.paths.registry }).read()).models.map(
    (m) => m.version,
  );
  second = withRounds(first, 20, 1e-3);
  await trainStep.run(contextFor(second));
  await promoteStep.run(contextFor(second));
  const all = (await openRegistry({ dir: second.paths.registry }).read()).models.map(
    (m) => m.version,
  );
  secondVersions = all.filter((version) => !firstVersions.includes(version));
}, 120_000);

const reportOf = (config: ResolvedConfig, version: string) =>
  readFile(join(config.paths.models, version, 'report.html'), 'utf8');
const metricsOf = async (config: ResolvedConfig, version: string) =>
  JSON.parse(await readFile(join(config.paths.metrics, `${version}.json`), 'utf8'));

describe('model report (train writes evaluation.json, promote writes report.html)', () => {
  it('writes a report with every chart for every trained version', async () => {
    expect(firstVersions).toHaveLength(2);
    expect(secondVersions).toHaveLength(2);
    for (const version of [...firstVersions, ...secondVersions]) {
      const page = await reportOf(first, version);
      for (const chart of MODEL_REPORT_CHARTS) expect(page).toContain(`data-chart="${chart}"`);
      const evaluation = parseModelEvaluation(
        await readFile(join(first.paths.models, version, 'evaluation.json'), 'utf8'),
        version,
      );
      expect(evaluation.model.version).toBe(version);
      expect(evaluation.precisionRecall.length).toBeLessThanOrEqual(200);
      expect(evaluation.roc.length).toBeLessThanOrEqual(200);
    }
  });

  it('shows the numbers of the metrics JSON, unrounded in data-value and rounded in the text', async () => {
    for (const version of [...firstVersions, ...secondVersions]) {
      const metrics = await metricsOf(first, version);
      const shown = cells(await reportOf(first, version));
      const keys = new Set(shown.map(([key]) => key));
      for (const key of [
        'pr_auc',
        'roc_auc',
        'precision',
        'recall',
        'f1',
        'accuracy',
        'threshold',
      ]) {
        expect(keys, key).toContain(key);
      }
      for (const key of [
        'train_rows',
        'test_rows',
        'test_churn_rate',
        'test_predicted_churn_rate',
      ]) {
        expect(keys, key).toContain(key);
      }
      for (const [key, value, text] of shown) {
        expect(value, key).toBe(metrics[key]);
        expect(shows(text, value), `${key}: "${text}" for ${value}`).toBe(true);
      }
      const page = await reportOf(first, version);
      const cm = metrics.confusion_matrix;
      for (const cell of ['tn', 'fp', 'fn', 'tp']) {
        expect(page).toContain(`data-cell="${cell}" data-value="${cm[cell]}"`);
      }
      expect(page).toContain(`<span data-field="train_from">${metrics.train_from}</span>`);
      expect(page).toContain(`<span data-field="test_to">${metrics.test_to}</span>`);
    }
  });

  it("compares a candidate with the production model it was gated against, from that model's metrics JSON", async () => {
    const production = (await openRegistry({ dir: first.paths.registry }).read()).models.find(
      (m) => m.promotedAt !== null && firstVersions.includes(m.version),
    )!;
    const theirs = await metricsOf(first, production.version);
    for (const version of secondVersions) {
      const page = await reportOf(second, version);
      expect(page).toContain(`production ${production.version}`);
      const compared = cells(page, 'data-production-metric');
      expect(compared.map(([key]) => key)).toContain('pr_auc');
      for (const [key, value] of compared) expect(value, key).toBe(theirs[key]);
      // Its curves are drawn beside the candidate's.
      expect(page).toContain(`data-series="production ${production.name}"`);
    }
    // The first production model had nothing to be gated against.
    const firstPage = await reportOf(first, production.version);
    expect(cells(firstPage, 'data-production-metric')).toEqual([]);
    expect(firstPage).toContain('the first production model');
  });
});
