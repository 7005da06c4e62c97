import { createErrorClass } from '@churn/errors';

/** Error codes of @churn/registry. Tests match `code`, never message text. */
export const RegistryErrorCodes = {
  /** registry.json is not JSON, not a registry, or does not match the schema. */
  CHURN_ERR_REGISTRY_INVALID: 'CHURN_ERR_REGISTRY_INVALID',
  /** registry.json has a schemaVersion this code does not understand. */
  CHURN_ERR_REGISTRY_SCHEMA_VERSION: 'CHURN_ERR_REGISTRY_SCHEMA_VERSION',
  /** A version was named that the registry does not list. */
  CHURN_ERR_REGISTRY_UNKNOWN_VERSION: 'CHURN_ERR_REGISTRY_UNKNOWN_VERSION',
  /** A model to promote or roll back to does not load; production is unchanged. */
  CHURN_ERR_REGISTRY_MODEL_UNLOADABLE: 'CHURN_ERR_REGISTRY_MODEL_UNLOADABLE',
  /** Rollback asked for, but the audit log names no earlier production model. */
  CHURN_ERR_REGISTRY_NO_ROLLBACK: 'CHURN_ERR_REGISTRY_NO_ROLLBACK',
  /** Invalid promotion arguments (negative margin, empty metric name). */
  CHURN_ERR_REGISTRY_BAD_ARGUMENT: 'CHURN_ERR_REGISTRY_BAD_ARGUMENT',
} as const;

export type RegistryErrorCode = keyof typeof RegistryErrorCodes;

export const RegistryError = createErrorClass<RegistryErrorCode>('RegistryError');
export type RegistryError = InstanceType<typeof RegistryError>;
