import { errorBody, internalErrorBody, noRouteMessage } from '@churn/errors';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { churnErrorCode, WorkerError } from '../../errors.js';

/**
 * One error shape, the API's: `{ error: code, message }`. A 5xx other than a deliberate 503 is
 * internalErrorBody: only that it failed and the request id; the log keeps the detail. Unknown
 * routes get the shape too.
 */
export default fp(
  async function errorHandler(app: FastifyInstance) {
    app.setErrorHandler((error: FastifyError | WorkerError, request, reply) => {
      const status =
        error instanceof WorkerError ? error.status : ((error as FastifyError).statusCode ?? 500);
      if (status >= 500 && !(error instanceof WorkerError && error.status === 503)) {
        request.log.error({ err: error }, 'request failed');
        return reply.code(status).send(internalErrorBody(request.id));
      }
      const code = churnErrorCode(error) ?? error.code ?? 'CHURN_ERR_BAD_REQUEST';
      return reply.code(status).send(errorBody(code, error.message));
    });
    app.setNotFoundHandler(async (request) => {
      throw new WorkerError('CHURN_ERR_NOT_FOUND', noRouteMessage(request));
    });
  },
  { name: 'error-handler' },
);
