/**
 * What the API needs from a model and from the registry. The model types are parts of
 * @churn/model's ModelCard and @churn/scorer's Scorer, imported as types only, so loading
 * this file loads neither. The production adapter (registry-model-source.ts) wraps
 * @churn/registry and @churn/scorer; tests pass their own source, so the app can be built
 * without onnxruntime or files.
 */

import type { ModelCard } from '@churn/model';
import type { Scorer } from '@churn/scorer';

/**
 * The part of the model card (@churn/model) the API reads. Of `onnx` it reads only the
 * output's name, so tests describe a model without an ONNX file's checksum and inputs.
 */
export type ServingCard = Pick<
  ModelCard,
  | 'name'
  | 'version'
  | 'algorithm'
  | 'createdAt'
  | 'features'
  | 'threshold'
  | 'primaryMetric'
  | 'metrics'
> & { readonly onnx: { readonly output: Pick<ModelCard['onnx']['output'], 'name'> } };

export type ServingFeature = ServingCard['features'][number];

/** The part of @churn/scorer's Scorer the API calls, with the part of the card it reads. */
export type ServingScorer = Pick<
  Scorer,
  'name' | 'version' | 'loadedAt' | 'loadSeconds' | 'scoreRecords' | 'close'
> & { readonly card: ServingCard };

/**
 * The row a scorer refused because its probability was not finite (@churn/scorer's
 * CHURN_ERR_SCORER_NON_FINITE, whose `row` indexes the records), or undefined for any other
 * error. Matched by code, so the API need not load onnxruntime to recognise it.
 */
export function nonFiniteRow(error: unknown): number | undefined {
  const { code, row } = (error ?? {}) as { code?: unknown; row?: unknown };
  return code === 'CHURN_ERR_SCORER_NON_FINITE' && typeof row === 'number' ? row : undefined;
}

/** The registry's production pointer. */
export interface ProductionPointer {
  readonly name: string;
  readonly version: string;
  readonly modelDir: string;
}

export interface ModelSource {
  /** The current production model, or null when none is promoted. */
  production(): Promise<ProductionPointer | null>;
  /** Loads the model the pointer names; rejects when it cannot be served. */
  load(pointer: ProductionPointer): Promise<ServingScorer>;
}
