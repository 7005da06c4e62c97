import { createErrorClass } from '@churn/errors';

/** Error codes of @churn/pipeline. Tests match `code`, never message text. */
export const PipelineErrorCodes = {
  CHURN_ERR_VALIDATION_FAILED: 'CHURN_ERR_VALIDATION_FAILED',
  CHURN_ERR_INPUT_MISSING: 'CHURN_ERR_INPUT_MISSING',
  CHURN_ERR_STEP_UNAVAILABLE: 'CHURN_ERR_STEP_UNAVAILABLE',
  CHURN_ERR_NO_MODELS: 'CHURN_ERR_NO_MODELS',
  CHURN_ERR_PIPELINE_INVALID_OPTION: 'CHURN_ERR_PIPELINE_INVALID_OPTION',
  /** A command line the CLI does not understand: it prints the usage and exits 2. */
  CHURN_ERR_PIPELINE_USAGE: 'CHURN_ERR_PIPELINE_USAGE',
  /** A model's optimiser stopped before convergence: nothing is exported. */
  CHURN_ERR_NOT_CONVERGED: 'CHURN_ERR_NOT_CONVERGED',
} as const;

export type PipelineErrorCode = keyof typeof PipelineErrorCodes;

/**
 * A problem the user can fix (bad input, a missing file, an unknown step): the CLI prints
 * the message without a stack trace and exits 1. `problems` lists every problem, one a line.
 */
export const PipelineError = createErrorClass<PipelineErrorCode, { problems: readonly string[] }>(
  'PipelineError',
  { defaults: () => ({ problems: [] }) },
);
export type PipelineError = InstanceType<typeof PipelineError>;

/** The rule each validation problem broke; a problem carries one of these as its `code`. */
export const ValidationCodes = {
  CHURN_ERR_VALIDATION_MISSING_FILE: 'CHURN_ERR_VALIDATION_MISSING_FILE',
  CHURN_ERR_VALIDATION_EMPTY_FILE: 'CHURN_ERR_VALIDATION_EMPTY_FILE',
  CHURN_ERR_VALIDATION_MISSING_COLUMN: 'CHURN_ERR_VALIDATION_MISSING_COLUMN',
  CHURN_ERR_VALIDATION_FIELD_COUNT: 'CHURN_ERR_VALIDATION_FIELD_COUNT',
  CHURN_ERR_VALIDATION_TRUNCATED: 'CHURN_ERR_VALIDATION_TRUNCATED',
  CHURN_ERR_VALIDATION_MISSING_VALUE: 'CHURN_ERR_VALIDATION_MISSING_VALUE',
  CHURN_ERR_VALIDATION_NOT_A_NUMBER: 'CHURN_ERR_VALIDATION_NOT_A_NUMBER',
  CHURN_ERR_VALIDATION_NOT_AN_INTEGER: 'CHURN_ERR_VALIDATION_NOT_AN_INTEGER',
  CHURN_ERR_VALIDATION_BAD_DATE: 'CHURN_ERR_VALIDATION_BAD_DATE',
  CHURN_ERR_VALIDATION_BAD_CATEGORY: 'CHURN_ERR_VALIDATION_BAD_CATEGORY',
  CHURN_ERR_VALIDATION_UNKNOWN_EVENT_TYPE: 'CHURN_ERR_VALIDATION_UNKNOWN_EVENT_TYPE',
  CHURN_ERR_VALIDATION_OUT_OF_RANGE: 'CHURN_ERR_VALIDATION_OUT_OF_RANGE',
  CHURN_ERR_VALIDATION_DUPLICATE_ID: 'CHURN_ERR_VALIDATION_DUPLICATE_ID',
  CHURN_ERR_VALIDATION_UNKNOWN_USER: 'CHURN_ERR_VALIDATION_UNKNOWN_USER',
} as const;

export type ValidationCode = keyof typeof ValidationCodes;
