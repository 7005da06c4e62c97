import { churnErrorCode, createErrorClass } from '@churn/errors';

export { churnErrorCode };

/**
 * Error codes of @churn/worker. Tests match `code`, never message text.
 * `exitCode` is what the CLI exits with; `status` is the HTTP status when a job request fails.
 */
export const WorkerErrorCodes = {
  CHURN_ERR_USAGE: 'CHURN_ERR_USAGE',
  CHURN_ERR_INPUT_NOT_FOUND: 'CHURN_ERR_INPUT_NOT_FOUND',
  CHURN_ERR_MISSING_COLUMN: 'CHURN_ERR_MISSING_COLUMN',
  CHURN_ERR_INVALID_ROW: 'CHURN_ERR_INVALID_ROW',
  CHURN_ERR_NO_ROWS: 'CHURN_ERR_NO_ROWS',
  CHURN_ERR_NO_PRODUCTION_MODEL: 'CHURN_ERR_NO_PRODUCTION_MODEL',
  CHURN_ERR_UNKNOWN_MONITORED_FEATURE: 'CHURN_ERR_UNKNOWN_MONITORED_FEATURE',
  CHURN_ERR_NO_REFERENCE_PROFILE: 'CHURN_ERR_NO_REFERENCE_PROFILE',
  CHURN_ERR_JOB_ABORTED: 'CHURN_ERR_JOB_ABORTED',
  CHURN_ERR_JOB_RUNNING: 'CHURN_ERR_JOB_RUNNING',
  CHURN_ERR_JOB_NOT_FOUND: 'CHURN_ERR_JOB_NOT_FOUND',
  CHURN_ERR_NOT_FOUND: 'CHURN_ERR_NOT_FOUND',
  CHURN_ERR_JOB_FAILED: 'CHURN_ERR_JOB_FAILED',
  CHURN_ERR_UNAUTHORIZED: 'CHURN_ERR_UNAUTHORIZED',
  CHURN_ERR_FORBIDDEN_ORIGIN: 'CHURN_ERR_FORBIDDEN_ORIGIN',
  CHURN_ERR_NO_TOKEN: 'CHURN_ERR_NO_TOKEN',
  CHURN_ERR_SHUTTING_DOWN: 'CHURN_ERR_SHUTTING_DOWN',
  CHURN_ERR_MISSING_SHARD: 'CHURN_ERR_MISSING_SHARD',
  CHURN_ERR_SHARD_MISMATCH: 'CHURN_ERR_SHARD_MISMATCH',
} as const;

export type WorkerErrorCode = keyof typeof WorkerErrorCodes;

const details: Record<WorkerErrorCode, { exitCode: number; status: number }> = {
  CHURN_ERR_USAGE: { exitCode: 64, status: 400 },
  CHURN_ERR_INPUT_NOT_FOUND: { exitCode: 66, status: 404 },
  CHURN_ERR_MISSING_COLUMN: { exitCode: 65, status: 422 },
  CHURN_ERR_INVALID_ROW: { exitCode: 65, status: 422 },
  CHURN_ERR_NO_ROWS: { exitCode: 65, status: 422 },
  CHURN_ERR_NO_PRODUCTION_MODEL: { exitCode: 69, status: 503 },
  CHURN_ERR_UNKNOWN_MONITORED_FEATURE: { exitCode: 78, status: 500 },
  CHURN_ERR_NO_REFERENCE_PROFILE: { exitCode: 66, status: 422 },
  CHURN_ERR_JOB_ABORTED: { exitCode: 75, status: 503 },
  CHURN_ERR_JOB_RUNNING: { exitCode: 75, status: 409 },
  CHURN_ERR_JOB_NOT_FOUND: { exitCode: 1, status: 404 },
  CHURN_ERR_NOT_FOUND: { exitCode: 1, status: 404 },
  CHURN_ERR_JOB_FAILED: { exitCode: 1, status: 500 },
  CHURN_ERR_UNAUTHORIZED: { exitCode: 77, status: 401 },
  CHURN_ERR_FORBIDDEN_ORIGIN: { exitCode: 77, status: 403 },
  CHURN_ERR_NO_TOKEN: { exitCode: 78, status: 500 },
  CHURN_ERR_SHUTTING_DOWN: { exitCode: 75, status: 503 },
  // A shard that has not written its part yet: sysexits EX_NOINPUT, as a missing input file.
  CHURN_ERR_MISSING_SHARD: { exitCode: 66, status: 404 },
  CHURN_ERR_SHARD_MISMATCH: { exitCode: 65, status: 422 },
};

/** Thrown by the worker; `exitCode` and `status` come from its code. */
export const WorkerError = createErrorClass<WorkerErrorCode, { exitCode: number; status: number }>(
  'WorkerError',
  { defaults: (code) => details[code] },
);
export type WorkerError = InstanceType<typeof WorkerError>;

/** Input-file problems the CSV reader finds, as the worker reports bad input data. */
const CSV_ROW_ERRORS = new Set([
  'CHURN_ERR_CSV_FIELD_COUNT',
  'CHURN_ERR_CSV_TRUNCATED',
  'CHURN_ERR_CSV_UNTERMINATED_QUOTE',
  'CHURN_ERR_CSV_BAD_VALUE',
]);

/**
 * An IoError or FeaturesError about the input file (its message names file and line) as
 * CHURN_ERR_INVALID_ROW, an empty file as CHURN_ERR_NO_ROWS; anything else unchanged.
 */
export function inputFileError(error: unknown): unknown {
  const code = churnErrorCode(error);
  if (code && CSV_ROW_ERRORS.has(code)) {
    return new WorkerError('CHURN_ERR_INVALID_ROW', (error as Error).message, { cause: error });
  }
  if (code === 'CHURN_ERR_CSV_EMPTY') {
    return new WorkerError('CHURN_ERR_NO_ROWS', (error as Error).message, { cause: error });
  }
  return error;
}
