import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError, ApiErrors, type ErrorBody } from '../../errors.js';
import { validationError } from '../../model/request-validator.js';

const FASTIFY_CODES: Readonly<Record<string, ApiError['code']>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'CHURN_ERR_MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'CHURN_ERR_MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'CHURN_ERR_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'CHURN_ERR_UNSUPPORTED_MEDIA_TYPE',
  FST_UNDER_PRESSURE: 'CHURN_ERR_OVERLOADED',
};

/** Maps anything thrown to the caller's view of it. Internals never leave this function in a 5xx. */
export function toApiError(err: unknown, requestId: string): ApiError {
  if (err instanceof ApiError) return err;
  const fastifyError = (err ?? {}) as Partial<FastifyError>;
  if (fastifyError.validation) return validationError(fastifyError.validation as never);
  const mapped = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped) return new ApiError(mapped);
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Fastify's own 4xx messages describe the request, not our internals.
    const code = status === 404 ? 'CHURN_ERR_NOT_FOUND' : 'CHURN_ERR_BAD_REQUEST';
    return new ApiError(code, fastifyError.message, undefined, status);
  }
  return new ApiError(
    'CHURN_ERR_INTERNAL',
    `${ApiErrors.CHURN_ERR_INTERNAL.message} (request id ${requestId})`,
  );
}

/** One error shape for every route: `{error, message, details?}`; 5xx are logged with the request id. */
export default fp(
  async function errorHandler(app: FastifyInstance) {
    app.setErrorHandler((err, request, reply) => {
      const apiError = toApiError(err, request.id);
      if (apiError.statusCode >= 500 && apiError.code === 'CHURN_ERR_INTERNAL') {
        request.log.error({ err }, 'request failed');
      } else {
        request.log.debug({ code: apiError.code }, 'request refused');
      }
      if (apiError.retryAfter !== undefined) reply.header('retry-after', apiError.retryAfter);
      const body: ErrorBody = { error: apiError.code, message: apiError.message };
      if (apiError.details !== undefined) body.details = apiError.details;
      return reply.code(apiError.statusCode).send(body);
    });

    app.setNotFoundHandler((request, reply) => {
      const error = new ApiError(
        'CHURN_ERR_NOT_FOUND',
        `no route ${request.method} ${request.url.slice(0, 200)}`,
      );
      return reply.code(404).send({ error: error.code, message: error.message });
    });
  },
  { name: 'error-handler' },
);
