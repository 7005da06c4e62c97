import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFERENCE_PROFILE_FILE, type ReferenceProfile } from '@churn/features';
import { driftReportCharts } from '@churn/report';
import { describe, expect, it } from 'vitest';
import { checkDrift, type DriftRequest } from '../src/drift/drift-check.js';
import { SHIFTED_BASES, writeShiftedDay } from '../src/drift/shift-demo.js';
import { createTasks } from '../src/tasks.js';
import { failure, fakeScorer, featureRows, type Row, tempDir, writeCsvFile } from './fixtures.js';
import {
  productionHolder,
  project,
  promoteTestModel,
  referenceProfile,
  withChurned,
  writeFeatures,
  writeTestProfile,
} from './production-model.js';

const MONITORED = [
  'days_since_last_activity',
  'active_days_7d',
  'events_30d',
  'payment_fail_rate_30d',
  'plan',
  'country',
  'marketing_source',
];

function request(
  profile: ReferenceProfile,
  current: Row[],
  extra: Partial<DriftRequest> = {},
): DriftRequest {
  const dir = tempDir('churn-drift-');
  return {
    profile,
    profileFile: join(dir, REFERENCE_PROFILE_FILE),
    current: writeCsvFile(dir, 'user_features_daily.csv', current),
    population: { kind: 'active', windowDays: 30 },
    features: MONITORED,
    scorer: fakeScorer(),
    batchSize: 100,
    warnThreshold: 0.1,
    failThreshold: 0.25,
    reportsDir: join(dir, 'reports'),
    ...extra,
  };
}

describe('checkDrift against a reference profile', () => {
  it('reports OK for an unshifted day, numeric, categorical and scores, and writes the report', async () => {
    const profile = await referenceProfile();
    const current = withChurned(
      featureRows({ users: 800, dates: ['2025-04-01', '2025-04-02'], seed: 99 }),
    );
    const report = await checkDrift(request(profile, current));
    expect(report.status).toBe('OK');
    expect(report.failing).toEqual([]);
    // 200 of the 800 users are outside the active population, as in the reference.
    expect(report.current).toMatchObject({
      asOfDate: '2025-04-02',
      rows: 600,
      population: { kind: 'active', windowDays: 30, excludedRows: 200 },
    });
    expect(report.reference).toMatchObject({ rows: 1500, model: profile.model });
    expect(report.features.map((f) => [f.name, f.type])).toEqual(
      MONITORED.map((name) => [
        name,
        ['plan', 'country', 'marketing_source'].includes(name) ? 'categorical' : 'numeric',
      ]),
    );
    for (const feature of report.features) expect(feature.psi).toBeLessThan(0.1);
    expect(report.predictions!.psi).toBeLessThan(0.1);
    const written = JSON.parse(readFileSync(report.file, 'utf8'));
    expect(written).toEqual(report);
    expect(written).toMatchObject({ kind: 'churn-drift-report', schemaVersion: 2 });
  });

  it('reports FAIL naming exactly the features the demo shift changed', async () => {
    const profile = await referenceProfile();
    const dir = tempDir('churn-shift-');
    const input = writeCsvFile(
      dir,
      'features.csv',
      withChurned(featureRows({ users: 800, dates: ['2025-04-01', '2025-04-02'], seed: 99 })),
    );
    const shifted = await writeShiftedDay({ input, out: join(dir, 'shifted.csv') });
    expect(shifted).toMatchObject({ asOfDate: '2025-04-02', rows: 800 });
    const report = await checkDrift({ ...request(profile, []), current: shifted.file });
    expect(report.status).toBe('FAIL');
    const shiftedMonitored = MONITORED.filter(
      (name) =>
        name === 'marketing_source' || SHIFTED_BASES.some((base) => name.startsWith(`${base}_`)),
    );
    // The fixture model's scores may or may not move; the real-data test checks them.
    expect(report.failing.filter((name) => name !== 'predictions')).toEqual(shiftedMonitored);
    for (const name of ['days_since_last_activity', 'payment_fail_rate_30d', 'plan', 'country']) {
      expect(report.features.find((f) => f.name === name)!.status).toBe('OK');
    }
    const source = report.features.find((f) => f.name === 'marketing_source')!;
    expect(
      source.type === 'categorical' && source.categories.find((c) => c.category === 'ads'),
    ).toMatchObject({ currentShare: expect.closeTo(0.6, 9) });
  });

  it('compares every user with the all population and leaves scores out without a model', async () => {
    const profile = await referenceProfile();
    const current = withChurned(featureRows({ users: 800, dates: ['2025-04-01'], seed: 5 }));
    const report = await checkDrift(
      request(profile, current, { population: { kind: 'all', windowDays: 30 }, scorer: null }),
    );
    expect(report.current.rows).toBe(800);
    expect(report.reference.rows).toBe(2000);
    expect(report.predictions).toBeNull();
    expect(report.status).toBe('OK');
  });

  it('fails on a date without rows and on a monitored name the profile does not know', async () => {
    const profile = await referenceProfile();
    const current = featureRows({ users: 10, dates: ['2025-04-01'] });
    expect(
      (await failure(checkDrift(request(profile, current, { date: '2025-05-01' })))).code,
    ).toBe('CHURN_ERR_NO_ROWS');
    const unknown = request(profile, current, {
      features: ['active_days_7d', 'engagement_level', 'plan_type'],
    });
    const error = await failure(checkDrift(unknown));
    expect(error.code).toBe('CHURN_ERR_UNKNOWN_MONITORED_FEATURE');
    expect(error.message).toContain('engagement_level');
    expect(error.message).toContain('plan_type');
    expect(existsSync(unknown.reportsDir)).toBe(false);
  });
});

