import { atLocation, createErrorClass } from '@churn/errors';

/** Error codes of @churn/io. Tests match `code`, never message text. */
export const IoErrorCodes = {
  CHURN_ERR_CSV_EMPTY: 'CHURN_ERR_CSV_EMPTY',
  CHURN_ERR_CSV_UNTERMINATED_QUOTE: 'CHURN_ERR_CSV_UNTERMINATED_QUOTE',
  CHURN_ERR_CSV_FIELD_COUNT: 'CHURN_ERR_CSV_FIELD_COUNT',
  CHURN_ERR_CSV_TRUNCATED: 'CHURN_ERR_CSV_TRUNCATED',
  CHURN_ERR_CSV_COLUMN_LENGTH: 'CHURN_ERR_CSV_COLUMN_LENGTH',
  CHURN_ERR_CSV_SOURCE_CHANGED: 'CHURN_ERR_CSV_SOURCE_CHANGED',
  CHURN_ERR_IO_BAD_ARGUMENT: 'CHURN_ERR_IO_BAD_ARGUMENT',
} as const;

export type IoErrorCode = keyof typeof IoErrorCodes;

/** Thrown by @churn/io; `file` and `line` (1-based) say where, when known, and lead the message. */
export const IoError = createErrorClass<IoErrorCode, { file?: string; line?: number }>('IoError', {
  format: (message, { file, line }) => atLocation(message, file, line),
});
export type IoError = InstanceType<typeof IoError>;
