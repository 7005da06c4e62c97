import { type HeldModel, ModelHolder } from '@churn/scorer/holder';
import { WorkerError } from './errors.js';
import type { BatchScorer } from './score/scorer-port.js';

/** What a job scores with: @churn/scorer's Scorer, or any model in tests. */
export type JobScorer = BatchScorer & HeldModel;

/** The worker's production model, held by @churn/scorer's ModelHolder. */
export type ProductionModels = ModelHolder<JobScorer>;

/** Where the production model is: @churn/registry's `production()`. */
export interface ProductionSource {
  production(): Promise<{ entry: { name: string; version: string }; modelDir: string } | null>;
}

export interface ProductionModelsOptions {
  /** While none is loaded, the first retry of the background load (default 1 s), doubling. */
  readonly firstRetryMs?: number;
  /** The longest wait between retries (default 60 s). */
  readonly maxRetryMs?: number;
}

/**
 * The registry's production model for jobs and readiness. A job calls `ensure({ refresh: true })`
 * and scores inside `use()`, so a model promoted meanwhile is loaded at the next job and the
 * replaced one closes after the job that still uses it. `watch(Infinity)` loads in the
 * background, retrying while none is loaded, so readiness only reads `current`.
 */
export function productionModels(
  source: ProductionSource,
  load: (modelDir: string) => Promise<JobScorer>,
  options: ProductionModelsOptions = {},
): ProductionModels {
  return new ModelHolder<JobScorer>({
    async production() {
      const production = await source.production();
      if (!production) return null;
      const { name, version } = production.entry;
      return { name, version, modelDir: production.modelDir };
    },
    load: (pointer) => load(pointer.modelDir),
    notServing: (reason) =>
      new WorkerError(
        'CHURN_ERR_NO_PRODUCTION_MODEL',
        `${reason}: run the pipeline (train, promote) first`,
      ),
    firstRetryMs: options.firstRetryMs ?? 1_000,
    retryFailedMs: options.maxRetryMs ?? 60_000,
  });
}
