import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildWorkerApp } from '../src/app.js';
import type { DriftReport } from '../src/drift/drift-check.js';
import { type ProductionModels, productionModels } from '../src/production-models.js';
import type { ScoreSummary } from '../src/score/score-features.js';
import type { WorkerTasks } from '../src/tasks.js';
import { fakeScorer } from './fixtures.js';

const tasks: WorkerTasks = {
  checkConfig() {},
  async removeStaleTemporaryFiles() {
    return 0;
  },
  async retrain() {
    throw new Error('not used here');
  },
  async shiftDemo() {
    throw new Error('not a job');
  },
  async accuracy() {
    throw new Error('not used here');
  },
  async score() {
    return { rows: 7, model: { name: 'logistic_regression', version: 'v1' } } as ScoreSummary;
  },
  async drift() {
    return {
      status: 'FAIL',
      features: [{ name: 'events_30d', psi: 0.4 }],
    } as unknown as DriftReport;
  },
};

function models(): ProductionModels {
  return productionModels(
    { production: async () => ({ entry: { name: 'lr', version: 'v1' }, modelDir: '/m' }) },
    async () => fakeScorer('v1'),
  );
}

async function gaugeValues(app: FastifyInstance, name: string) {
  const metric = app.worker.metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  return (await metric.get()).values;
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('worker metrics for alerting', () => {
  it('stamps the last success of score and drift when the scheduled job runs them', async () => {
    app = await buildWorkerApp({
      tasks,
      models: models(),
      driftOnSchedule: true,
      shutdownTimeoutMs: 1000,
      defaultMetrics: false,
    });
    const before = Date.now() / 1000;
    await app.worker.runner.start('scheduled', {}, 'schedule')?.done;

    const lastSuccess = await gaugeValues(app, 'churn_worker_last_success_timestamp_seconds');
    const kinds = lastSuccess.map((value) => value.labels.kind).sort();
    expect(kinds).toEqual(['drift', 'scheduled', 'score']);
    for (const value of lastSuccess) expect(value.value).toBeGreaterThanOrEqual(Math.floor(before));
    expect((await gaugeValues(app, 'churn_worker_drift_status'))[0]?.value).toBe(2);
  });

  it('starts job outcome counters and durations at 0, so the first job is an increase', async () => {
    app = await buildWorkerApp({
      tasks,
      models: models(),
      shutdownTimeoutMs: 1000,
      defaultMetrics: false,
    });
    const text = (await app.inject({ url: '/metrics' })).body;
    for (const kind of ['score', 'drift', 'scheduled']) {
      expect(text).toContain(`churn_worker_jobs_total{kind="${kind}",status="failed"} 0`);
      expect(text).toContain(
        `churn_worker_job_duration_seconds_count{kind="${kind}",status="succeeded"} 0`,
      );
    }
  });

  it('exports the longest gap between scheduled runs, and nothing without a schedule', async () => {
    app = await buildWorkerApp({
      tasks,
      models: models(),
      schedule: '0 2 * * 1-5',
      shutdownTimeoutMs: 1000,
      defaultMetrics: false,
    });
    // Weekdays at 02:00: Friday to Monday is the longest gap.
    expect(await gaugeValues(app, 'churn_worker_schedule_interval_seconds')).toEqual([
      expect.objectContaining({ value: 3 * 86_400 }),
    ]);
    await app.close();

    app = await buildWorkerApp({
      tasks,
      models: models(),
      shutdownTimeoutMs: 1000,
      defaultMetrics: false,
    });
    expect((await app.inject({ url: '/metrics' })).body).not.toMatch(
      /^churn_worker_schedule_interval_seconds /m,
    );
  });
});
