import { createErrorClass } from '@churn/errors';

/**
 * Error codes of `@churn/model/train`. Tests match `code`, never message text.
 * Training code fails fast at the public entry of each algorithm, so a wrong
 * frame or option never turns into a silently bad model.
 */
export const TrainErrorCodes = {
  CHURN_ERR_EMPTY_FRAME: 'CHURN_ERR_EMPTY_FRAME',
  CHURN_ERR_TRAIN_MISSING_COLUMN: 'CHURN_ERR_TRAIN_MISSING_COLUMN',
  CHURN_ERR_COLUMN_LENGTH: 'CHURN_ERR_COLUMN_LENGTH',
  CHURN_ERR_MISSING_LABEL: 'CHURN_ERR_MISSING_LABEL',
  CHURN_ERR_INVALID_LABEL: 'CHURN_ERR_INVALID_LABEL',
  CHURN_ERR_SINGLE_CLASS: 'CHURN_ERR_SINGLE_CLASS',
  CHURN_ERR_TRAIN_INVALID_OPTION: 'CHURN_ERR_TRAIN_INVALID_OPTION',
  CHURN_ERR_TOO_FEW_DATES: 'CHURN_ERR_TOO_FEW_DATES',
  CHURN_ERR_LENGTH_MISMATCH: 'CHURN_ERR_LENGTH_MISMATCH',
  CHURN_ERR_INVALID_PARAMS: 'CHURN_ERR_INVALID_PARAMS',
  CHURN_ERR_SCORING_THREAD: 'CHURN_ERR_SCORING_THREAD',
} as const;

export type TrainErrorCode = keyof typeof TrainErrorCodes;

/** Thrown by the training algorithms on a bad frame, label or option. */
export const TrainError = createErrorClass<TrainErrorCode>('TrainError');
export type TrainError = InstanceType<typeof TrainError>;
