import { internalErrorBody } from '@churn/errors';
import type { RetrainReport } from '@churn/pipeline';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccuracyReport } from '../src/accuracy/realized-accuracy.js';
import { buildWorkerApp } from '../src/app.js';
import type { DriftReport } from '../src/drift/drift-check.js';
import { WorkerError } from '../src/errors.js';
import { type ProductionModels, productionModels } from '../src/production-models.js';
import type { ScoreSummary } from '../src/score/score-features.js';
import type { WorkerTasks } from '../src/tasks.js';
import { fakeScorer } from './fixtures.js';

/** A promise resolved from outside, to hold a job open while a test looks at it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

function summary(rows: number): ScoreSummary {
  return { rows, model: { name: 'logistic_regression', version: 'v1' } } as ScoreSummary;
}

function fakeTasks(overrides: Partial<WorkerTasks> = {}): WorkerTasks & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    checkConfig() {},
    async retrain() {
      calls.push('retrain');
      return { promoted: true } as RetrainReport;
    },
    async accuracy() {
      calls.push('accuracy');
      return {
        days: [
          { asOfDate: '2025-03-20', production: true, pr_auc: 0.61, roc_auc: 0.83 },
          { asOfDate: '2025-03-21', production: false, pr_auc: 0.5, roc_auc: 0.7 },
        ],
      } as unknown as AccuracyReport;
    },
    async shiftDemo() {
      throw new Error('not a job');
    },
    async removeStaleTemporaryFiles() {
      return 0;
    },
    async score(params) {
      calls.push(`score ${JSON.stringify(params)}`);
      return summary(42);
    },
    async drift() {
      calls.push('drift');
      return {
        status: 'WARN',
        features: [{ name: 'events_30d', psi: 0.12 }],
      } as unknown as DriftReport;
    },
    ...overrides,
  };
}

function holder(loaded: boolean): ProductionModels {
  return productionModels(
    {
      production: async () =>
        loaded ? { entry: { name: 'lr', version: 'v1' }, modelDir: '/m' } : null,
    },
    async () => fakeScorer('v1'),
  );
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function build(tasks: WorkerTasks, loaded = true, shutdownTimeoutMs = 1000) {
  app = await buildWorkerApp({
    tasks,
    models: holder(loaded),
    shutdownTimeoutMs,
    defaultMetrics: false,
  });
  return app;
}

async function waitFor(app: FastifyInstance, id: string) {
  for (let i = 0; i < 200; i++) {
    const job = (await app.inject({ url: `/jobs/${id}` })).json();
    if (job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`job ${id} still running`);
}

describe('worker service', () => {
  it('answers /live, and /ready 503 without a production model', async () => {
    const server = await build(fakeTasks(), false);
    expect((await server.inject({ url: '/live' })).json()).toEqual({ status: 'live' });
    const ready = await server.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().status).toBe('not_ready');
  });

  it('is ready once the production model is loaded', async () => {
    const server = await build(fakeTasks(), true);
    const ready = await server.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', model: { version: 'v1' } });
  });

  it('runs a score job on demand and reports it by id', async () => {
    const tasks = fakeTasks();
    const server = await build(tasks);
    const started = await server.inject({
      method: 'POST',
      url: '/jobs/score',
      payload: { date: '2025-04-30', topK: 10 },
    });
    expect(started.statusCode).toBe(202);
    const { id } = started.json();
    expect(started.headers.location).toBe(`/jobs/${id}`);
    const job = await waitFor(server, id);
    expect(job).toMatchObject({
      kind: 'score',
      trigger: 'api',
      status: 'succeeded',
      result: { rows: 42 },
    });
    expect(tasks.calls).toEqual(['score {"date":"2025-04-30","topK":10}']);
    const withoutBody = await server.inject({ method: 'POST', url: '/jobs/score' });
    expect(withoutBody.statusCode).toBe(202);
    await waitFor(server, withoutBody.json().id);
    expect(tasks.calls[1]).toBe('score {}');
    expect((await server.inject({ url: '/jobs/nope' })).statusCode).toBe(404);
  });

  it('refuses a second job while one runs (409) and accepts one after', async () => {
    const hold = gate();
    const tasks = fakeTasks({
      async score() {
        await hold.opened;
        return summary(1);
      },
    });
    const server = await build(tasks);
    const first = await server.inject({ method: 'POST', url: '/jobs/score', payload: {} });
    const second = await server.inject({ method: 'POST', url: '/jobs/drift', payload: {} });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({
      error: 'CHURN_ERR_JOB_RUNNING',
      runningJobId: first.json().id,
    });
    hold.open();
    await waitFor(server, first.json().id);
    const third = await server.inject({ method: 'POST', url: '/jobs/drift', payload: {} });
    expect(third.statusCode).toBe(202);
    const metrics = (await server.inject({ url: '/metrics' })).body;
    expect(metrics).toContain('churn_worker_jobs_total{kind="drift",status="rejected"} 1');
    expect(metrics).toContain('churn_worker_jobs_total{kind="score",status="succeeded"} 1');
  });

  it('validates job requests (400) and reports failed jobs without internals', async () => {
    const tasks = fakeTasks({
      async score() {
        throw new WorkerError('CHURN_ERR_NO_PRODUCTION_MODEL', 'no production model');
      },
      async drift() {
        throw new TypeError('secret internal detail');
      },
    });
    const server = await build(tasks);
    for (const payload of [{ date: '30.04.2025' }, { topK: 0 }, { input: '/etc/passwd' }]) {
      const response = await server.inject({ method: 'POST', url: '/jobs/score', payload });
      expect(response.statusCode).toBe(400);
    }
    const both = await server.inject({
      method: 'POST',
      url: '/jobs/score',
      payload: { date: '2025-04-30', allDates: true },
    });
    expect(both.json().error).toBe('CHURN_ERR_USAGE');
    const failed = await waitFor(
      server,
      (await server.inject({ method: 'POST', url: '/jobs/score', payload: {} })).json().id,
    );
    expect(failed).toMatchObject({
      status: 'failed',
      error: { code: 'CHURN_ERR_NO_PRODUCTION_MODEL' },
    });
    const crashed = await waitFor(
      server,
      (await server.inject({ method: 'POST', url: '/jobs/drift', payload: {} })).json().id,
    );
    expect(crashed.error).toEqual({
      code: 'CHURN_ERR_JOB_FAILED',
      message: 'the job failed; see the worker log',
    });
  });

  it("answers a 500 as the API does: the internal code and the request id, never the error's message", async () => {
    const server = await build(fakeTasks());
    let requestId = '';
    server.get('/crash', async (request) => {
      requestId = request.id;
      throw new TypeError('secret internal detail');
    });
    const response = await server.inject({ url: '/crash' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual(internalErrorBody(requestId));
    expect(response.body).not.toContain('secret');
  });

  it('exposes jobs, rows scored, duration, last success and drift in /metrics', async () => {
    const server = await build(fakeTasks());
    await waitFor(
      server,
      (await server.inject({ method: 'POST', url: '/jobs/score', payload: {} })).json().id,
    );
    await waitFor(
      server,
      (await server.inject({ method: 'POST', url: '/jobs/drift', payload: {} })).json().id,
    );
    const response = await server.inject({ url: '/metrics' });
    expect(response.headers['content-type']).toContain('text/plain');
    const text = response.body;
    expect(text).toContain('churn_worker_rows_scored_total 42');
    expect(text).toContain(
      'churn_worker_job_duration_seconds_count{kind="score",status="succeeded"} 1',
    );
    expect(text).toMatch(/churn_worker_last_success_timestamp_seconds\{kind="score"\} \d+/);
    expect(text).toContain('churn_worker_drift_psi{feature="events_30d"} 0.12');
    expect(text).toContain('churn_worker_drift_status 1');
    expect(text).toContain('churn_worker_model_info{name="logistic_regression",version="v1"} 1');
  });

  it("runs the accuracy job and shows the production model's newest realized AUCs", async () => {
    const server = await build(fakeTasks());
    const started = await server.inject({ method: 'POST', url: '/jobs/accuracy' });
    expect(started.statusCode).toBe(202);
    expect((await waitFor(server, started.json().id)).status).toBe('succeeded');
    const text = (await server.inject({ url: '/metrics' })).body;
    expect(text).toContain('churn_worker_realized_auc{metric="pr_auc"} 0.61');
    expect(text).toContain('churn_worker_realized_auc{metric="roc_auc"} 0.83');
    expect(text).toContain(
      `churn_worker_realized_prediction_date_seconds ${Date.parse('2025-03-20T00:00:00Z') / 1000}`,
    );
  });

  it('runs score then drift on the schedule', async () => {
    const tasks = fakeTasks();
    app = await buildWorkerApp({
      tasks,
      models: holder(true),
      schedule: '* * * * * *',
      driftOnSchedule: true,
      shutdownTimeoutMs: 1000,
      defaultMetrics: false,
    });
    expect(app.worker.schedule?.nextRun()).toBeInstanceOf(Date);
    for (let i = 0; i < 300 && !tasks.calls.includes('drift'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(tasks.calls.slice(0, 2)).toEqual(['score {}', 'drift']);
  });

  it('retrains in the scheduled job after a drift FAIL when retraining is enabled', async () => {
    const tasks = fakeTasks({
      async drift() {
        tasks.calls.push('drift');
        return { status: 'FAIL', features: [] } as unknown as DriftReport;
      },
    });
    app = await buildWorkerApp({
      tasks,
      models: holder(true),
      schedule: '* * * * * *',
      driftOnSchedule: true,
      retrainOnDriftFail: true,
      shutdownTimeoutMs: 1000,
      defaultMetrics: false,
    });
    for (let i = 0; i < 300 && !tasks.calls.includes('retrain'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(tasks.calls.slice(0, 3)).toEqual(['score {}', 'drift', 'retrain']);
  });

  it('runs a retrain job on demand and on its own schedule, one job at a time', async () => {
    const hold = gate();
    const tasks = fakeTasks({
      async retrain() {
        tasks.calls.push('retrain');
        await hold.opened;
        return { promoted: false } as RetrainReport;
      },
    });
    const server = await build(tasks);
    const started = await server.inject({ method: 'POST', url: '/jobs/retrain' });
    expect(started.statusCode).toBe(202);
    const busy = await server.inject({ method: 'POST', url: '/jobs/score', payload: {} });
    expect(busy.statusCode).toBe(409);
    hold.open();
    const job = await waitFor(server, started.json().id);
    expect(job).toMatchObject({
      kind: 'retrain',
      status: 'succeeded',
      result: { promoted: false },
    });
    const bad = await server.inject({ method: 'POST', url: '/jobs/retrain', payload: { x: 1 } });
    expect(bad.statusCode).toBe(400);
    await server.close();
    app = undefined;

    const scheduled = fakeTasks();
    app = await buildWorkerApp({
      tasks: scheduled,
      models: holder(true),
      retrainSchedule: '* * * * * *',
      shutdownTimeoutMs: 1000,
      defaultMetrics: false,
    });
    for (let i = 0; i < 300 && !scheduled.calls.includes('retrain'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(scheduled.calls).toContain('retrain');
  });

  it('waits for a running job on close', async () => {
    const hold = gate();
    let finished = false;
    const server = await build(
      fakeTasks({
        async score() {
          await hold.opened;
          finished = true;
          return summary(1);
        },
      }),
    );
    await server.inject({ method: 'POST', url: '/jobs/score', payload: {} });
    setTimeout(hold.open, 50);
    await server.close();
    app = undefined;
    expect(finished).toBe(true);
  });

  it('aborts a job that outlives the shutdown deadline', async () => {
    let aborted = false;
    const server = await build(
      fakeTasks({
        score: (_params, signal) =>
          new Promise((_resolve, reject) => {
            signal?.addEventListener('abort', () => {
              aborted = true;
              reject(new WorkerError('CHURN_ERR_JOB_ABORTED', 'aborted'));
            });
          }),
      }),
      true,
      30,
    );
    const { id } = (
      await server.inject({ method: 'POST', url: '/jobs/score', payload: {} })
    ).json();
    await server.close();
    app = undefined;
    expect(aborted).toBe(true);
    expect(server.worker.runner.get(id)?.status).toBe('failed');
  });
});
