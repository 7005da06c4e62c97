import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Value from 'typebox/value';
import { parse as parseYaml } from 'yaml';
import { describeErrors } from './describe-errors.js';
import { ConfigError } from './errors.js';
import { findProjectRoot, resolvePaths } from './paths.js';
import { type Config, ConfigSchema } from './schema.js';
import { readSecretFiles } from './secrets.js';

/** Configuration with every path absolute, plus where it came from. */
export type ResolvedConfig = Config & {
  /** Project root that relative paths were resolved against. */
  readonly root: string;
  /** The YAML file that was read, or null when only defaults and env applied. */
  readonly file: string | null;
};

export type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends readonly unknown[]
    ? T[K]
    : T[K] extends object
      ? DeepPartial<T[K]>
      : T[K];
};

export interface LoadConfigOptions {
  /** Where to start looking for the project root. Default: process.cwd(). */
  cwd?: string;
  /** Environment to read. Default: process.env. */
  env?: Record<string, string | undefined>;
  /** Highest-precedence values, e.g. from command-line flags. */
  overrides?: DeepPartial<Config>;
}

/**
 * Environment variables for what people change at deploy time, and the key each sets.
 * Everything else belongs in the YAML file.
 */
export const ENV_KEYS: Readonly<Record<string, string>> = {
  HOST: 'api.host',
  PORT: 'api.port',
  LOG_LEVEL: 'app.log_level',
  API_TOKEN: 'api.auth_token',
  API_TOKEN_FILE: 'api.auth_token_file',
  WORKER_HOST: 'worker.host',
  WORKER_PORT: 'worker.port',
  WORKER_TOKEN: 'worker.auth_token',
  WORKER_TOKEN_FILE: 'worker.auth_token_file',
  WORKER_ALLOW_UNAUTHENTICATED: 'worker.allow_unauthenticated',
  CHURN_DATA_DIR: 'paths.data',
  CHURN_ARTIFACTS_DIR: 'paths.artifacts',
};

/**
 * Loads configuration. Precedence, lowest first: the defaults in schema.ts,
 * `config/config.yaml` (or the file named by CHURN_MLOPS_CONFIG), environment
 * variables (ENV_KEYS), then `overrides`. Throws ConfigError listing every problem.
 *
 * @example
 * const config = loadConfig();
 * config.api.port; // => 8000
 */
export function loadConfig(options: LoadConfigOptions = {}): ResolvedConfig {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const root = resolve(cwd, env.CHURN_MLOPS_ROOT || findProjectRoot(cwd) || cwd);
  const file = env.CHURN_MLOPS_CONFIG
    ? resolve(cwd, env.CHURN_MLOPS_CONFIG)
    : join(root, 'config', 'config.yaml');
  const explicitFile = Boolean(env.CHURN_MLOPS_CONFIG);

  let fromFile: unknown = {};
  const fileExists = existsSync(file);
  if (fileExists) {
    fromFile = readYaml(file);
  } else if (explicitFile) {
    throw new ConfigError('CHURN_ERR_CONFIG_FILE', 'invalid configuration', {
      issues: [`CHURN_MLOPS_CONFIG: file not found: ${file}`],
      source: file,
    });
  }
  if (fromFile !== null && typeof fromFile !== 'object') {
    throw new ConfigError('CHURN_ERR_CONFIG_FILE', 'invalid configuration', {
      issues: ['(root): expected a mapping of sections'],
      source: file,
    });
  }

  const merged = deepMerge(deepMerge(fromFile ?? {}, fromEnv(env)), options.overrides ?? {});
  const candidate = Value.Default(ConfigSchema, Value.Convert(ConfigSchema, merged));
  const issues = describeErrors(ConfigSchema, candidate);
  if (issues.length === 0) issues.push(...readSecretFiles(candidate as never, root));
  if (issues.length > 0) {
    const envNames = Object.keys(ENV_KEYS).filter((name) => env[name]);
    const sources = [fileExists ? file : 'built-in defaults'];
    if (envNames.length > 0) sources.push(`environment ${envNames.join(', ')}`);
    throw new ConfigError('CHURN_ERR_CONFIG_INVALID', 'invalid configuration', {
      issues,
      source: sources.join('; '),
    });
  }
  const config = candidate as Config;
  return deepFreeze({
    ...config,
    paths: resolvePaths(config.paths, root),
    root,
    file: fileExists ? file : null,
  });
}

function readYaml(file: string): unknown {
  try {
    return parseYaml(readFileSync(file, 'utf8')) ?? {};
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError('CHURN_ERR_CONFIG_FILE', 'invalid configuration', {
      issues: [`cannot parse YAML: ${reason}`],
      source: file,
    });
  }
}

function fromEnv(env: Record<string, string | undefined>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, keyPath] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const [section, key] = keyPath.split('.') as [string, string];
    result[section] = { ...(result[section] as object | undefined), [key]: value };
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override))
    return override === undefined ? base : override;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) result[key] = deepMerge(base[key], value);
  return result;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
