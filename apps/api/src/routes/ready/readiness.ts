import type { FastifyInstance, RouteShorthandOptions } from 'fastify';
import { errorBodySchema } from '../../errors.js';
import { modelRefSchema } from '../predict/schemas.js';

export const readinessOptions: RouteShorthandOptions = {
  schema: {
    tags: ['probes'],
    summary: 'Readiness: 200 with the served model, 503 with the reason without one',
    response: {
      200: {
        type: 'object',
        required: ['status', 'model'],
        properties: { status: { type: 'string', const: 'ready' }, model: modelRefSchema },
      },
      503: errorBodySchema,
    },
  },
};

/** The readiness handler shared by /ready and /health. */
export function readiness(app: FastifyInstance) {
  return async () => {
    const model = app.models.acquireOrThrow();
    model.release();
    return { status: 'ready', model: model.ref };
  };
}
