export { ConfigError, type ConfigErrorCode, ConfigErrorCodes } from './errors.js';
export {
  type DeepPartial,
  ENV_KEYS,
  type LoadConfigOptions,
  loadConfig,
  type ResolvedConfig,
} from './load.js';
export { findProjectRoot, resolvePaths } from './paths.js';
export { type Config, ConfigSchema } from './schema.js';
export { MIN_SECRET_LENGTH, maskSecrets, SECRET_KEYS } from './secrets.js';
