import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Security headers on every response, errors included: helmet's defaults (a same-origin
 * Content-Security-Policy, nosniff, frame-ancestors 'self', no Referer, HSTS...). Swagger UI at
 * /docs loads only same-origin scripts and styles, so the default CSP lets it render. The CSP
 * leaves out upgrade-insecure-requests: the API speaks plain HTTP (TLS, if any, ends at a proxy),
 * and a browser would otherwise fetch /docs' assets over https and fail.
 */
export default fp(
  async function securityHeaders(app: FastifyInstance) {
    await app.register(helmet, {
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    });
  },
  { name: 'security-headers' },
);
