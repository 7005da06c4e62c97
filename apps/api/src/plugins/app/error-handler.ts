import type { Socket } from 'node:net';
import { errorBody, internalErrorBody, noRouteMessage } from '@churn/errors';
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
  FST_BEARER_AUTH_MISSING_AUTHORIZATION_HEADER: 'CHURN_ERR_UNAUTHORIZED',
  FST_BEARER_AUTH_INVALID_AUTHORIZATION_HEADER: 'CHURN_ERR_UNAUTHORIZED',
};

/**
 * Maps anything thrown to the caller's view of it: an unexpected error is CHURN_ERR_INTERNAL,
 * which the handler answers with internalErrorBody, so internals never leave in a 5xx.
 */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const fastifyError = (err ?? {}) as Partial<FastifyError>;
  if (fastifyError.validation) return validationError(fastifyError.validation as never);
  const mapped = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped) return new ApiError(mapped);
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Fastify's own 4xx messages describe the request, not our internals.
    const code = status === 404 ? 'CHURN_ERR_NOT_FOUND' : 'CHURN_ERR_BAD_REQUEST';
    return new ApiError(code, fastifyError.message, { statusCode: status });
  }
  return new ApiError('CHURN_ERR_INTERNAL');
}

/** One error shape for every route: `{error, message, details?}`; 5xx are logged with the request id. */
export default fp(
  async function errorHandler(app: FastifyInstance) {
    app.setErrorHandler((err, request, reply) => {
      const apiError = toApiError(err);
      if (apiError.code === 'CHURN_ERR_INTERNAL') {
        request.log.error({ err }, 'request failed');
        return reply.code(apiError.statusCode).send(internalErrorBody(request.id));
      }
      request.log.debug({ code: apiError.code }, 'request refused');
      if (apiError.retryAfter !== undefined) reply.header('retry-after', apiError.retryAfter);
      if (apiError.statusCode === 401) reply.header('www-authenticate', 'Bearer');
      const body: ErrorBody = errorBody(apiError.code, apiError.message, apiError.details);
      return reply.code(apiError.statusCode).send(body);
    });

    app.setNotFoundHandler((request, reply) => {
      const error = new ApiError('CHURN_ERR_NOT_FOUND', noRouteMessage(request));
      return reply.code(404).send(errorBody(error.code, error.message));
    });
  },
  { name: 'error-handler' },
);

/**
 * Fastify's clientErrorHandler: a request too malformed to route (bad HTTP, headers too large,
 * too slow) gets the usual error shape too, written straight to the socket, which then closes.
 */
export function clientErrorHandler(
  this: FastifyInstance,
  err: NodeJS.ErrnoException,
  socket: Socket,
): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const code =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? 'CHURN_ERR_REQUEST_TIMEOUT'
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? 'CHURN_ERR_HEADERS_TOO_LARGE'
        : 'CHURN_ERR_BAD_REQUEST';
  const { status, message } = ApiErrors[code];
  const body = JSON.stringify({
    error: code,
    message: code === 'CHURN_ERR_BAD_REQUEST' ? 'the request is not valid HTTP' : message,
  } satisfies ErrorBody);
  this.log.debug({ err }, 'client error');
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};
