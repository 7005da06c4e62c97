/** Error codes of @churn/config. Tests match `code`, never message text. */
export const ConfigErrorCodes = {
  CHURN_ERR_CONFIG_INVALID: 'CHURN_ERR_CONFIG_INVALID',
  CHURN_ERR_CONFIG_FILE: 'CHURN_ERR_CONFIG_FILE',
} as const;

export type ConfigErrorCode = keyof typeof ConfigErrorCodes;

/** Thrown by `loadConfig`; `issues` lists every problem, one line each, by key path. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly code: ConfigErrorCode,
    readonly issues: readonly string[],
    readonly source: string,
  ) {
    super(
      `invalid configuration (${source}):\n${issues.map((issue) => `  - ${issue}`).join('\n')}`,
    );
  }
}
