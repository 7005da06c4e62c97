import { parseEpochDay } from '@churn/io';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WorkerError } from '../../errors.js';
import type { JobKind } from '../../jobs/job-runner.js';
import { type JobAccess, jobAccess } from '../../plugins/app/job-access.js';

const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

/** The most rows a caller may ask for in the top file; the full ranking is in predictions. */
export const MAX_TOP_K = 10_000;

const scoreBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    date: DATE,
    allDates: { type: 'boolean' },
    topK: { type: 'integer', minimum: 1, maximum: MAX_TOP_K },
    skipInvalid: { type: 'boolean' },
    includeChurned: { type: 'boolean' },
  },
} as const;

const driftBody = {
  type: 'object',
  additionalProperties: false,
  properties: { date: DATE, includeChurned: { type: 'boolean' } },
} as const;

/** retrain and accuracy take no parameters. */
const retrainBody = { type: 'object', additionalProperties: false, properties: {} } as const;

/**
 * POST /jobs/score, /jobs/drift, /jobs/retrain and /jobs/accuracy start a job (202, Location: /jobs/<id>), or
 * answer 409 with the running job's id: one job at a time, no queue, so a
 * caller always knows whether its request runs. GET /jobs/:id reads a job.
 * Paths are not accepted from HTTP callers; jobs use the configured folders, and
 * records show them by short names. Starting a job needs `access` (token, origin).
 */
export default async function jobRoutes(
  app: FastifyInstance,
  options: { access: JobAccess },
): Promise<void> {
  const start = (kind: JobKind) => async (request: FastifyRequest, reply: FastifyReply) => {
    const params = (request.body ?? {}) as Record<string, unknown>;
    if (kind === 'score' && params.date !== undefined && params.allDates === true) {
      throw new WorkerError('CHURN_ERR_USAGE', 'date and allDates exclude each other');
    }
    if (typeof params.date === 'string' && Number.isNaN(parseEpochDay(params.date))) {
      throw new WorkerError('CHURN_ERR_USAGE', `date ${params.date} is not a calendar day`);
    }
    const job = app.worker.runner.start(kind, params, 'api');
    if (!job) {
      return reply.code(409).send({
        error: 'CHURN_ERR_JOB_RUNNING',
        message: 'another job is running; retry when it has finished',
        runningJobId: app.worker.runner.running?.id ?? null,
      });
    }
    return reply
      .code(202)
      .header('location', `/jobs/${job.record.id}`)
      .send(app.worker.show(job.record));
  };

  // A POST without a body (curl -X POST) starts a job with the defaults.
  const noBodyIsEmpty = async (request: FastifyRequest) => {
    request.body ??= {};
  };
  await app.register(async (guarded) => {
    await jobAccess(guarded, options.access);
    guarded.post(
      '/jobs/score',
      { schema: { body: scoreBody }, preValidation: noBodyIsEmpty },
      start('score'),
    );
    guarded.post(
      '/jobs/drift',
      { schema: { body: driftBody }, preValidation: noBodyIsEmpty },
      start('drift'),
    );
    guarded.post(
      '/jobs/retrain',
      { schema: { body: retrainBody }, preValidation: noBodyIsEmpty },
      start('retrain'),
    );
    guarded.post(
      '/jobs/accuracy',
      { schema: { body: retrainBody }, preValidation: noBodyIsEmpty },
      start('accuracy'),
    );
  });

  app.get<{ Params: { id: string } }>(
    '/jobs/:id',
    {
      schema: { params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } } } },
    },
    async (request) => {
      const job = app.worker.runner.get(request.params.id);
      if (!job) throw new WorkerError('CHURN_ERR_JOB_NOT_FOUND', `no job ${request.params.id}`);
      return app.worker.show(job);
    },
  );
}
