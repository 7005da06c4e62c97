export {
  AUDIT_FILE,
  type AuditAction,
  type AuditEntry,
  appendAudit,
  readAudit,
} from './audit-log.js';
export { RegistryError, type RegistryErrorCode, RegistryErrorCodes } from './errors.js';
export {
  type ModelCheck,
  promoteVersion,
  rollback,
  rollbackTarget,
  type SwitchResult,
} from './operations.js';
export {
  decidePromotion,
  type PromotionDecision,
  type PromotionReason,
  type PromotionRequest,
} from './promotion.js';
export {
  openRegistry,
  type ProductionModel,
  type RegisterInput,
  type Registry,
  type RegistryOptions,
} from './registry.js';
export {
  emptyRegistryState,
  parseRegistryState,
  REGISTRY_FILE,
  REGISTRY_KIND,
  REGISTRY_SCHEMA_VERSION,
  type RegistryEntry,
  type RegistryState,
} from './registry-state.js';
