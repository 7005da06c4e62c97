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

export interface BackgroundLoading {
  /** Settles after the first attempt, loaded or not. */
  readonly firstAttempt: Promise<void>;
  stop(): void;
}

/**
 * Holds the production scorer. `ensure({ refresh: true })` (at the start of a
 * job) follows a changed production pointer; `ensure()` only loads when nothing
 * is loaded, so it never swaps a model under a running job. `loadInBackground`
 * retries while nothing is loaded, so readiness only reads `current`.
 */
export class ModelHolder {
  #current: ClosableScorer | null = null;
  #dir: string | null = null;
  #loading: Promise<ClosableScorer> | null = null;
  #lastError: unknown = null;

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

  /** Why the last load failed (null after a success). */
  get lastError(): unknown {
    return this.#lastError;
  }

  /**
   * Loads the production model now and, while none is loaded, again after
   * `firstDelayMs`, doubling up to `maxDelayMs`: a broken or missing model costs
   * one load per delay, however often readiness is asked.
   */
  loadInBackground(options: {
    firstDelayMs: number;
    maxDelayMs: number;
    onLoaded?: (scorer: ClosableScorer) => void;
    onError?: (error: unknown, retryInMs: number) => void;
  }): BackgroundLoading {
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    let delay = options.firstDelayMs;
    const attempt = async (): Promise<void> => {
      if (stopped || this.#current) return;
      try {
        options.onLoaded?.(await this.ensure());
      } catch (error) {
        if (stopped) return;
        options.onError?.(error, delay);
        timer = setTimeout(() => void attempt(), delay);
        timer.unref();
        delay = Math.min(delay * 2, options.maxDelayMs);
      }
    };
    return {
      firstAttempt: attempt(),
      stop: () => {
        stopped = true;
        clearTimeout(timer);
      },
    };
  }

  async ensure(options: { refresh?: boolean } = {}): Promise<ClosableScorer> {
    if (this.#current && !options.refresh) return this.#current;
    this.#loading ??= this.#resolve().then(
      (scorer) => {
        this.#loading = null;
        this.#lastError = null;
        return scorer;
      },
      (error: unknown) => {
        this.#loading = null;
        this.#lastError = error;
        throw error;
      },
    );
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
