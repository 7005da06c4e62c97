import { join } from 'node:path';
import { modelFeatureColumns, readFeatureFrame, TABLE_FILES } from '@churn/features';
import {
  binaryMetrics,
  type FeatureFrame,
  gradientBoostingOptions,
  logisticRegressionOptions,
  predictProba,
  splitFrame,
  timeSplit,
  trainGradientBoosting,
  trainLogisticRegression,
} from '@churn/model/train';
import { describe, expect, it } from 'vitest';
import { featuresStep } from '../src/steps/features.js';
import { generateStep } from '../src/steps/generate.js';
import { labelsStep } from '../src/steps/labels.js';
import { prepareStep } from '../src/steps/prepare.js';
import { contextFor, runStep, testConfig } from './fixtures.js';

const churnRate = (frame: FeatureFrame) => frame.label!.reduce((sum, y) => sum + y, 0) / frame.rows;

describe('training on data whose churn rate rises (generate.churn_trend)', () => {
  it('early-stopped gradient boosting stays within 0.005 pr_auc of all rounds and beats logistic regression', async () => {
    // days: the config's default (testConfig's 60 is too short for the trend)
    const config = testConfig({ n_users: 1200, seed: 7, churn_trend: 4, days: 120 });
    for (const step of [generateStep, prepareStep, featuresStep, labelsStep]) {
      await runStep(step, contextFor(config));
    }
    const columns = modelFeatureColumns({
      windowsDays: config.features.windows_days,
      includeEngagementScore: false,
    });
    const frame = await readFeatureFrame(join(config.paths.processed, TABLE_FILES.trainingSet), {
      columns,
      withLabel: true,
    });
    const { train, test } = splitFrame(frame, timeSplit(frame, config.training.test_fraction));
    // The trend is real: the test dates churn several times as often as the training dates.
    expect(churnRate(test)).toBeGreaterThan(3 * churnRate(train));

    const prAuc = (params: Parameters<typeof predictProba>[0]) =>
      binaryMetrics(test.label!, predictProba(params, test), 0.5).pr_auc;
    const options = gradientBoostingOptions(config.training);
    expect(options.earlyStopping).toBeDefined();
    const stopped = trainGradientBoosting(train, columns, options);
    const { earlyStopping: _, ...allRounds } = options;
    const full = trainGradientBoosting(train, columns, allRounds);
    const linear = trainLogisticRegression(
      train,
      columns,
      logisticRegressionOptions(config.training),
    );
    expect(linear.report.converged).toBe(true);

    const [stoppedAuc, fullAuc, linearAuc] = [stopped, full, linear].map((m) => prAuc(m.params));
    expect(Math.abs(stoppedAuc! - fullAuc!)).toBeLessThanOrEqual(0.005);
    expect(stoppedAuc!).toBeGreaterThan(linearAuc!);
  }, 240_000);
});
