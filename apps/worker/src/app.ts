import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyServerOptions,
} from 'fastify';
import { churnErrorCode, WorkerError } from './errors.js';
import { type JobExecutor, type JobKind, JobRunner } from './jobs/job-runner.js';
import { type PathShown, showPaths } from './jobs/public-paths.js';
import { type Schedule, startSchedule } from './jobs/schedule.js';
import { WorkerMetrics } from './metrics.js';
import type { ModelHolder } from './model-holder.js';
import type { JobAccess } from './plugins/job-access.js';
import { healthRoutes } from './routes/health.js';
import { jobRoutes } from './routes/jobs.js';
import type { WorkerTasks } from './tasks.js';

export interface WorkerAppOptions {
  readonly tasks: WorkerTasks;
  readonly models: ModelHolder;
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
  readonly logger?: FastifyServerOptions['logger'];
  readonly defaultMetrics?: boolean;
  /** Who may start jobs; default: no token, no browser origin (tests, a loopback-only setup). */
  readonly access?: JobAccess;
  /** Folders shown by a short name in job records, e.g. `/app/data` as `data`: no server paths leave. */
  readonly shownPaths?: readonly PathShown[];
  /** Retry delays of the background model load while none is loaded. */
  readonly modelRetry?: { readonly firstDelayMs: number; readonly maxDelayMs: number };
}

declare module 'fastify' {
  interface FastifyInstance {
    readonly worker: {
      readonly runner: JobRunner;
      readonly models: ModelHolder;
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

/**
 * The worker service as a Fastify app: health, metrics and job routes, the
 * job runner and the cron schedule. `close()` stops the schedule, waits for a
 * running job up to the shutdown deadline, then releases the model.
 */
export async function buildWorkerApp(options: WorkerAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // Job requests are a few small fields.
    bodyLimit: 1024,
    // Refuse unknown body fields (Fastify's default strips them silently).
    ajv: { customOptions: { removeAdditional: false } },
  });
  const metrics = new WorkerMetrics({ defaultMetrics: options.defaultMetrics ?? true });
  const runner = new JobRunner(executor(options, metrics), {
    started: () => metrics.running.set(1),
    rejected: (kind) => metrics.jobs.inc({ kind, status: 'rejected' }),
    finished: (job, error) => {
      metrics.running.set(0);
      metrics.jobs.inc({ kind: job.kind, status: job.status });
      metrics.jobDuration.observe({ kind: job.kind, status: job.status }, job.durationSeconds ?? 0);
      if (job.status === 'succeeded') metrics.lastSuccess.setToCurrentTime({ kind: job.kind });
      const log = { jobId: job.id, kind: job.kind, seconds: job.durationSeconds };
      if (error) app.log.error({ ...log, err: error }, 'job failed');
      else app.log.info(log, 'job succeeded');
    },
  });
  let schedule: Schedule | null = null;
  if (options.schedule) {
    schedule = startSchedule(
      options.schedule,
      async () => {
        const job = runner.start('scheduled', {}, 'schedule');
        if (!job) app.log.warn('scheduled run skipped: another job is running');
        await job?.done;
      },
      (error) => app.log.error({ err: error }, 'schedule tick failed'),
    );
    const gap = schedule.longestGapSeconds();
    if (gap !== null) metrics.scheduled(gap);
  }
  let retrainSchedule: Schedule | null = null;
  if (options.retrainSchedule) {
    retrainSchedule = startSchedule(
      options.retrainSchedule,
      async () => {
        const job = runner.start('retrain', {}, 'schedule');
        if (!job) app.log.warn('scheduled retrain skipped: another job is running');
        await job?.done;
      },
      (error) => app.log.error({ err: error }, 'retrain schedule tick failed'),
    );
  }
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

