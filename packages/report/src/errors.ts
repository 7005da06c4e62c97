import { createErrorClass } from '@churn/errors';

/** Error codes of @churn/report; tests match the code, never the message. */
export const ReportErrorCodes = {
  CHURN_ERR_REPORT_INPUT: 'CHURN_ERR_REPORT_INPUT',
  CHURN_ERR_REPORT_EVALUATION: 'CHURN_ERR_REPORT_EVALUATION',
} as const;

export type ReportErrorCode = keyof typeof ReportErrorCodes;

export const ReportError = createErrorClass<ReportErrorCode>('ReportError');
export type ReportError = InstanceType<typeof ReportError>;
