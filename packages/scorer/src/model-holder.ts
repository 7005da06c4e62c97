import { ScorerError } from './errors.js';

/** The registry's production pointer: which model to serve and where its folder is. */
export interface ModelPointer {
  readonly name: string;
  readonly version: string;
  readonly modelDir: string;
}

/** What the holder needs of a model: its version (checked against the pointer) and close(). */
export interface HeldModel {
  readonly version: string;
  close(): Promise<void>;
}

export interface ModelHolderEvents<M> {
  /** A model started serving; `previous` closes after its last user. */
  swapped?(model: M, previous: M | null, pointer: ModelPointer): void;
  /** The pointer could not be read, or the model it names could not be loaded. */
  failed?(error: unknown, pointer: ModelPointer | null, retryInMs: number): void;
  /** A replaced model's close() rejected. */
  closeFailed?(error: unknown, model: M): void;
}

export interface ModelHolderOptions<M extends HeldModel> {
  /** The production pointer; null while no model is promoted. */
  production(): Promise<ModelPointer | null>;
  /** Loads (and checks) the model a pointer names; rejects when it cannot serve. */
  load(pointer: ModelPointer): Promise<M>;
  /** The error `served()` and `use()` throw while no model serves, given the reason. */
  notServing(reason: string): Error;
  /** While no model serves, the first retry after a failure (default 250 ms), doubling. */
  readonly firstRetryMs?: number;
  /**
   * The longest wait before retrying (default 60 s), and how long a version that failed to
   * load is left alone while another model serves.
   */
  readonly retryFailedMs?: number;
  readonly events?: ModelHolderEvents<M>;
}

/** One loaded model with its users: it closes when it is replaced and its last user is done. */
interface Held<M> {
  readonly model: M;
  readonly pointer: ModelPointer;
  users: number;
  /** Set once replaced: resolves when the last user releases it. */
  idle: (() => void) | null;
  closed: Promise<void> | null;
}

/** A pointer or version that failed, and when to try it again. */
interface Failure {
  /** The version that failed to load, or null when the pointer could not be read or was empty. */
  readonly version: string | null;
  readonly attempts: number;
  /**
   * When to try again, on `performance.now()`'s clock (monotonic: a wall-clock step does not
   * move it). Infinity: never again while the registry names it (its entry contradicts its card).
   */
  readonly retryAt: number;
}

/**
 * Holds the production model of both apps and swaps it when the registry's pointer moves.
 * A swap is one assignment, so a caller sees the old or the new model, never a mix; callers
 * hold a model through `use()`, and a replaced model closes after its last caller is done
 * (reference counting), so no run meets a closed session. A model that fails to load is
 * rejected and the old one keeps serving; while none serves, a failure is retried after
 * firstRetryMs, doubling up to retryFailedMs (a registry.json written before its model folder
 * costs a second, not a minute).
 *
 * @example
 * const models = new ModelHolder({ production, load, notServing: (reason) => new Error(reason) });
 * models.watch(5_000);
 * const risks = await models.use((scorer) => scorer.scoreRecords(rows));
 */
export class ModelHolder<M extends HeldModel> {
  #held: Held<M> | null = null;
  #reason = 'the model has not been loaded yet';
  #failure: Failure | null = null;
  #lastError: unknown = null;
  #refreshing: Promise<void> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  readonly #listeners = new Set<ModelHolderEvents<M>>();
  readonly #firstRetryMs: number;
  readonly #retryFailedMs: number;

  constructor(private readonly options: ModelHolderOptions<M>) {
    this.#firstRetryMs = options.firstRetryMs ?? 250;
    this.#retryFailedMs = options.retryFailedMs ?? 60_000;
    if (options.events) this.#listeners.add(options.events);
  }

  /** Adds listeners (an app logs and counts what its holder does); returns their removal. */
  subscribe(events: ModelHolderEvents<M>): () => void {
    this.#listeners.add(events);
    return () => this.#listeners.delete(events);
  }

  /** The serving model, or null. Read it for a look; hold it with `use()` across an await. */
  get current(): M | null {
    return this.#held?.model ?? null;
  }

  /** The pointer the serving model was loaded from (its folder holds the card and profile). */
  get pointer(): ModelPointer | null {
    return this.#held?.pointer ?? null;
  }

  /** Why no model serves (null while one does). */
  get reason(): string | null {
    return this.#held ? null : this.#reason;
  }

  /** The last load or registry error (null after a success). */
  get lastError(): unknown {
    return this.#lastError;
  }

