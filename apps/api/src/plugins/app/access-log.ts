import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * At debug level, one line when a request arrives and one when its response is sent (the
 * shutdown test matches the two). Fastify's own two info lines per request are turned off
 * (disableRequestLogging): at thousands of requests a second they cost more than the scoring,
 * and /metrics already counts every request. Bodies are never logged.
 */
export default fp(
  async function accessLog(app: FastifyInstance) {
    // Checked once: the level is fixed for the life of the app.
    if (app.log.level !== 'debug' && app.log.level !== 'trace') return;
    app.addHook('onRequest', (request, _reply, done) => {
      request.log.debug({ method: request.method, url: request.url }, 'request received');
      done();
    });
    app.addHook('onResponse', (request, reply, done) => {
      request.log.debug(
        {
          method: request.method,
          url: request.url,
          statusCode: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 100) / 100,
        },
        'request completed',
      );
      done();
    });
  },
  { name: 'access-log' },
);
