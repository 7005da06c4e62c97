import type { FastifyInstance } from 'fastify';
import { errorBodySchema } from '../../errors.js';

/** GET /model: the served model's card (features, metrics, version, training time) and when it was loaded. */
export default async function modelRoutes(app: FastifyInstance) {
  app.get(
    '/model',
    {
      schema: {
        tags: ['model'],
        summary: 'The model card of the served model',
        response: { 503: errorBodySchema },
      },
    },
    async () => {
      const model = app.models.served();
      return {
        ...model.card,
        serving: {
          loadedAt: model.scorer.loadedAt.toISOString(),
          loadSeconds: model.scorer.loadSeconds,
          strictFeatures: model.strict,
        },
      };
    },
  );
}
