import { createErrorClass, listIssues } from '@churn/errors';

/** Error codes of @churn/config. Tests match `code`, never message text. */
export const ConfigErrorCodes = {
  CHURN_ERR_CONFIG_INVALID: 'CHURN_ERR_CONFIG_INVALID',
  CHURN_ERR_CONFIG_FILE: 'CHURN_ERR_CONFIG_FILE',
} as const;

export type ConfigErrorCode = keyof typeof ConfigErrorCodes;

/**
 * Thrown by `loadConfig`; `issues` lists every problem, one line each, by key path, and `source`
 * names where the configuration came from. The message lists both.
 */
export const ConfigError = createErrorClass<
  ConfigErrorCode,
  { issues: readonly string[]; source: string }
>('ConfigError', {
  format: (message, { issues, source }) => listIssues(`${message} (${source})`, issues),
});
export type ConfigError = InstanceType<typeof ConfigError>;
