/**
 * The codes both apps answer HTTP requests with, defined once here so each means one thing;
 * each app gives them its own status and message.
 */
export const HttpErrorCodes = {
  CHURN_ERR_BAD_REQUEST: 'CHURN_ERR_BAD_REQUEST',
  CHURN_ERR_UNAUTHORIZED: 'CHURN_ERR_UNAUTHORIZED',
  CHURN_ERR_NOT_FOUND: 'CHURN_ERR_NOT_FOUND',
  CHURN_ERR_SHUTTING_DOWN: 'CHURN_ERR_SHUTTING_DOWN',
  CHURN_ERR_INTERNAL: 'CHURN_ERR_INTERNAL',
} as const;

export type HttpErrorCode = keyof typeof HttpErrorCodes;

/** The JSON body of every error response of both apps. */
export interface ErrorBody<C extends string = string> {
  error: C;
  message: string;
  details?: unknown;
}

/** `{ error: code, message, details? }`, with `details` only when there are some. */
export function errorBody<C extends string>(
  code: C,
  message: string,
  details?: unknown,
): ErrorBody<C> {
  return details === undefined ? { error: code, message } : { error: code, message, details };
}

/**
 * The body of every 500 of both apps: only that the request failed and its request id, which
 * the caller can quote and the log keeps with the detail; never the error's own message.
 *
 * @example
 * internalErrorBody('req-7').message; // => 'the request failed on our side (request id req-7)'
 */
export function internalErrorBody(requestId: string): ErrorBody<'CHURN_ERR_INTERNAL'> {
  return errorBody(
    HttpErrorCodes.CHURN_ERR_INTERNAL,
    `the request failed on our side (request id ${requestId})`,
  );
}

/** The message of the 404 for a URL no route serves; the URL is cut to 200 characters. */
export function noRouteMessage(request: { method: string; url: string }): string {
  return `no route ${request.method} ${request.url.slice(0, 200)}`;
}
