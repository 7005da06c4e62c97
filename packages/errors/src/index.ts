export { type CodeMap, codeMapProblems } from './code-map.js';
export {
  type ChurnError,
  type ChurnErrorClass,
  churnErrorCode,
  createErrorClass,
  type ErrorClassOptions,
} from './create-error-class.js';
export {
  type ErrorBody,
  errorBody,
  type HttpErrorCode,
  HttpErrorCodes,
  internalErrorBody,
  noRouteMessage,
} from './error-body.js';
export { atLocation, listIssues } from './format-message.js';
