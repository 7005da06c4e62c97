import { mkdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { writeFileAtomic } from '@churn/io';
import type { ModelCard } from '@churn/model';
import { type AuditAction, appendAudit } from './audit-log.js';
import { RegistryError } from './errors.js';
import { decidePromotion, type PromotionDecision, type PromotionRequest } from './promotion.js';
import {
  emptyRegistryState,
  parseRegistryState,
  REGISTRY_FILE,
  type RegistryEntry,
  type RegistryState,
} from './registry-state.js';

export interface RegistryOptions {
  /** Folder of registry.json (paths.registry). */
  readonly dir: string;
  /**
   * Folder holding `<version>/` model folders (paths.models). When given, `production()`
   * looks the model up there by version instead of following the stored relative path,
   * so a registry copied to another machine or volume still finds its models.
   */
  readonly modelsDir?: string;
  /** Who makes the changes, for the audit log (default `unknown`). */
  readonly actor?: string;
}

export interface RegisterInput {
  readonly card: ModelCard;
  /** The folder holding model.onnx and model-card.json. */
  readonly modelDir: string;
  readonly now?: Date;
}

export interface ProductionModel {
  readonly entry: RegistryEntry;
  /** Absolute folder of model.onnx and model-card.json. */
  readonly modelDir: string;
}

export interface Registry {
  readonly dir: string;
  readonly file: string;
  /** The current state; a missing registry.json reads as empty. */
  read(): Promise<RegistryState>;
  /** Adds a model (idempotent: a registered version is returned unchanged). */
  register(input: RegisterInput): Promise<RegistryEntry>;
  /** Applies the promotion gate and, when it passes, switches the production pointer. */
  promote(request: PromotionRequest & { readonly now?: Date }): Promise<PromotionDecision>;
  /**
   * Points production at a registered version without a gate (`promoteVersion` and
   * `rollback` check that it loads first); the audit log records `action` and `reason`.
   */
  setProduction(
    version: string,
    options?: {
      readonly now?: Date;
      readonly action?: Exclude<AuditAction, 'register'>;
      readonly reason?: string;
    },
  ): Promise<RegistryEntry>;
  production(): Promise<ProductionModel | null>;
  /** The absolute folder of a registered version's model files. */
  modelDir(version: string): Promise<string>;
}

/**
 * Opens the file-based model registry in `dir`. Every change rewrites registry.json
 * atomically (temp file + rename), so readers in other processes (the API polling
 * for a new production model) see the old or the new file, never a mix. Changes made
 * through one `Registry` object are serialized; run one writer process at a time.
 *
 * @example
 * const registry = openRegistry({ dir: config.paths.registry, modelsDir: config.paths.models });
 * const current = await registry.production(); // => { entry, modelDir } | null
 */
export function openRegistry(options: RegistryOptions): Registry {
  const dir = resolve(options.dir);
  const file = join(dir, REGISTRY_FILE);
  const modelsDir = options.modelsDir === undefined ? undefined : resolve(options.modelsDir);
  const actor = options.actor ?? 'unknown';
  let queue: Promise<unknown> = Promise.resolve();

  const read = async (): Promise<RegistryState> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyRegistryState();
      throw error;
    }
    return parseRegistryState(text, file);
  };

  const write = async (state: RegistryState): Promise<void> => {
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`);
  };

  type Audit = { action: AuditAction; version: string; previous: string | null; reason: string };
  /**
   * Runs read-modify-write changes one after another. A change's audit entry is appended
   * once registry.json is written, so the log never records a change that did not happen.
   */
  const update = <T>(
    change: (state: RegistryState) => { state?: RegistryState; result: T; audit?: Audit },
    now: Date,
  ) => {
    const next = queue.then(async () => {
      const { state, result, audit } = change(await read());
      if (state) await write(state);
      if (state && audit) await appendAudit(dir, { at: now.toISOString(), actor, ...audit });
      return result;
    });
    queue = next.catch(() => undefined);
    return next;
  };

  const switchProduction = (state: RegistryState, version: string, now: Date) => {
    const models = state.models.map((entry) =>
      entry.version === version ? { ...entry, promotedAt: now.toISOString() } : entry,
    );
    const entry = models.find((model) => model.version === version);
    if (!entry) {
      throw new RegistryError('CHURN_ERR_REGISTRY_UNKNOWN_VERSION', `${version} is not registered`);
    }
    return { state: { ...state, models, production: { name: entry.name, version } }, entry };
  };

  return {
    dir,
    file,
    read,
    register: ({ card, modelDir, now = new Date() }) =>
      update((state) => {
        const existing = state.models.find((entry) => entry.version === card.version);
        if (existing) return { result: existing };
        const entry: RegistryEntry = {
          name: card.name,
          version: card.version,
          algorithm: card.algorithm,
          path: relative(dir, resolve(modelDir)).split('\\').join('/'),
          metrics: numericMetrics(card.metrics),
          primaryMetric: card.primaryMetric,
          registeredAt: now.toISOString(),
          promotedAt: null,
        };
        return {
          state: { ...state, models: [...state.models, entry] },
          result: entry,
          audit: {
            action: 'register',
            version: entry.version,
            previous: null,
            reason: `trained (${entry.primaryMetric} ${entry.metrics[entry.primaryMetric] ?? 'n/a'})`,
          },
        };
      }, now),
    promote: ({ now = new Date(), ...request }) =>
      update((state) => {
        const decision = decidePromotion(state, request);
        if (!decision.promoted || !decision.candidate) return { result: decision };
        const switched = switchProduction(state, decision.candidate.version, now);
        return {
          state: switched.state,
          result: { ...decision, candidate: switched.entry },
          audit: {
            action: 'promote',
            version: switched.entry.version,
            previous: state.production?.version ?? null,
            reason: `promotion gate: ${decision.reason} (${decision.primaryMetric} ${decision.candidateMetric} vs ${decision.previousMetric ?? 'none'}, margin ${decision.minImprovement})`,
          },
        };
      }, now),
    setProduction: (version, { now = new Date(), action = 'promote', reason = 'by hand' } = {}) =>
      update((state) => {
        const switched = switchProduction(state, version, now);
        return {
          state: switched.state,
          result: switched.entry,
          audit: { action, version, previous: state.production?.version ?? null, reason },
        };
      }, now),
    modelDir: async (version) => {
      if (modelsDir) return join(modelsDir, version);
      const entry = (await read()).models.find((model) => model.version === version);
      if (!entry) {
        throw new RegistryError(
          'CHURN_ERR_REGISTRY_UNKNOWN_VERSION',
          `${version} is not registered`,
        );
      }
      return resolve(dir, entry.path);
    },
    production: async () => {
      const state = await read();
      if (!state.production) return null;
      const { version } = state.production;
      const entry = state.models.find((model) => model.version === version);
      if (!entry) {
        throw new RegistryError(
          'CHURN_ERR_REGISTRY_INVALID',
          `${file}: production version ${version} is not in the model list`,
        );
      }
      const modelDir = modelsDir ? join(modelsDir, version) : resolve(dir, entry.path);
      return { entry, modelDir };
    },
  };
}

function numericMetrics(metrics: Readonly<Record<string, unknown>>): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [key, value] of Object.entries(metrics)) {
    if (typeof value === 'number' && Number.isFinite(value)) result[key] = value;
  }
  return result;
}
