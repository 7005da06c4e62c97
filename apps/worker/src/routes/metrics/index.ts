import type { FastifyInstance } from 'fastify';

/** GET /metrics: Prometheus text exposition of this app's registry. */
export default async function metricsRoutes(app: FastifyInstance) {
  app.get('/metrics', async (_request, reply) => {
    const { registry } = app.worker.metrics;
    reply.type(registry.contentType);
    return registry.metrics();
  });
}
