import type { FastifyInstance } from 'fastify';

/** GET /live: the process runs and answers, with or without a model. */
export default async function liveRoutes(app: FastifyInstance) {
  app.get('/live', async () => ({ status: 'live' }));
}
