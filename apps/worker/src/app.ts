import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import { jobExecutor } from './jobs/job-executor.js';
import { JobRunner } from './jobs/job-runner.js';
import { type PathShown, showPaths } from './jobs/public-paths.js';
import { type Schedule, startSchedule } from './jobs/schedule.js';
import errorHandler from './plugins/app/error-handler.js';
import type { JobAccess } from './plugins/app/job-access.js';
import { WorkerMetrics } from './plugins/app/metrics.js';
import type { ProductionModels } from './production-models.js';
import jobRoutes from './routes/jobs/index.js';
import liveRoutes from './routes/live/index.js';
import metricsRoutes from './routes/metrics/index.js';
import readyRoutes from './routes/ready/index.js';
import type { WorkerTasks } from './tasks.js';

export interface WorkerAppOptions {
  readonly tasks: WorkerTasks;
  readonly models: ProductionModels;
  /** worker.schedule; no schedule when absent (tests, one-shot use). */
  readonly schedule?: string;
  /** worker.drift_on_schedule */
  readonly driftOnSchedule?: boolean;
  /** retrain.schedule when retrain.enabled; no retrain schedule when absent. */
  readonly retrainSchedule?: string;
  /** retrain.enabled and retrain.on_drift_fail: a scheduled drift FAIL retrains in the same job. */
  readonly retrainOnDriftFail?: boolean;
  /** worker.shutdown_timeout_ms: how long close() waits for a running job. */
  readonly shutdownTimeoutMs: number;
  readonly defaultMetrics?: boolean;
  /** Who may start jobs; default: no token, no browser origin (tests, a loopback-only setup). */
  readonly access?: JobAccess;
  /** Folders shown by a short name in job records, e.g. `/app/data` as `data`: no server paths leave. */
  readonly shownPaths?: readonly PathShown[];
}

declare module 'fastify' {
  interface FastifyInstance {
    readonly worker: {
      readonly runner: JobRunner;
      readonly models: ProductionModels;
      readonly metrics: WorkerMetrics;
      readonly schedule: Schedule | null;
      readonly retrainSchedule: Schedule | null;
      /** True once `drain()` was called: readiness fails and responses close their connection. */
      readonly draining: boolean;
      /** Starts draining before `close()`: clients move elsewhere without a reset connection. */
      drain(): void;
      /** A job record as callers see it (paths shortened). */
      show(record: unknown): unknown;
    };
  }
}

/** Fastify's server options for the worker, shared by server.ts and the tests. */
export function workerServerOptions(
  logger: FastifyServerOptions['logger'] = false,
): FastifyServerOptions {
  return {
    logger,
    // Job requests are a few small fields.
    bodyLimit: 1024,
    // Refuse unknown body fields (Fastify's default strips them silently).
    ajv: { customOptions: { removeAdditional: false } },
  };
}

/** Builds the worker service without listening: tests `inject` into it, server.ts listens. */
export async function buildWorkerApp(
  options: WorkerAppOptions & { readonly logger?: FastifyServerOptions['logger'] },
): Promise<FastifyInstance> {
  const app = Fastify(workerServerOptions(options.logger));
  await app.register(workerApp, options);
  return app;
}

/**
 * The worker service as a Fastify plugin: health, metrics and job routes, the job runner and
 * the cron schedules. Closing it stops the schedules, waits for a running job up to the
 * shutdown deadline, then releases the model.
 */
const workerApp = fp<WorkerAppOptions>(
  async function workerApp(app, options) {
    const metrics = new WorkerMetrics({ defaultMetrics: options.defaultMetrics ?? true });
    const runner = new JobRunner(jobExecutor(options, metrics), {
      started: () => metrics.running.set(1),
      rejected: (kind) => metrics.jobs.inc({ kind, status: 'rejected' }),
      finished: (job, error) => {
        metrics.running.set(0);
        metrics.jobs.inc({ kind: job.kind, status: job.status });
        metrics.jobDuration.observe(
          { kind: job.kind, status: job.status },
          job.durationSeconds ?? 0,
        );
        if (job.status === 'succeeded') metrics.lastSuccess.setToCurrentTime({ kind: job.kind });
        const log = { jobId: job.id, kind: job.kind, seconds: job.durationSeconds };
        if (error) app.log.error({ ...log, err: error }, 'job failed');
        else app.log.info(log, 'job succeeded');
      },
    });
    const scheduled = (kind: 'scheduled' | 'retrain', pattern: string | undefined) =>
      pattern
        ? startSchedule(
            pattern,
            async () => {
              const job = runner.start(kind, {}, 'schedule');
              if (!job) app.log.warn({ kind }, 'scheduled run skipped: another job is running');
              await job?.done;
            },
            (error) => app.log.error({ err: error, kind }, 'schedule tick failed'),
          )
        : null;
    const schedule = scheduled('scheduled', options.schedule);
    const gap = schedule?.longestGapSeconds() ?? null;
    if (gap !== null) metrics.scheduled(gap);
    const retrainSchedule = scheduled('retrain', options.retrainSchedule);

    let draining = false;
    const shownPaths = options.shownPaths ?? [];
    app.decorate('worker', {
      runner,
      models: options.models,
      metrics,
      schedule,
      retrainSchedule,
      get draining() {
        return draining;
      },
      drain() {
        draining = true;
      },
      show: (record: unknown) => showPaths(record, shownPaths),
    });
    app.addHook('onRequest', async (_request, reply) => {
      if (draining) reply.header('connection', 'close');
    });

    await app.register(errorHandler);
    await app.register(liveRoutes);
    await app.register(readyRoutes);
    await app.register(metricsRoutes);
    await app.register(jobRoutes, {
      access: options.access ?? { token: null, allowedOrigins: [] },
    });

    // Readiness reads state; loading (and its retries, on a backoff) happens in the background.
    const { models } = options;
    const unsubscribe = models.subscribe({
      swapped: (scorer) => app.log.info({ model: scorer.version }, 'production model loaded'),
      failed: (err, _pointer, retryInMs) => {
        if (!models.current) {
          app.log.warn({ err, retryInMs }, 'no production model loaded: /ready answers 503');
        }
      },
    });
    const firstAttempt = models.watch(Number.POSITIVE_INFINITY);
    app.addHook('onReady', async () => {
      await firstAttempt;
    });
    app.addHook('onClose', async () => {
      unsubscribe();
      schedule?.stop();
      retrainSchedule?.stop();
      const inTime = await runner.close(options.shutdownTimeoutMs);
      if (!inTime) app.log.warn('shutdown deadline passed: the running job was aborted');
      await models.close();
    });
  },
  { name: 'worker' },
);
