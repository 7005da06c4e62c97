import type { FastifyInstance } from 'fastify';
import { errorBodySchema } from '../../../errors.js';
import { exemptFromPressure } from '../../../plugins/external/under-pressure.js';
import { assertNotDraining } from '../../ready/readiness.js';

const tags = ['open inference protocol (KServe v2)'];

/** Open Inference Protocol server health: live while the process runs, ready with a model. */
export default async function v2HealthRoutes(app: FastifyInstance) {
  app.get(
    '/v2/health/live',
    {
      config: exemptFromPressure,
      schema: {
        tags,
        summary: 'Server liveness',
        response: { 200: { type: 'object', properties: { live: { type: 'boolean' } } } },
      },
    },
    async () => ({ live: true }),
  );

  app.get(
    '/v2/health/ready',
    {
      schema: {
        tags,
        summary: 'Server readiness',
        response: {
          200: { type: 'object', properties: { ready: { type: 'boolean' } } },
          503: errorBodySchema,
        },
      },
    },
    async () => {
      assertNotDraining(app);
      app.models.served();
      return { ready: true };
    },
  );
}
