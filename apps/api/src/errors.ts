import { type ErrorBody as ChurnErrorBody, createErrorClass } from '@churn/errors';

/**
 * Every error the API answers with: its code, HTTP status and a message for the caller.
 * Tests match `error` (the code), never message text. Bodies have one shape:
 * `{ error: code, message, details? }`.
 */
export const ApiErrors = {
  CHURN_ERR_VALIDATION: { status: 400, message: 'the request does not match the schema' },
  CHURN_ERR_UNKNOWN_FEATURE: {
    status: 400,
    message: 'features the model does not use are refused (strict_features is on)',
  },
  CHURN_ERR_BATCH_LIMIT: { status: 400, message: 'too many rows in one batch' },
  CHURN_ERR_MALFORMED_JSON: { status: 400, message: 'the body is not valid JSON' },
  CHURN_ERR_BAD_REQUEST: { status: 400, message: 'bad request' },
  CHURN_ERR_UNAUTHORIZED: {
    status: 401,
    message: 'this route needs a valid bearer token (Authorization: Bearer <token>)',
  },
  CHURN_ERR_NOT_FOUND: { status: 404, message: 'no such route' },
  CHURN_ERR_UNKNOWN_MODEL: { status: 404, message: 'no such model' },
  CHURN_ERR_NO_REPORT: { status: 404, message: 'the served model has no report' },
  CHURN_ERR_REQUEST_TIMEOUT: { status: 408, message: 'the request took too long to arrive' },
  CHURN_ERR_BODY_TOO_LARGE: { status: 413, message: 'the body is larger than the limit' },
  CHURN_ERR_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: 'send the body as application/json',
  },
  CHURN_ERR_HEADERS_TOO_LARGE: { status: 431, message: 'the request headers are too large' },
  CHURN_ERR_NON_FINITE_SCORE: {
    status: 422,
    message: 'the model gives no finite probability for this row',
  },
  CHURN_ERR_INTERNAL: { status: 500, message: 'the request failed on our side' },
  CHURN_ERR_MODEL_NOT_READY: { status: 503, message: 'no model is loaded yet' },
  CHURN_ERR_OVERLOADED: { status: 503, message: 'the server is overloaded, retry later' },
  CHURN_ERR_SHUTTING_DOWN: { status: 503, message: 'the server is shutting down' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ApiErrorCode = keyof typeof ApiErrors;

/** One problem in a request, located by its path in the body, e.g. `features.plan`. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/** The JSON body of every error response. */
export type ErrorBody = ChurnErrorBody<ApiErrorCode>;

/** Seconds a client should wait before retrying when no model is loaded or the server is busy. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * An error meant for the caller; the error handler turns it into an ErrorBody. Its message and
 * `statusCode` default to the registry's (a fastify 4xx passed through keeps its own status);
 * every 503 has `retryAfter`, the seconds for the Retry-After header.
 */
export const ApiError = createErrorClass<
  ApiErrorCode,
  { statusCode: number; retryAfter?: number; details?: unknown }
>('ApiError', {
  defaults: (code) => {
    const { status, message } = ApiErrors[code];
    return {
      message,
      statusCode: status,
      retryAfter: status === 503 ? RETRY_AFTER_SECONDS : undefined,
    };
  },
});
export type ApiError = InstanceType<typeof ApiError>;

/** The OpenAPI schema of ErrorBody, shared by every route's 4xx/5xx responses. */
export const errorBodySchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', enum: Object.keys(ApiErrors) },
    message: { type: 'string' },
    details: {},
  },
} as const;
