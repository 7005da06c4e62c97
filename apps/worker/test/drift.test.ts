import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@churn/config';
import { describe, expect, it } from 'vitest';
import { checkDrift, type DriftRequest } from '../src/drift/drift-check.js';
import { WorkerError } from '../src/errors.js';
import { ModelHolder } from '../src/model-holder.js';
import { createTasks } from '../src/tasks.js';
import { FEATURES, failure, featureRows, HEADER, type Row, tempDir, toCsv } from './fixtures.js';

const NUMERIC = FEATURES.filter((f) => f.type === 'numeric').map((f) => f.name);
const DAYS = ['2025-03-01', '2025-03-02', '2025-03-03', '2025-03-04', '2025-03-05'];

function writeFiles(current: Row[]) {
  const dir = tempDir('churn-drift-');
  const training = featureRows({ users: 100, dates: DAYS, seed: 7 }).map((row) => ({
    ...row,
    churn_label: '0',
  }));
  const reference = join(dir, 'training_set.csv');
  writeFileSync(reference, toCsv(training, [...HEADER, 'churn_label']));
  const features = join(dir, 'user_features_daily.csv');
  writeFileSync(features, toCsv(current));
  return { dir, reference, features };
}

function request(files: ReturnType<typeof writeFiles>, extra: Partial<DriftRequest> = {}) {
  return {
    reference: files.reference,
    current: files.features,
    features: ['active_days_7d', 'events_30d', 'days_since_last_activity'],
    knownNumeric: NUMERIC,
    bins: 10,
    warnThreshold: 0.1,
    failThreshold: 0.25,
    reportsDir: join(files.dir, 'reports'),
    ...extra,
  } satisfies DriftRequest;
}

describe('checkDrift', () => {
  it('reports OK for the latest day of an unshifted population and writes the report', async () => {
    const current = featureRows({ users: 400, dates: ['2025-04-01', '2025-04-02'], seed: 99 });
    const files = writeFiles(current);
    const report = await checkDrift(request(files));
    expect(report.status).toBe('OK');
    expect(report.current).toMatchObject({ asOfDate: '2025-04-02', rows: 400 });
    expect(report.reference.rows).toBe(500);
    for (const feature of report.features) expect(feature.psi).toBeLessThan(0.1);
    expect(report.features[0]!.bins.length).toBeGreaterThanOrEqual(5);
    const written = JSON.parse(
      readFileSync(join(files.dir, 'reports', 'drift_2025-04-02.json'), 'utf8'),
    );
    expect(written).toEqual(report);
    expect(written.kind).toBe('churn-drift-report');
  });

  it('reports FAIL when the current day is shifted', async () => {
    const current = featureRows({ users: 300, dates: ['2025-04-01'], seed: 3, shift: 10 });
    const report = await checkDrift(request(writeFiles(current)));
    expect(report.status).toBe('FAIL');
    for (const feature of report.features) {
      expect(feature.status).toBe('FAIL');
      expect(feature.psi).toBeGreaterThanOrEqual(0.25);
    }
  });

  it('compares a chosen date and fails on a date without rows', async () => {
    const shifted = featureRows({ users: 300, dates: ['2025-04-01'], seed: 3, shift: 10 });
    const fine = featureRows({ users: 300, dates: ['2025-04-02'], seed: 4 });
    const files = writeFiles([...shifted, ...fine]);
    expect((await checkDrift(request(files, { date: '2025-04-01' }))).status).toBe('FAIL');
    expect((await checkDrift(request(files))).status).toBe('OK');
    const error = await failure(checkDrift(request(files, { date: '2025-05-01' })));
    expect(error.code).toBe('CHURN_ERR_NO_ROWS');
  });

  it('refuses an unknown monitored feature by name instead of skipping it', async () => {
    const files = writeFiles(featureRows({ users: 10, dates: ['2025-04-01'] }));
    const error = await checkDrift(
      request(files, { features: ['active_days_7d', 'engagement_level', 'plan'] }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerError);
    expect((error as WorkerError).code).toBe('CHURN_ERR_UNKNOWN_MONITORED_FEATURE');
    expect((error as WorkerError).message).toContain('engagement_level');
    expect((error as WorkerError).message).toContain('plan');
    expect(existsSync(join(files.dir, 'reports'))).toBe(false);
  });
});

describe('drift through the configured tasks', () => {
  it('checks drift.monitored_features at configuration time', () => {
    const root = tempDir('churn-drift-root-');
    const config = loadConfig({
      cwd: root,
      env: { CHURN_MLOPS_ROOT: root },
      overrides: { drift: { monitored_features: ['events_30d', 'events_31d'] } },
    });
    const models = new ModelHolder({ production: async () => null }, async () => {
      throw new Error('not used');
    });
    const tasks = createTasks(config, models);
    expect(() => tasks.checkConfig()).toThrow(WorkerError);
    try {
      tasks.checkConfig();
    } catch (error) {
      expect((error as WorkerError).code).toBe('CHURN_ERR_UNKNOWN_MONITORED_FEATURE');
      expect((error as WorkerError).message).toContain('events_31d');
    }
  });

  it('reads the default files from the configured folders', async () => {
    const root = tempDir('churn-drift-root-');
    const config = loadConfig({ cwd: root, env: { CHURN_MLOPS_ROOT: root } });
    const files = writeFiles(
      featureRows({ users: 300, dates: ['2025-04-01'], seed: 5, shift: 10 }),
    );
    const tasks = createTasks(
      config,
      new ModelHolder({ production: async () => null }, async () => {
        throw new Error('not used');
      }),
    );
    const report = await tasks.drift({ input: files.features, reference: files.reference });
    expect(report.status).toBe('FAIL');
    expect(report.features.map((f) => f.name)).toEqual(config.drift.monitored_features);
    expect(report.file).toBe(join(config.paths.reports, 'drift_2025-04-01.json'));
  });
});