describe('drift through the configured tasks', () => {
  it('checks drift.monitored_features at configuration time', () => {
    const { config } = project();
    const bad = { ...config, drift: { ...config.drift, monitored_features: ['events_31d'] } };
    const tasks = createTasks(bad, productionHolder(config));
    const error = (() => {
      try {
        tasks.checkConfig();
      } catch (caught) {
        return caught as { code: string; message: string };
      }
      throw new Error('expected checkConfig to throw');
    })();
    expect(error.code).toBe('CHURN_ERR_UNKNOWN_MONITORED_FEATURE');
    expect(error.message).toContain('events_31d');
  });

  it("reads the production model's own profile and scores the day with it", async () => {
    const { config } = project();
    const version = await promoteTestModel(config);
    writeFeatures(config, withChurned(featureRows({ users: 300, dates: ['2025-04-01'], seed: 5 })));
    const models = productionHolder(config);
    const tasks = createTasks(config, models);
    expect((await failure(tasks.drift({}))).code).toBe('CHURN_ERR_NO_REFERENCE_PROFILE');

    await writeTestProfile(config, version);
    const report = await tasks.drift({});
    await models.close();
    expect(report.reference.model.version).toBe(version);
    expect(report.reference.profile).toBe(
      join(config.paths.models, version, REFERENCE_PROFILE_FILE),
    );
    // Scored by the production model itself, as its profile was: the same distribution.
    expect(report.predictions!.status).toBe('OK');
    expect(report.current.population.excludedRows).toBe(75);
    expect(report.features.map((f) => f.name)).toEqual(config.drift.monitored_features);
    expect(report.file).toBe(join(config.paths.reports, 'drift_2025-04-01.json'));
    // The page next to it: every chart, and each PSI as the JSON has it.
    expect(report.page).toBe(join(config.paths.reports, 'drift_2025-04-01.html'));
    const page = readFileSync(report.page, 'utf8');
    for (const chart of driftReportCharts(report)) expect(page).toContain(`data-chart="${chart}"`);
    const json = JSON.parse(readFileSync(report.file, 'utf8'));
    for (const feature of json.features) {
      expect(page).toContain(`data-psi="${feature.name}" data-value="${feature.psi}"`);
    }
  });
});
