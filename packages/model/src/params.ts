/**
 * Trained model parameters as plain data. Training writes them; the ONNX
 * exporter turns them into graphs; `predictProba` is their TypeScript reference.
 * Semantics are those of ONNX with float32 inputs: numerics are rounded to
 * float32, missing numerics (NaN) take `impute`, and trees go left when
 * `Math.fround(x) <= threshold`.
 */

export interface NumericInput {
  readonly name: string;
  /** Value that replaces a missing (NaN) input. */
  readonly impute: number;
}

export interface CategoricalInput {
  readonly name: string;
  /** Vocabulary seen in training, sorted. */
  readonly categories: readonly string[];
}

export interface LogisticRegressionParams {
  readonly kind: 'logistic_regression';
  /** z = (x - mean) / scale; contribution = weight * z. */
  readonly numeric: ReadonlyArray<NumericInput & { mean: number; scale: number; weight: number }>;
  /** weights[i] belongs to categories[i]; an unknown category contributes 0. */
  readonly categorical: ReadonlyArray<CategoricalInput & { weights: readonly number[] }>;
  readonly intercept: number;
}

export interface RegressionTree {
  /** Column index into `featureOrder` for split nodes; -1 for leaves. */
  readonly feature: Int32Array;
  readonly threshold: Float32Array;
  /** Child node indices; -1 for leaves. Node 0 is the root. */
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Leaf contribution to the log-odds, learning rate already applied. */
  readonly value: Float64Array;
  /**
   * Loss reduction of each split node (0 for leaves), as scikit-learn's and LightGBM's trees
   * keep it: feature importance by gain sums it. Not part of the ONNX graph; absent in trees
   * built by hand.
   */
  readonly gain?: Float64Array;
}

export interface GradientBoostingParams {
  readonly kind: 'gradient_boosting';
  readonly numeric: readonly NumericInput[];
  /** Encoded as a float code: the index in `categories`, -1 when unknown. */
  readonly categorical: readonly CategoricalInput[];
  /** Column order of the tree input matrix, names from `numeric` and `categorical`. */
  readonly featureOrder: readonly string[];
  /** Initial log-odds. */
  readonly baseScore: number;
  readonly trees: readonly RegressionTree[];
}

export type ModelParams = LogisticRegressionParams | GradientBoostingParams;
