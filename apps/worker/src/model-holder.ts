import { WorkerError } from './errors.js';
import type { BatchScorer } from './score/scorer-port.js';

export interface ClosableScorer extends BatchScorer {
  close(): Promise<void>;
}

/** Where the production model is: @churn/registry's `production()`. */
export interface ProductionSource {
  production(): Promise<{ entry: { name: string; version: string }; modelDir: string } | null>;
}

export type ScorerLoader = (modelDir: string) => Promise<ClosableScorer>;

/**
 * Holds the production scorer. `ensure({ refresh: true })` (at the start of a
 * job) follows a changed production pointer; `ensure()` (readiness) only loads
 * when nothing is loaded, so it never swaps a model under a running job.
 */
export class ModelHolder {
  #current: ClosableScorer | null = null;
  #dir: string | null = null;
  #loading: Promise<ClosableScorer> | null = null;

  constructor(
    private readonly source: ProductionSource,
    private readonly load: ScorerLoader,
  ) {}

  get current(): ClosableScorer | null {
    return this.#current;
  }

  /** The folder the current model was loaded from (its card and reference profile). */
  get modelDir(): string | null {
    return this.#current ? this.#dir : null;
  }

  async ensure(options: { refresh?: boolean } = {}): Promise<ClosableScorer> {
    if (this.#current && !options.refresh) return this.#current;
    this.#loading ??= this.#resolve().finally(() => {
      this.#loading = null;
    });
    return this.#loading;
  }

  async close(): Promise<void> {
    const current = this.#current;
    this.#current = null;
    await current?.close();
  }

  async #resolve(): Promise<ClosableScorer> {
    const production = await this.source.production();
    if (!production) {
      throw new WorkerError(
        'CHURN_ERR_NO_PRODUCTION_MODEL',
        'no production model in the registry: run the pipeline (train, promote) first',
      );
    }
    if (this.#current?.version === production.entry.version) return this.#current;
    const next = await this.load(production.modelDir);
    const previous = this.#current;
    this.#current = next;
    this.#dir = production.modelDir;
    await previous?.close();
    return next;
  }
}
