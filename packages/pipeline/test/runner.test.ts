import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileFingerprint } from '@churn/io';
import { MODEL_CARD_FILE } from '@churn/model';
import { describe, expect, it } from 'vitest';
import {
  PIPELINE_STEPS,
  PipelineErrorCodes,
  type RunReporter,
  runPipeline,
  type Step,
  selectSteps,
} from '../src/index.js';
import { testConfig } from './fixtures.js';

const DATA_STEPS = PIPELINE_STEPS.filter((step) =>
  ['generate', 'validate', 'prepare', 'features', 'labels'].includes(step.name),
);

function recorder(): RunReporter & { events: string[] } {
  const events: string[] = [];
  return {
    events,
    stepStarted: (step) => events.push(`start ${step.name}`),
    stepFinished: (step) => events.push(`ok ${step.name}`),
    stepFailed: (step) => events.push(`failed ${step.name}`),
    log: () => {},
    progress: { start() {}, update() {} },
  };
}

describe('selectSteps', () => {
  const fake = (name: Step['name']): Step => ({
    name,
    description: name,
    run: async () => ({ summary: name, outputs: [] }),
  });
  const steps = [
    fake('labels'),
    fake('generate'),
    fake('validate'),
    fake('prepare'),
    fake('features'),
  ];

  it('orders the steps as the pipeline does; --from runs the rest, --only one', () => {
    expect(selectSteps(steps, {}).run.map((s) => s.name)).toEqual([
      'generate',
      'validate',
      'prepare',
      'features',
      'labels',
    ]);
    expect(selectSteps(steps, { from: 'prepare' }).run.map((s) => s.name)).toEqual([
      'prepare',
      'features',
      'labels',
    ]);
    expect(selectSteps(steps, { only: 'validate' }).run.map((s) => s.name)).toEqual(['validate']);
    expect(selectSteps(steps, {}).missing).toEqual(['train', 'promote']);
  });

  it('refuses a step this build does not have when it is named', () => {
    expect(() => selectSteps(steps, { only: 'train' })).toThrow(
      expect.objectContaining({ code: PipelineErrorCodes.CHURN_ERR_STEP_UNAVAILABLE }),
    );
  });
});

describe('runPipeline', () => {
  it('runs generate..labels; the same data from memory or from files gives identical outputs', async () => {
    const config = testConfig({ n_users: 30, days: 50 });
    const reporter = recorder();
    const records = await runPipeline({ config, steps: DATA_STEPS, reporter });
    expect(records.map((record) => record.name)).toEqual([
      'generate',
      'validate',
      'prepare',
      'features',
      'labels',
    ]);
    const trainingFile = join(config.paths.processed, 'training_set.csv');
    const inMemory = readFileSync(trainingFile);
    const featuresFile = join(config.paths.features, 'user_features_daily.csv');
    const features = readFileSync(featuresFile);
    expect(inMemory.toString().split('\n')).toHaveLength(1 + 30 * (50 - 30) + 1);

    // --from prepare: every step reads its input from the files.
    const again = await runPipeline({ config, steps: DATA_STEPS, from: 'prepare', handoff: false });
    expect(again.map((record) => record.name)).toEqual(['prepare', 'features', 'labels']);
    expect(readFileSync(featuresFile).equals(features)).toBe(true);
    expect(readFileSync(trainingFile).equals(inMemory)).toBe(true);
  });

  it('runs every step; the model card fingerprints training_set.csv as it was written', async () => {
    const config = testConfig(
      { n_users: 80, days: 75, seed: 7 },
      { gradient_boosting: { max_iter: 10 } },
    );
    await runPipeline({ config, steps: PIPELINE_STEPS });
    const [version] = readdirSync(config.paths.models);
    const card = JSON.parse(
      readFileSync(join(config.paths.models, version!, MODEL_CARD_FILE), 'utf8'),
    );
    expect(card.trainingData.fingerprint).toBe(
      await fileFingerprint(join(config.paths.processed, 'training_set.csv')),
    );
  });

  it('fails the run when a table written in the background cannot be written', async () => {
    const config = testConfig({ n_users: 30, days: 50 });
    // a folder where the feature table goes: its rename fails on the writer thread
    mkdirSync(join(config.paths.features, 'user_features_daily.csv'), { recursive: true });
    const reporter = recorder();
    await expect(runPipeline({ config, steps: DATA_STEPS, reporter })).rejects.toThrow(
      /user_features_daily\.csv/,
    );
    // the table after it, built on its lines, is not written either
    expect(existsSync(join(config.paths.processed, 'training_set.csv'))).toBe(false);
  });

  it('runs nothing downstream of a failed validate', async () => {
    const config = testConfig();
    mkdirSync(config.paths.raw, { recursive: true });
    writeFileSync(join(config.paths.raw, 'users.csv'), 'user_id,signup_date\n1,2025-01-01\n');
    writeFileSync(join(config.paths.raw, 'events.csv'), '');
    const reporter = recorder();
    await expect(
      runPipeline({ config, steps: DATA_STEPS, from: 'validate', reporter }),
    ).rejects.toMatchObject({ code: PipelineErrorCodes.CHURN_ERR_VALIDATION_FAILED });
    expect(reporter.events).toEqual(['start validate', 'failed validate']);
    expect(existsSync(join(config.paths.processed, 'user_daily.csv'))).toBe(false);
  });

  it('tells which step to run first when an input file is missing', async () => {
    const config = testConfig();
    await expect(
      runPipeline({ config, steps: DATA_STEPS, only: 'features' }),
    ).rejects.toMatchObject({
      code: PipelineErrorCodes.CHURN_ERR_INPUT_MISSING,
    });
  });
});
