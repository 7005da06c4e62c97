/**
 * Error codes of `@churn/model/train`. Tests match `code`, never message text.
 * Training code fails fast at the public entry of each algorithm, so a wrong
 * frame or option never turns into a silently bad model.
 */
export const TrainErrorCodes = {
  CHURN_ERR_EMPTY_FRAME: 'CHURN_ERR_EMPTY_FRAME',
  CHURN_ERR_MISSING_COLUMN: 'CHURN_ERR_MISSING_COLUMN',
  CHURN_ERR_COLUMN_LENGTH: 'CHURN_ERR_COLUMN_LENGTH',
  CHURN_ERR_MISSING_LABEL: 'CHURN_ERR_MISSING_LABEL',
  CHURN_ERR_INVALID_LABEL: 'CHURN_ERR_INVALID_LABEL',
  CHURN_ERR_SINGLE_CLASS: 'CHURN_ERR_SINGLE_CLASS',
  CHURN_ERR_INVALID_OPTION: 'CHURN_ERR_INVALID_OPTION',
  CHURN_ERR_TOO_FEW_DATES: 'CHURN_ERR_TOO_FEW_DATES',
  CHURN_ERR_LENGTH_MISMATCH: 'CHURN_ERR_LENGTH_MISMATCH',
  CHURN_ERR_INVALID_PARAMS: 'CHURN_ERR_INVALID_PARAMS',
} as const;

export type TrainErrorCode = keyof typeof TrainErrorCodes;

export class TrainError extends Error {
  override readonly name = 'TrainError';
  constructor(
    readonly code: TrainErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}