  // Error bodies are `{ error: code, message }`, as the API's.
  app.setErrorHandler((error: FastifyError | WorkerError, request, reply) => {
    const status =
      error instanceof WorkerError ? error.status : ((error as FastifyError).statusCode ?? 500);
    if (status >= 500 && !(error instanceof WorkerError && error.status === 503)) {
      request.log.error({ err: error }, 'request failed');
      return reply
        .code(status)
        .send({ error: 'CHURN_ERR_INTERNAL', message: 'internal error', requestId: request.id });
    }
    const code = churnErrorCode(error) ?? error.code ?? 'CHURN_ERR_BAD_REQUEST';
    return reply.code(status).send({ error: code, message: error.message });
  });
  await app.register(healthRoutes);
  await app.register(jobRoutes, {
    access: options.access ?? { token: null, allowedOrigins: [] },
  });

  // Readiness reads state; loading (and its retries) happens here, on a backoff.
  const loading = options.models.loadInBackground({
    firstDelayMs: options.modelRetry?.firstDelayMs ?? 1000,
    maxDelayMs: options.modelRetry?.maxDelayMs ?? 60_000,
    onLoaded: (scorer) => app.log.info({ model: scorer.version }, 'production model loaded'),
    onError: (error, retryInMs) =>
      app.log.warn({ err: error, retryInMs }, 'no production model loaded: /ready answers 503'),
  });
  app.addHook('onReady', async () => {
    await loading.firstAttempt;
  });

  app.addHook('onClose', async () => {
    loading.stop();
    schedule?.stop();
    retrainSchedule?.stop();
    const inTime = await runner.close(options.shutdownTimeoutMs);
    if (!inTime) app.log.warn('shutdown deadline passed: the running job was aborted');
    await options.models.close();
  });
  return app;
}

function executor(options: WorkerAppOptions, metrics: WorkerMetrics): JobExecutor {
  const score = async (params: Record<string, unknown>, signal: AbortSignal) => {
    const summary = await options.tasks.score(params, signal);
    metrics.rowsScored.inc(summary.rows);
    metrics.lastSuccess.setToCurrentTime({ kind: 'score' });
    metrics.modelInfo.reset();
    metrics.modelInfo.set(summary.model, 1);
    return summary;
  };
  const drift = async (params: Record<string, unknown>) => {
    const report = await options.tasks.drift(params);
    for (const feature of report.features)
      metrics.driftPsi.set({ feature: feature.name }, feature.psi);
    if (report.predictions) metrics.driftPredictionPsi.set(report.predictions.psi);
    metrics.driftStatus.set({ OK: 0, WARN: 1, FAIL: 2 }[report.status]);
    metrics.lastSuccess.setToCurrentTime({ kind: 'drift' });
    return report;
  };
  const accuracy = async () => {
    const report = await options.tasks.accuracy();
    // The newest matured day of the production model: what the gauge shows.
    const latest = report.days.filter((day) => day.production && day.pr_auc !== null).at(-1);
    metrics.realizedAuc.reset();
    if (latest) {
      metrics.realizedAuc.set({ metric: 'pr_auc' }, latest.pr_auc!);
      metrics.realizedAuc.set({ metric: 'roc_auc' }, latest.roc_auc!);
      metrics.realizedDate.set(Date.parse(`${latest.asOfDate}T00:00:00Z`) / 1000);
    }
    return report;
  };
  return async (kind: JobKind, params, signal) => {
    if (kind === 'score') return score(params, signal);
    if (kind === 'drift') return drift(params);
    if (kind === 'retrain') return options.tasks.retrain();
    if (kind === 'accuracy') return accuracy();
    const scored = await score({}, signal);
    if (!options.driftOnSchedule) return { score: scored };
    const drifted = await drift({});
    // Inside the same job, so nothing else runs between the FAIL and the retrain.
    if (drifted.status !== 'FAIL' || !options.retrainOnDriftFail) {
      return { score: scored, drift: drifted };
    }
    return { score: scored, drift: drifted, retrain: await options.tasks.retrain() };
  };
}
