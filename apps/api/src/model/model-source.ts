/**
 * What the API needs from a model and from the registry, as plain interfaces. The
 * production adapter (registry-model-source.ts) wraps @churn/registry and @churn/scorer;
 * tests pass their own source, so the app can be built without onnxruntime or files.
 */

/** The part of the model card (@churn/model) the API reads. */
export interface ServingCard {
  readonly name: string;
  readonly version: string;
  readonly algorithm: string;
  readonly createdAt: string;
  readonly features: ReadonlyArray<ServingFeature>;
  readonly threshold: number;
  readonly primaryMetric?: string;
  readonly metrics?: Readonly<Record<string, unknown>>;
  /** The graph's output tensor, named by the card (`ONNX_OUTPUT_NAME` of @churn/model). */
  readonly onnx: { readonly output: { readonly name: string } };
}

export type ServingFeature =
  | {
      readonly name: string;
      readonly type: 'categorical';
      readonly default: string;
      readonly categories: readonly string[];
    }
  | { readonly name: string; readonly type: 'numeric'; readonly default: number };

/** The part of @churn/scorer's Scorer the API calls. */
export interface ServingScorer {
  readonly card: ServingCard;
  readonly name: string;
  readonly version: string;
  readonly loadedAt: Date;
  readonly loadSeconds: number;
  /** One onnxruntime run; missing or null features take the card's defaults. */
  scoreRecords(records: ReadonlyArray<Record<string, unknown>>): Promise<Float32Array>;
  close(): Promise<void>;
}

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
