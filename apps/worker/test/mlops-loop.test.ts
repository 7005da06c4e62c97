import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type ResolvedConfig } from '@churn/config';
import { PIPELINE_STEPS, runPipeline } from '@churn/pipeline';
import { openRegistry } from '@churn/registry';
import { ACCURACY_REPORT_CHARTS } from '@churn/report';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHIFTED_BASES } from '../src/drift/shift-demo.js';
import { createTasks } from '../src/tasks.js';
import { parseCsv, tempDir } from './fixtures.js';
import { productionHolder, promoteTestModel } from './production-model.js';

// The real loop on generated data: the default generator with fewer users, a short boosting.
let config: ResolvedConfig;

beforeAll(async () => {
  const root = tempDir('churn-loop-');
  config = loadConfig({
    cwd: root,
    env: { CHURN_MLOPS_ROOT: root },
    overrides: {
      generate: { n_users: 500 },
      training: { gradient_boosting: { max_iter: 30 } },
    },
  });
  await runPipeline({ config, steps: PIPELINE_STEPS });
}, 300_000);

describe('drift on generated data', { timeout: 120_000 }, () => {
  it('is OK on the unshifted latest day and FAIL naming the shifted features on the demo shift', async () => {
    const models = productionHolder(config);
    const tasks = createTasks(config, models);
    try {
      const report = await tasks.drift({});
      expect(report.status).not.toBe('FAIL');
      expect(report.features.filter((f) => f.status === 'WARN').length).toBeLessThanOrEqual(1);
      expect(report.predictions!.status).not.toBe('FAIL');
      expect(report.current.population.excludedRows).toBeGreaterThan(0);

      const shifted = await tasks.shiftDemo({ out: join(config.root, 'shifted.csv') });
      const drifted = await tasks.drift({ input: shifted.file });
      expect(drifted.status).toBe('FAIL');
      const expected = config.drift.monitored_features.filter(
        (name) =>
          name === 'marketing_source' ||
          SHIFTED_BASES.some((base) => new RegExp(`^${base}_\\d+d$`).test(name)),
      );
      expect(expected.length).toBeGreaterThanOrEqual(5);
      expect(drifted.failing.filter((name) => name !== 'predictions')).toEqual(expected);
    } finally {
      await models.close();
    }
  });
});

describe('realized accuracy on generated data', { timeout: 120_000 }, () => {
  it('joins stored predictions with the labels that matured, per day; newer days are pending', async () => {
    const models = productionHolder(config);
    const tasks = createTasks(config, models);
    try {
      for (const date of ['2025-03-20', '2025-03-31', '2025-04-30']) await tasks.score({ date });
      const report = await tasks.accuracy();
      expect(report.days.map((day) => day.asOfDate)).toEqual(['2025-03-20', '2025-03-31']);
      expect(report.pending).toEqual(['2025-04-30']);
      expect(report.labels.lastDate).toBe('2025-03-31');
      for (const day of report.days) {
        expect(day).toMatchObject({ production: true, unlabelled: 0 });
        expect(day.rows).toBeGreaterThan(100);
        // Independent check of roc_auc: the share of (churner, stayer) pairs ranked right.
        const predictions = parseCsv(
          readFileSync(join(config.paths.predictions, `predictions_${day.asOfDate}.csv`), 'utf8'),
        );
        const labels = new Map(
          parseCsv(readFileSync(join(config.paths.processed, 'labels.csv'), 'utf8'))
            .filter((row) => row.as_of_date === day.asOfDate)
            .map((row) => [row.user_id, row.churn_label]),
        );
        const risk = (label: string) =>
          predictions
            .filter((p) => labels.get(p.user_id!) === label)
            .map((p) => Number(p.churn_risk));
        const [churners, stayers] = [risk('1'), risk('0')];
        let right = 0;
        for (const c of churners) for (const s of stayers) right += c > s ? 1 : c === s ? 0.5 : 0;
        expect(day.roc_auc).toBeCloseTo(right / (churners.length * stayers.length), 6);
        expect(day.churnRate).toBeCloseTo(churners.length / day.rows, 12);
        expect(day.pr_auc).toBeGreaterThan(day.churnRate);
      }
      // The page next to the JSON: both charts, and each day's AUCs as the JSON has them.
      expect(report.page).toBe(join(config.paths.reports, 'realized_accuracy.html'));
      const page = readFileSync(report.page, 'utf8');
      for (const chart of ACCURACY_REPORT_CHARTS) expect(page).toContain(`data-chart="${chart}"`);
      const json = JSON.parse(readFileSync(report.file, 'utf8'));
      for (const day of json.days) {
        for (const metric of ['pr_auc', 'roc_auc']) {
          expect(page).toContain(
            `data-day="${day.asOfDate}" data-metric="${metric}" data-value="${day[metric]}"`,
          );
        }
      }
    } finally {
      await models.close();
    }
  });
});

describe('retrain job', { timeout: 300_000 }, () => {
  it('keeps production when the new model is no better, and promotes over a weaker one', async () => {
    const registry = openRegistry({ dir: config.paths.registry, modelsDir: config.paths.models });
    const first = (await registry.read()).production!;
    const models = productionHolder(config);
    const tasks = createTasks(config, models);
    try {
      // Same raw data, same training: the new models tie with production, below the margin.
      const kept = await tasks.retrain();
      expect(kept.promoted).toBe(false);
      expect(kept.previous).toEqual(first);
      expect(kept.production).toEqual(first);
      expect(kept.decision).toMatch(/^kept /);
      expect(kept.steps.map((step) => step.name)).toEqual([
        'validate',
        'prepare',
        'features',
        'labels',
        'train',
        'promote',
      ]);

      const weak = await promoteTestModel(config);
      const promoted = await tasks.retrain();
      expect(promoted.previous?.version).toBe(weak);
      expect(promoted.promoted).toBe(true);
      expect(promoted.production?.name).toBe('gradient_boosting');
      expect(promoted.decision).toMatch(/^promoted /);
      // The worker follows: its next job scores with the promoted model.
      expect(models.current?.version).toBe(promoted.production?.version);
    } finally {
      await models.close();
    }
  });
});
