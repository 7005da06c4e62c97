import type { FeatureColumn, FeatureFrame } from '@churn/features';
import type { CategoricalInput, NumericInput } from '../params.js';

/**
 * Value that replaces a missing numeric. 0, as the original system and as the API's
 * default for an absent feature: the only columns with gaps are quiz averages, which
 * are empty when there was no quiz; 0 keeps "no quiz" below every real score (a tree
 * isolates it with one split, and for the linear model it sits at the low-engagement
 * end), where a median would mix quiz-less users with average ones.
 */
export const NUMERIC_IMPUTE_VALUE = 0;

export interface InputSchema {
  readonly numeric: NumericInput[];
  readonly categorical: CategoricalInput[];
}

/**
 * Learns the input schema from a training frame: numeric impute values and the
 * sorted vocabulary of each categorical column (code-unit order, locale-independent).
 */
export function fitInputSchema(
  frame: FeatureFrame,
  columns: readonly FeatureColumn[],
): InputSchema {
  const numeric: NumericInput[] = [];
  const categorical: CategoricalInput[] = [];
  for (const column of columns) {
    if (column.type === 'numeric') {
      numeric.push({ name: column.name, impute: NUMERIC_IMPUTE_VALUE });
    } else {
      const values = frame.categorical.get(column.name)!;
      categorical.push({ name: column.name, categories: [...new Set(values)].sort() });
    }
  }
  return { numeric, categorical };
}

/**
 * A numeric column as the ONNX graph sees it: float32 values, missing replaced by
 * the (float32) impute value. Values stay float32-exact inside a Float32Array.
 */
export function float32Column(values: Float64Array, impute: number): Float32Array {
  const out = new Float32Array(values.length);
  const fill = Math.fround(impute);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    out[i] = Number.isNaN(x) ? fill : x;
  }
  return out;
}

/** Category codes: the index in `categories`, -1 for a value outside the vocabulary. */
export function categoryCodes(
  values: readonly string[],
  categories: readonly string[],
): Int32Array {
  const index = new Map<string, number>();
  categories.forEach((category, i) => {
    index.set(category, i);
  });
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = index.get(values[i]!) ?? -1;
  return out;
}
