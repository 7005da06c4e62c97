import type { FastifyInstance } from 'fastify';
import { exemptFromPressure } from '../../plugins/external/under-pressure.js';

/** GET /metrics: Prometheus text exposition of this app's registry. */
export default async function metricsRoutes(app: FastifyInstance) {
  app.get(
    '/metrics',
    { config: exemptFromPressure, schema: { hide: true } },
    async (_request, reply) => {
      const { registry } = app.metrics;
      reply.type(registry.contentType);
      return registry.metrics();
    },
  );
}
