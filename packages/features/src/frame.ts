import { type CsvColumn, FILE_DECIMALS } from '@churn/io';
import { LABEL_COLUMN } from './columns.js';
import { FeaturesError } from './errors.js';

/** Columnar rows keyed by (user_id, as_of_date). */
export interface FeatureFrame {
  readonly rows: number;
  readonly userId: Int32Array;
  /** YYYY-MM-DD */
  readonly asOfDate: string[];
  /** NaN = missing */
  readonly numeric: Map<string, Float64Array>;
  /** absent -> 'missing' */
  readonly categorical: Map<string, string[]>;
  /** present for the training set */
  readonly label?: Uint8Array;
}

/**
 * The CSV columns of a frame in the order of `names`. `dateColumn` names the file's date
 * key (user_daily calls it `date`). Throws CHURN_ERR_CSV_MISSING_COLUMN for an unknown name.
 */
export function frameCsvColumns(
  frame: FeatureFrame,
  names: readonly string[],
  dateColumn = 'as_of_date',
): CsvColumn[] {
  return names.map((name): CsvColumn => {
    if (name === 'user_id') return { name, values: frame.userId };
    if (name === dateColumn) return { name, texts: frame.asOfDate };
    if (name === LABEL_COLUMN && frame.label) return { name, values: frame.label };
    const numeric = frame.numeric.get(name);
    if (numeric) return { name, values: numeric, decimals: FILE_DECIMALS };
    const texts = frame.categorical.get(name);
    if (texts) return { name, texts };
    throw new FeaturesError('CHURN_ERR_CSV_MISSING_COLUMN', `the frame has no column ${name}`);
  });
}

/**
 * The rows of `frame` at `indices`, in that order. `label` gives one label per selected row;
 * without it the selected rows keep the frame's own label, when it has one.
 */
export function selectRows(
  frame: FeatureFrame,
  indices: Int32Array,
  label: Uint8Array | undefined = frame.label && pickLabels(frame.label, indices),
): FeatureFrame {
  if (label && label.length !== indices.length) {
    throw new FeaturesError(
      'CHURN_ERR_FEATURES_BAD_ARGUMENT',
      'label and indices differ in length',
    );
  }
  const count = indices.length;
  const userId = new Int32Array(count);
  const asOfDate = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const row = indices[i]!;
    userId[i] = frame.userId[row]!;
    asOfDate[i] = frame.asOfDate[row]!;
  }
  const numeric = new Map<string, Float64Array>();
  for (const [name, values] of frame.numeric) {
    const picked = new Float64Array(count);
    for (let i = 0; i < count; i++) picked[i] = values[indices[i]!]!;
    numeric.set(name, picked);
  }
  const categorical = new Map<string, string[]>();
  for (const [name, values] of frame.categorical) {
    const picked = new Array<string>(count);
    for (let i = 0; i < count; i++) picked[i] = values[indices[i]!]!;
    categorical.set(name, picked);
  }
  return label
    ? { rows: count, userId, asOfDate, numeric, categorical, label }
    : { rows: count, userId, asOfDate, numeric, categorical };
}

function pickLabels(label: Uint8Array, indices: Int32Array): Uint8Array {
  return Uint8Array.from(indices, (row) => label[row]!);
}
