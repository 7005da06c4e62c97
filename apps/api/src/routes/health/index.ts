import type { FastifyInstance } from 'fastify';
import { readiness, readinessOptions } from '../ready/readiness.js';

/** GET /health: the original's name for readiness, kept for its clients and the image HEALTHCHECK. */
export default async function healthRoutes(app: FastifyInstance) {
  app.get('/health', readinessOptions, readiness(app));
}
