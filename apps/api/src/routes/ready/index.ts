import type { FastifyInstance } from 'fastify';
import { readiness, readinessOptions } from './readiness.js';

/** GET /ready: a model is loaded and requests can be scored. */
export default async function readyRoutes(app: FastifyInstance) {
  app.get('/ready', readinessOptions, readiness(app));
}
