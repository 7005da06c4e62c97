import type { FastifyInstance, RouteShorthandOptions } from 'fastify';
import { ApiError, errorBodySchema } from '../../errors.js';
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

/** Throws the 503 of a server that is draining for shutdown, so load balancers move on. */
export function assertNotDraining(app: FastifyInstance): void {
  if (app.shutdown.draining) throw new ApiError('CHURN_ERR_SHUTTING_DOWN');
}

/** The readiness handler shared by /ready and /health. */
export function readiness(app: FastifyInstance) {
  return async () => {
    assertNotDraining(app);
    const model = app.models.served();
    return { status: 'ready', model: model.ref };
  };
}
