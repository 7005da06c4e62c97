import { atLocation, createErrorClass } from '@churn/errors';

/** Error codes of @churn/features. Tests match `code`, never message text. */
export const FeaturesErrorCodes = {
  CHURN_ERR_CSV_MISSING_COLUMN: 'CHURN_ERR_CSV_MISSING_COLUMN',
  CHURN_ERR_CSV_BAD_VALUE: 'CHURN_ERR_CSV_BAD_VALUE',
  CHURN_ERR_GRID_INCOMPLETE: 'CHURN_ERR_GRID_INCOMPLETE',
  CHURN_ERR_FEATURES_BAD_ARGUMENT: 'CHURN_ERR_FEATURES_BAD_ARGUMENT',
  CHURN_ERR_PROFILE_INVALID: 'CHURN_ERR_PROFILE_INVALID',
} as const;

export type FeaturesErrorCode = keyof typeof FeaturesErrorCodes;

/** Thrown by @churn/features; `file` and `line` (1-based) say where, when known, and lead the message. */
export const FeaturesError = createErrorClass<FeaturesErrorCode, { file?: string; line?: number }>(
  'FeaturesError',
  { format: (message, { file, line }) => atLocation(message, file, line) },
);
export type FeaturesError = InstanceType<typeof FeaturesError>;
