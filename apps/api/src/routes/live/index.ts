import type { FastifyInstance } from 'fastify';
import { exemptFromPressure } from '../../plugins/external/under-pressure.js';

const liveResponse = {
  200: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', const: 'live' } },
  },
} as const;

/** GET /live: the process runs and answers, with or without a model. */
export default async function liveRoutes(app: FastifyInstance) {
  app.get(
    '/live',
    {
      config: exemptFromPressure,
      schema: { tags: ['probes'], summary: 'Liveness', response: liveResponse },
    },
    async () => ({ status: 'live' }),
  );
}
