import type { FastifyInstance } from 'fastify';

/** /live, /ready (a production model is loaded) and /metrics (Prometheus). */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/live', async () => ({ status: 'live' }));

  // A read of state only: the model loads (and retries) in the background (app.ts).
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

  app.get('/metrics', async (_request, reply) => {
    const { registry } = app.worker.metrics;
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
