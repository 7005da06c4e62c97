import type { FastifyInstance } from 'fastify';

/**
 * GET /ready: 200 once a production model is loaded. A read of state only: the model loads
 * (and retries) in the background (app.ts), so a broken model is not reloaded per call.
 */
export default async function readyRoutes(app: FastifyInstance) {
  app.get('/ready', async (_request, reply) => {
    const { models, runner, draining } = app.worker;
    const scorer = models.current;
    if (draining) return reply.code(503).send({ status: 'not_ready', reason: 'shutting down' });
    if (!scorer) {
      return reply.code(503).send({ status: 'not_ready', reason: 'no production model loaded' });
    }
    return {
      status: 'ready',
      model: { name: scorer.name, version: scorer.version },
      runningJob: runner.running?.id ?? null,
    };
  });
}
