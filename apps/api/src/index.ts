export { type AppDeps, buildApp } from './app.js';
export { ApiError, type ApiErrorCode, ApiErrors, type ErrorBody } from './errors.js';
export type {
  ModelSource,
  ProductionPointer,
  ServingCard,
  ServingFeature,
  ServingScorer,
} from './model/model-source.js';
