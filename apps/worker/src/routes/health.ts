import type { FastifyInstance } from 'fastify';

/** /live, /ready (a production model is loaded) and /metrics (Prometheus). */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/live', async () => ({ status: 'live' }));

  app.get('/ready', async (request, reply) => {
    const { models, runner } = app.worker;
    try {
      // Loads the production model when none is loaded yet (e.g. promoted after start).
      const scorer = await models.ensure();
      return {
        status: 'ready',
        model: { name: scorer.name, version: scorer.version },
        runningJob: runner.running?.id ?? null,
      };
    } catch (error) {
      request.log.warn({ err: error }, 'not ready');
      return reply.code(503).send({ status: 'not_ready', reason: 'no production model loaded' });
    }
  });

  app.get('/metrics', async (_request, reply) => {
    const { registry } = app.worker.metrics;
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
