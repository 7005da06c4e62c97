import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';

/**
 * Security headers on every response, errors included: helmet's defaults (a same-origin
 * Content-Security-Policy, nosniff, frame-ancestors 'self', no Referer, HSTS...). Swagger UI at
 * /docs loads only same-origin scripts and styles, so the default CSP lets it render. The CSP
 * leaves out upgrade-insecure-requests: the API speaks plain HTTP (TLS, if any, ends at a proxy),
 * and a browser would otherwise fetch /docs' assets over https and fail.
 *
 * helmet itself rather than @fastify/helmet: that plugin (13.x) builds the helmet middleware
 * again in every request, in two hooks (one async): 14 µs of CPU per request measured here
 * against 5 µs for the same middleware built once.
 */
export default fp(
  async function securityHeaders(app: FastifyInstance) {
    const setHeaders = helmet({
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    });
    app.addHook('onRequest', (request, reply, done) => {
      setHeaders(request.raw, reply.raw, (err) => done(err as Error | undefined));
    });
  },
  { name: 'security-headers' },
);