  /** The serving model, for a synchronous look; throws `notServing(reason)` without one. */
  served(): M {
    if (this.#held) return this.#held.model;
    throw this.options.notServing(this.#reason);
  }

  /**
   * Runs `fn` with the serving model, which stays open until `fn` settles even if a swap
   * replaces it meanwhile. Throws `notServing(reason)` without a model.
   */
  async use<T>(fn: (model: M) => T | Promise<T>): Promise<T> {
    const held = this.#held;
    if (!held) throw this.options.notServing(this.#reason);
    held.users++;
    try {
      return await fn(held.model);
    } finally {
      held.users--;
      if (held.users === 0) held.idle?.();
    }
  }

  /**
   * The serving model, loading the production one first when none serves or, with
   * `refresh`, when the pointer moved. Unlike `refresh()` it ignores the retry delay and
   * rejects with the reason: a job that needs a model says why it has none.
   */
  async ensure(options: { refresh?: boolean } = {}): Promise<M> {
    if (this.#held && !options.refresh) return this.#held.model;
    await this.#settled();
    this.#refreshing = this.#refresh({ force: true }).finally(() => {
      this.#refreshing = null;
    });
    await this.#refreshing;
    if (this.#lastError || !this.#held)
      throw this.#lastError ?? this.options.notServing(this.#reason);
    return this.#held.model;
  }

  /** Reads the pointer once and swaps if it names another model. Never throws. */
  refresh(): Promise<void> {
    return this.#refreshOnce({ force: false });
  }

  /** One refresh at a time: a call while one runs joins it. */
  #refreshOnce(options: { force: boolean }): Promise<void> {
    this.#refreshing ??= this.#refresh(options).finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  /**
   * Loads now, then reads the pointer every `intervalMs` and, while no model serves, sooner
   * on the retry delays. 0: no timer at all; Infinity: retries while none serves, no polling
   * while one does. Settles after the first attempt, loaded or not.
   */
  async watch(intervalMs: number): Promise<void> {
    await this.refresh();
    this.#schedule(intervalMs);
  }

  /** Stops watching, waits for a load in progress and closes the model after its last user. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#settled();
    const held = this.#held;
    this.#held = null;
    this.#reason = 'the server is shutting down';
    if (held) await this.#retire(held);
  }

  async #settled(): Promise<void> {
    while (this.#refreshing) await this.#refreshing;
  }

  #schedule(intervalMs: number): void {
    if (this.#closed || intervalMs <= 0) return;
    // While nothing serves, a failure's retry comes before the next poll.
    const retryIn = this.#held
      ? Number.POSITIVE_INFINITY
      : (this.#failure?.retryAt ?? Number.POSITIVE_INFINITY) - performance.now();
    const delay = Math.min(intervalMs, Math.max(10, retryIn));
    if (delay === Number.POSITIVE_INFINITY) return;
    // A timer set for the retry is the retry: it may fire a fraction of a millisecond before
    // retryAt (timers count whole milliseconds), and must not be turned away as too early.
    const force = retryIn <= intervalMs;
    this.#timer = setTimeout(() => {
      void this.#refreshOnce({ force }).then(() => this.#schedule(intervalMs));
    }, delay);
    this.#timer.unref();
  }

  async #refresh({ force }: { force: boolean }): Promise<void> {
    let pointer: ModelPointer | null;
    try {
      pointer = await this.options.production();
    } catch (error) {
      this.#fail(null, error, 'the model registry could not be read');
      return;
    }
    if (!pointer) {
      this.#fail(null, null, 'no production model in the registry');
      return;
    }
    if (pointer.version === this.#held?.model.version) {
      this.#lastError = null;
      return;
    }
    // A rejected version is retried after a while (its files may have been incomplete), not on every poll.
    const failure = this.#failure;
    if (!force && failure?.version === pointer.version && performance.now() < failure.retryAt) {
      return;
    }
    let model: M | undefined;
    try {
      model = await this.options.load(pointer);
      if (model.version !== pointer.version) {
        throw new ScorerError(
          'CHURN_ERR_SCORER_VERSION_MISMATCH',
          `registry entry ${pointer.version} names a model whose card says version ${model.version}; refused until the registry changes`,
        );
      }
    } catch (error) {
      await model?.close().catch(() => undefined);
      const reason = isVersionMismatch(error)
        ? error.message
        : `model ${pointer.version} failed to load`;
      this.#fail(pointer, error, reason);
      return;
    }
    if (this.#closed) {
      await model.close().catch(() => undefined);
      return;
    }
    const previous = this.#held;
    this.#held = { model, pointer, users: 0, idle: null, closed: null };
    this.#failure = null;
    this.#lastError = null;
    for (const events of this.#listeners) events.swapped?.(model, previous?.model ?? null, pointer);
    if (previous) {
      this.#retire(previous).catch((error: unknown) => {
        for (const events of this.#listeners) events.closeFailed?.(error, previous.model);
      });
    }
  }

  /**
   * Records a failure and when to try again: never for a version mismatch; while another
   * model serves, after retryFailedMs; while none serves, soon, backing off.
   */
  #fail(pointer: ModelPointer | null, error: unknown, reason: string): void {
    const version = pointer?.version ?? null;
    const attempts = this.#failure?.version === version ? this.#failure.attempts + 1 : 1;
    const wait = isVersionMismatch(error)
      ? Number.POSITIVE_INFINITY
      : this.#held && pointer
        ? this.#retryFailedMs
        : Math.min(this.#retryFailedMs, this.#firstRetryMs * 2 ** (attempts - 1));
    this.#failure = { version, attempts, retryAt: performance.now() + wait };
    this.#lastError = error ?? this.options.notServing(reason);
    if (!this.#held) this.#reason = reason;
    for (const events of this.#listeners) events.failed?.(this.#lastError, pointer, wait);
  }

  /** Closes a replaced model once its last user is done. */
  #retire(held: Held<M>): Promise<void> {
    held.closed ??= new Promise<void>((resolve) => {
      if (held.users === 0) resolve();
      else held.idle = resolve;
    }).then(() => held.model.close());
    return held.closed;
  }
}

/** A registry entry whose model card names another version: reloading cannot fix it. */
function isVersionMismatch(error: unknown): error is ScorerError {
  return error instanceof ScorerError && error.code === 'CHURN_ERR_SCORER_VERSION_MISMATCH';
}
