import type { FastifyBaseLogger } from 'fastify';
import { ApiError } from '../errors.js';
import { LoadedModel, type LoadedModelOptions } from './loaded-model.js';
import type { ModelSource, ProductionPointer } from './model-source.js';

export interface ModelHolderOptions extends LoadedModelOptions {
  readonly source: ModelSource;
  readonly log: FastifyBaseLogger;
  /** How often to read the registry's production pointer; 0 turns polling off. */
  readonly reloadIntervalMs: number;
  /** Called after a model starts serving (metrics, docs). */
  readonly onSwap?: (model: LoadedModel) => void;
  /** Called when a production model could not be loaded. */
  readonly onLoadFailure?: (pointer: ProductionPointer) => void;
  /**
   * How long a rejected version is left alone before loading it again while another model
   * serves (default 60 s). While none serves, it is retried sooner: FIRST_RETRY_MS, doubling
   * up to this.
   */
  readonly retryFailedMs?: number;
}

/** First retry of a version that failed while no model serves: its folder may still be arriving. */
const FIRST_RETRY_MS = 250;

/** A production version that failed to load, and when to try it again. */
interface FailedVersion {
  readonly version: string;
  readonly attempts: number;
  /** Infinity: never again while the registry names it (its entry contradicts its card). */
  readonly retryAt: number;
}

/** A registry entry whose model card names another version: reloading cannot fix it. */
class VersionMismatchError extends Error {
  override readonly name = 'VersionMismatchError';
}

/**
 * Holds the production model and swaps it when the registry's pointer moves. A swap is one
 * assignment, so a request sees either the old or the new model, never a mix. A new model
 * that fails to load or to score a smoke row is rejected and the old one keeps serving.
 */
export class ModelHolder {
  #current: LoadedModel | null = null;
  #reason: string | null = 'the model has not been loaded yet';
  #failed: FailedVersion | null = null;
  #refreshing: Promise<void> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;

  readonly #retryFailedMs: number;

  constructor(private readonly options: ModelHolderOptions) {
    this.#retryFailedMs = options.retryFailedMs ?? 60_000;
  }

  get current(): LoadedModel | null {
    return this.#current;
  }

  /** The current model, counted as in use until `release()`; null when none is loaded. */
  acquire(): LoadedModel | null {
    const model = this.#current;
    return model ? model.acquire() : null;
  }

  /** Like acquire(), but a missing model is a 503 with the reason and Retry-After. */
  acquireOrThrow(): LoadedModel {
    const model = this.acquire();
    if (model) return model;
    const reason = this.#reason ?? 'no model is loaded';
    throw new ApiError('CHURN_ERR_MODEL_NOT_READY', reason);
  }

  /** Loads the production model now, then polls the registry. */
  async start(): Promise<void> {
    await this.refresh();
    if (!this.#current) {
      this.options.log.warn({ reason: this.#reason }, 'starting without a model: live, not ready');
    }
    this.#schedule();
  }

  /** Reads the production pointer once and swaps if it names another model. Never throws. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#refreshing;
    const model = this.#current;
    this.#current = null;
    this.#reason = 'the server is shutting down';
    await model?.retire().catch((err: unknown) => {
      this.options.log.error({ err, model: model.ref }, 'closing the model failed');
    });
  }

  #schedule(): void {
    if (this.#closed || this.options.reloadIntervalMs <= 0) return;
    // While nothing serves, a failed version's retry comes before the next poll.
    const retryIn = this.#current
      ? Number.POSITIVE_INFINITY
      : (this.#failed?.retryAt ?? 0) - Date.now();
    const delay = Math.max(
      10,
      Math.min(this.options.reloadIntervalMs, retryIn > 0 ? retryIn : Infinity),
    );
    this.#timer = setTimeout(() => {
      void this.refresh().then(() => this.#schedule());
    }, delay);
    this.#timer.unref();
  }

  async #refresh(): Promise<void> {
    const { log, source } = this.options;
    let pointer: ProductionPointer | null;
    try {
      pointer = await source.production();
    } catch (err) {
      log.error({ err }, 'reading the model registry failed; keeping the current model');
      if (!this.#current) this.#reason = 'the model registry could not be read';
      return;
    }
    if (!pointer) {
      if (!this.#current) this.#reason = 'no production model in the registry';
      return;
    }
    if (pointer.version === this.#current?.version) return;
    // A rejected version is retried after a while (its files may have been incomplete), not on every poll.
    const failed = this.#failed;
    if (failed?.version === pointer.version && Date.now() < failed.retryAt) return;
    const model = await this.#load(pointer);
    if (!model) return;
    if (this.#closed) {
      await model.retire().catch(() => undefined);
      return;
    }
    const previous = this.#current;
    this.#current = model;
    this.#failed = null;
    this.#reason = null;
    this.options.onSwap?.(model);
    log.info(
      { model: model.ref, previous: previous?.ref ?? null, loadSeconds: model.scorer.loadSeconds },
      'serving model',
    );
    if (previous) {
      void previous.retire().catch((err: unknown) => {
        log.error({ err, model: previous.ref }, 'closing the previous model failed');
      });
    }
  }

  async #load(pointer: ProductionPointer): Promise<LoadedModel | null> {
    const { log, source } = this.options;
    let scorer: Awaited<ReturnType<ModelSource['load']>> | undefined;
    try {
      scorer = await source.load(pointer);
      if (scorer.version !== pointer.version) {
        throw new VersionMismatchError(
          `registry entry ${pointer.version} names a model whose card says version ${scorer.version}; refused until the registry changes`,
        );
      }
      const model = new LoadedModel(scorer, this.options);
      // A model that loads but cannot score (inputs not matching its card) must not replace one that can.
      const [risk] = await scorer.scoreRecords([{}]);
      if (risk === undefined || !(risk >= 0 && risk <= 1)) {
        throw new RangeError(`smoke score ${risk} is not a probability`);
      }
      return model;
    } catch (err) {
      this.#failed = this.#nextRetry(pointer.version, err);
      if (!this.#current) {
        this.#reason =
          err instanceof VersionMismatchError
            ? err.message
            : `model ${pointer.version} failed to load`;
      }
      log.error(
        {
          err,
          model: { name: pointer.name, version: pointer.version, dir: pointer.modelDir },
          serving: this.#current?.ref ?? null,
        },
        'rejected new production model; keeping the current one',
      );
      this.options.onLoadFailure?.(pointer);
      await scorer?.close().catch(() => undefined);
      return null;
    }
  }

  /**
   * When to load a failed version again: never for a version mismatch; while another model
   * serves, after retryFailedMs; while none serves, soon (a registry.json written before its
   * model folder must not leave the API unready for a minute), backing off.
   */
  #nextRetry(version: string, err: unknown): FailedVersion {
    const attempts = this.#failed?.version === version ? this.#failed.attempts + 1 : 1;
    const wait =
      err instanceof VersionMismatchError
        ? Number.POSITIVE_INFINITY
        : this.#current
          ? this.#retryFailedMs
          : Math.min(this.#retryFailedMs, FIRST_RETRY_MS * 2 ** (attempts - 1));
    return { version, attempts, retryAt: Date.now() + wait };
  }
}
