import { ApiError } from '../errors.js';
import { featuresSchema, type JsonSchema } from './feature-schema.js';
import { MicroBatcher } from './micro-batcher.js';
import {
  nonFiniteRow,
  type ServingCard,
  type ServingFeature,
  type ServingScorer,
} from './model-source.js';
import type { BatchBody, PredictRow } from './prediction.js';
import { type AssertValid, compileRowValidators, type RowValidators } from './request-validator.js';

const NONE: readonly string[] = Object.freeze([]);
/** Most single-row requests scored together in one run. */
const MAX_COALESCED_ROWS = 256;

export interface LoadedModelOptions {
  /** Refuse features the model does not use (api.strict_features). */
  readonly strict: boolean;
  /** Most rows in one /predict/batch call (api.batch_limit). */
  readonly batchLimit: number;
  /** Told about every successful scoring run (metrics). */
  readonly observer?: ScoringObserver;
}

/** How rows reached onnxruntime: coalesced single rows, or a request's whole batch. */
export type ScoringPath = 'micro_batch' | 'batch';

export interface ScoringObserver {
  /** One onnxruntime run of `model` scored `risks` in `seconds` (excluding HTTP and queueing). */
  scored(model: LoadedModel, path: ScoringPath, risks: Float32Array, seconds: number): void;
}

/**
 * One served model: the scorer plus everything derived from its card once, at load time
 * (validators, the documented schema, the feature lookup), so a request only looks things up.
 * The model holder (@churn/scorer) counts the requests using it and closes it after the last.
 */
export class LoadedModel {
  readonly card: ServingCard;
  readonly name: string;
  readonly version: string;
  readonly ref: { readonly name: string; readonly version: string };
  readonly features: ReadonlyMap<string, ServingFeature>;
  readonly featuresSchema: JsonSchema;
  readonly assertPredict: AssertValid<PredictRow>;
  readonly assertBatch: AssertValid<BatchBody>;
  readonly strict: boolean;

  readonly #validators: RowValidators;
  readonly #batcher: MicroBatcher;
  readonly #observer: ScoringObserver | undefined;

  constructor(
    readonly scorer: ServingScorer,
    options: LoadedModelOptions,
  ) {
    this.card = scorer.card;
    this.name = scorer.name;
    this.version = scorer.version;
    this.ref = { name: this.name, version: this.version };
    this.features = new Map(this.card.features.map((feature) => [feature.name, feature]));
    this.strict = options.strict;
    this.featuresSchema = featuresSchema(this.card, options.strict);
    this.#validators = compileRowValidators(this.featuresSchema, options.batchLimit);
    this.assertPredict = this.#validators.assertPredict;
    this.assertBatch = this.#validators.assertBatch;
    this.#observer = options.observer;
    this.#batcher = new MicroBatcher(
      (records) => this.#run('micro_batch', records),
      MAX_COALESCED_ROWS,
      nonFiniteRow,
    );
  }

  /** Feature names in `features` that the model does not use, added to `into`. */
  collectIgnored(features: Record<string, unknown>, into: Set<string>): void {
    for (const key in features) if (!this.features.has(key)) into.add(key);
  }

  /** Feature names in `features` that the model does not use; allocates only when there are some. */
  ignoredIn(features: Record<string, unknown>): readonly string[] {
    let ignored: string[] | undefined;
    for (const key in features) {
      if (this.features.has(key)) continue;
      if (ignored) ignored.push(key);
      else ignored = [key];
    }
    return ignored ?? NONE;
  }

  /** Scores one row; concurrent single rows share onnxruntime runs (MicroBatcher). */
  async scoreOne(features: Record<string, unknown>): Promise<number> {
    try {
      return await this.#batcher.score(features);
    } catch (error) {
      throw nonFiniteRow(error) === undefined ? error : nonFiniteScore('features');
    }
  }

  /**
   * Scores rows in one onnxruntime run. A row the model gives no finite probability is a 422
   * naming it by `rowPath(index)`, e.g. `rows[3]`.
   */
  async score(
    records: ReadonlyArray<Record<string, unknown>>,
    rowPath: (row: number) => string,
  ): Promise<Float32Array> {
    try {
      return await this.#run('batch', records);
    } catch (error) {
      const row = nonFiniteRow(error);
      throw row === undefined ? error : nonFiniteScore(rowPath(row));
    }
  }

  async #run(
    path: ScoringPath,
    records: ReadonlyArray<Record<string, unknown>>,
  ): Promise<Float32Array> {
    const started = performance.now();
    const risks = await this.scorer.scoreRecords(records);
    this.#observer?.scored(this, path, risks, (performance.now() - started) / 1000);
    return risks;
  }

  /** Closes the session; the model holder calls it after the last request using this model. */
  close(): Promise<void> {
    this.#validators.release();
    return this.scorer.close();
  }
}

function nonFiniteScore(path: string): ApiError {
  const message = `the model gives no finite probability for ${path}`;
  return new ApiError('CHURN_ERR_NON_FINITE_SCORE', message, {
    details: [{ path, message: 'has no finite probability' }],
  });
}
