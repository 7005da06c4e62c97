import { createErrorClass } from '@churn/errors';

/** Error codes of @churn/scorer. Tests match `code`, never message text. */
export const ScorerErrorCodes = {
  /** The model folder, its card or its ONNX file does not exist. */
  CHURN_ERR_SCORER_MODEL_NOT_FOUND: 'CHURN_ERR_SCORER_MODEL_NOT_FOUND',
  /** The model card is malformed, of another kind or of an unknown schemaVersion. */
  CHURN_ERR_SCORER_CARD_INVALID: 'CHURN_ERR_SCORER_CARD_INVALID',
  /** model.onnx does not have the sha256 its card records. */
  CHURN_ERR_SCORER_CHECKSUM_MISMATCH: 'CHURN_ERR_SCORER_CHECKSUM_MISMATCH',
  /** onnxruntime refused the model, or its inputs/output differ from the card. */
  CHURN_ERR_SCORER_LOAD_FAILED: 'CHURN_ERR_SCORER_LOAD_FAILED',
  /** onnxruntime failed while scoring. */
  CHURN_ERR_SCORER_RUN_FAILED: 'CHURN_ERR_SCORER_RUN_FAILED',
  /** The scorer was closed. */
  CHURN_ERR_SCORER_CLOSED: 'CHURN_ERR_SCORER_CLOSED',
  /** The model gave a non-finite probability (NaN or ±Infinity) for a row; `row` names it. */
  CHURN_ERR_SCORER_NON_FINITE: 'CHURN_ERR_SCORER_NON_FINITE',
  /** A row range outside the frame. */
  CHURN_ERR_SCORER_BAD_RANGE: 'CHURN_ERR_SCORER_BAD_RANGE',
  /** The registry names a version whose model card says another: refused until the registry changes. */
  CHURN_ERR_SCORER_VERSION_MISMATCH: 'CHURN_ERR_SCORER_VERSION_MISMATCH',
} as const;

export type ScorerErrorCode = keyof typeof ScorerErrorCodes;

/**
 * Thrown by @churn/scorer. `row` is the 0-based row the error is about, when it is about one:
 * the index in the records of scoreRecords, or the frame row (not relative to `start`) of
 * scoreFrame.
 */
export const ScorerError = createErrorClass<ScorerErrorCode, { row?: number }>('ScorerError');
export type ScorerError = InstanceType<typeof ScorerError>;
