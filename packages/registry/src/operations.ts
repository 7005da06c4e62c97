import { type AuditEntry, readAudit } from './audit-log.js';
import { RegistryError } from './errors.js';
import type { Registry } from './registry.js';
import type { RegistryEntry } from './registry-state.js';

/** Loads the model in `modelDir` (and releases it); throws when it cannot be served. */
export type ModelCheck = (modelDir: string) => Promise<void>;

export interface SwitchResult {
  readonly changed: boolean;
  readonly entry: RegistryEntry;
  readonly previous: string | null;
}

/**
 * Makes a registered `version` production by hand, without the gate, after checking that
 * it loads. Refuses an unknown version (CHURN_ERR_REGISTRY_UNKNOWN_VERSION) and a model
 * that fails to load (CHURN_ERR_REGISTRY_MODEL_UNLOADABLE). The audit log records it.
 */
export async function promoteVersion(
  registry: Registry,
  version: string,
  options: { readonly reason: string; readonly check: ModelCheck },
): Promise<SwitchResult> {
  return switchTo(registry, version, 'promote', options);
}

/**
 * Puts back the model that was production before the current one was last promoted (the
 * audit log says which), after checking that it loads. Rolling back twice goes one step
 * further back each time, not back and forth.
 */
export async function rollback(
  registry: Registry,
  options: { readonly reason: string; readonly check: ModelCheck },
): Promise<SwitchResult> {
  const state = await registry.read();
  const current = state.production?.version;
  if (!current) {
    throw new RegistryError('CHURN_ERR_REGISTRY_NO_ROLLBACK', 'no production model to roll back');
  }
  const target = rollbackTarget(await readAudit(registry.dir), current);
  if (!target) {
    throw new RegistryError(
      'CHURN_ERR_REGISTRY_NO_ROLLBACK',
      `the audit log names no model that was production before ${current}`,
    );
  }
  return switchTo(registry, target, 'rollback', options);
}

/** The `previous` of the last promote of `current`, or null. */
export function rollbackTarget(log: readonly AuditEntry[], current: string): string | null {
  for (let i = log.length - 1; i >= 0; i--) {
    const entry = log[i]!;
    if (entry.action === 'promote' && entry.version === current) return entry.previous;
  }
  return null;
}

async function switchTo(
  registry: Registry,
  version: string,
  action: 'promote' | 'rollback',
  options: { readonly reason: string; readonly check: ModelCheck },
): Promise<SwitchResult> {
  const state = await registry.read();
  const entry = state.models.find((model) => model.version === version);
  if (!entry) {
    throw new RegistryError(
      'CHURN_ERR_REGISTRY_UNKNOWN_VERSION',
      `${version} is not registered (npm run registry -- list)`,
    );
  }
  const previous = state.production?.version ?? null;
  if (previous === version) return { changed: false, entry, previous };
  try {
    await options.check(await registry.modelDir(version));
  } catch (cause) {
    throw new RegistryError(
      'CHURN_ERR_REGISTRY_MODEL_UNLOADABLE',
      `${version} does not load, production is unchanged: ${(cause as Error).message}`,
      { cause },
    );
  }
  const switched = await registry.setProduction(version, { action, reason: options.reason });
  return { changed: true, entry: switched, previous };
}
