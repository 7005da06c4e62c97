import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export const REQUEST_ID_HEADER = 'x-request-id';

// An incoming id is kept only when it is short and plain: it ends up in logs and headers.
const SAFE_ID = /^[\w.:-]{1,128}$/;
const prefix = randomBytes(4).toString('hex');
let counter = 0;

/** Keeps a caller's `x-request-id` when it is safe, else `<random per process>-<counter>`. */
export function genReqId(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  if (typeof incoming === 'string' && SAFE_ID.test(incoming)) return incoming;
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `${prefix}-${counter.toString(36)}`;
}

/** Echoes the request id on every response, errors included, so a caller can quote it. */
export default fp(
  async function requestId(app: FastifyInstance) {
    app.addHook('onRequest', (request, reply, done) => {
      reply.header(REQUEST_ID_HEADER, request.id);
      done();
    });
  },
  { name: 'request-id' },
);
