import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../../errors.js';

/**
 * While closing, requests that still arrive on open keep-alive connections get a 503 in the
 * usual error shape with `Connection: close`, so clients move to another instance. Requests
 * already in progress finish normally: fastify.close() waits for them before onClose hooks.
 */
export default fp(
  async function shutdown(app: FastifyInstance) {
    let closing = false;
    app.addHook('preClose', (done) => {
      closing = true;
      done();
    });
    app.addHook('onRequest', (_request, reply, done) => {
      if (!closing) return done();
      reply.header('connection', 'close');
      done(new ApiError('CHURN_ERR_SHUTTING_DOWN'));
    });
  },
  { name: 'shutdown' },
);
