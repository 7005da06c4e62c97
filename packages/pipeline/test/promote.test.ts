import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@churn/config';
import { BackgroundCsvWriter } from '@churn/io';
import type { LogisticRegressionParams } from '@churn/model';
import { exportModel } from '@churn/model/onnx';
import { openRegistry } from '@churn/registry';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promoteStep } from '../src/steps/promote.js';

const params: LogisticRegressionParams = {
  kind: 'logistic_regression',
  numeric: [{ name: 'days_since_signup', impute: 0, mean: 10, scale: 5, weight: 0.5 }],
  categorical: [{ name: 'plan', categories: ['free', 'paid'], weights: [0.2, -0.2] }],
  intercept: 0,
};

let root: string;
let lines: string[];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'churn-promote-'));
  lines = [];
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function context(minImprovement = 0.001) {
  const config = loadConfig({
    cwd: root,
    env: {},
    overrides: {
      paths: { artifacts: join(root, 'artifacts'), data: join(root, 'data') },
      promotion: { min_improvement: minImprovement },
    },
  });
  return {
    config,
    log: (line: string) => lines.push(line),
    progress: { start() {}, update() {} },
    writer: new BackgroundCsvWriter(),
  };
}

/** Exports a model as train does; `second` shifts createdAt so versions differ. */
async function trained(name: string, prAuc: number, second: number) {
  const { config } = context();
  return exportModel(
    { ...params, intercept: prAuc },
    {
      name,
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, second)),
      threshold: 0.5,
      primaryMetric: 'pr_auc',
      metrics: { pr_auc: prAuc, roc_auc: 0.9 },
      trainingData: {
        fingerprint: `sha256:${'f'.repeat(64)}`,
        rows: 10,
        trainRows: 8,
        testRows: 2,
        fromDate: '2025-01-01',
        toDate: '2025-01-10',
      },
    },
    config.paths.models,
  );
}

describe('promote step', () => {
  it('registers the new models and promotes the best as the first production model', async () => {
    const lr = await trained('logistic_regression', 0.92, 1);
    const gb = await trained('gradient_boosting', 0.935, 2);
    const result = await promoteStep.run(context());
    const registry = openRegistry({ dir: context().config.paths.registry });
    const state = await registry.read();
    expect(state.models.map((entry) => entry.version).sort()).toEqual(
      [gb.version, lr.version].sort(),
    );
    expect(state.production).toEqual({ name: 'gradient_boosting', version: gb.version });
    expect((await registry.production())?.modelDir).toBe(gb.dir);
    expect(result.summary).toContain(`promoted ${gb.version}`);
    expect(result.outputs).toEqual([registry.file]);
    expect(lines.filter((line) => line.startsWith('registered'))).toHaveLength(2);
  });

  it('keeps production when a new model is not better by the margin, and logs both metrics', async () => {
    const first = await trained('gradient_boosting', 0.935, 1);
    await promoteStep.run(context());
    const next = await trained('gradient_boosting', 0.9355, 2);
    const result = await promoteStep.run(context(0.001));
    expect(result.summary).toBe(
      `kept ${first.version} (pr_auc 0.9350): candidate ${next.version} (pr_auc 0.9355) is not better by the margin 0.001`,
    );
    const state = await openRegistry({ dir: context().config.paths.registry }).read();
    expect(state.production?.version).toBe(first.version);
    expect(state.models).toHaveLength(2);
  });

  it('promotes a new model that clears the margin; a re-run changes nothing', async () => {
    await trained('gradient_boosting', 0.93, 1);
    await promoteStep.run(context());
    const better = await trained('gradient_boosting', 0.94, 2);
    expect((await promoteStep.run(context())).summary).toContain(`promoted ${better.version}`);
    const again = await promoteStep.run(context());
    expect(again.summary).toContain('no new model');
    const state = await openRegistry({ dir: context().config.paths.registry }).read();
    expect(state.production?.version).toBe(better.version);
  });

  it('skips unreadable cards and temp folders, and fails with no model at all', async () => {
    const { config } = context();
    await mkdir(join(config.paths.models, 'broken'), { recursive: true });
    await writeFile(join(config.paths.models, 'broken', 'model-card.json'), '{"kind":"other"}');
    await mkdir(join(config.paths.models, '.tmp-x'), { recursive: true });
    await expect(promoteStep.run(context())).rejects.toMatchObject({ code: 'CHURN_ERR_NO_MODELS' });
    expect(lines).toEqual([
      `skipped ${join(config.paths.models, 'broken')}: CHURN_ERR_MODEL_CARD_KIND`,
    ]);
  });
});
