import { createErrorClass, listIssues } from '@churn/errors';

/** Error codes of @churn/model. Tests match `code`, never message text. */
export const ModelErrorCodes = {
  /** The model card file does not exist or cannot be read. */
  CHURN_ERR_MODEL_CARD_NOT_FOUND: 'CHURN_ERR_MODEL_CARD_NOT_FOUND',
  /** The card is not JSON, or does not match the schema. */
  CHURN_ERR_MODEL_CARD_INVALID: 'CHURN_ERR_MODEL_CARD_INVALID',
  /** `kind` is not "churn-model-card": some other file. */
  CHURN_ERR_MODEL_CARD_KIND: 'CHURN_ERR_MODEL_CARD_KIND',
  /** `schemaVersion` is one this code does not understand. */
  CHURN_ERR_MODEL_CARD_SCHEMA_VERSION: 'CHURN_ERR_MODEL_CARD_SCHEMA_VERSION',
  /** Model parameters that cannot be exported (lengths, names, non-finite numbers). */
  CHURN_ERR_MODEL_PARAMS_INVALID: 'CHURN_ERR_MODEL_PARAMS_INVALID',
  /** Export metadata (name, dates, metrics) that cannot go into a card. */
  CHURN_ERR_MODEL_EXPORT_META_INVALID: 'CHURN_ERR_MODEL_EXPORT_META_INVALID',
  /** An ONNX graph with a tensor whose type is undeclared or inconsistent (a writer bug). */
  CHURN_ERR_MODEL_GRAPH_UNTYPED: 'CHURN_ERR_MODEL_GRAPH_UNTYPED',
} as const;

export type ModelErrorCode = keyof typeof ModelErrorCodes;

/** Thrown by the model card reader and the ONNX exporter; `issues` lists each problem on one line. */
export const ModelError = createErrorClass<ModelErrorCode, { issues?: readonly string[] }>(
  'ModelError',
  { format: (message, { issues }) => listIssues(message, issues) },
);
export type ModelError = InstanceType<typeof ModelError>;
