import type { FeatureColumn } from '@churn/features';
import { TrainError } from './errors.js';

/**
 * The columnar frame of the contract (`FeatureFrame` of @churn/features), one row
 * per (user_id, as_of_date). Declared structurally here so training depends only
 * on its shape.
 */
export interface FeatureFrame {
  readonly rows: number;
  readonly userId: Int32Array;
  readonly asOfDate: string[];
  /** NaN = missing. */
  readonly numeric: Map<string, Float64Array>;
  /** Absent -> 'missing'. */
  readonly categorical: Map<string, string[]>;
  readonly label?: Uint8Array;
}

/** Checks that every column exists with `frame.rows` values; returns nothing, throws a coded error. */
export function assertColumns(frame: FeatureFrame, columns: readonly FeatureColumn[]): void {
  if (!(frame.rows > 0)) throw new TrainError('CHURN_ERR_EMPTY_FRAME', 'frame has no rows');
  if (columns.length === 0) {
    throw new TrainError('CHURN_ERR_INVALID_OPTION', 'at least one feature column is required');
  }
  for (const column of columns) {
    const values =
      column.type === 'numeric'
        ? frame.numeric.get(column.name)
        : frame.categorical.get(column.name);
    if (values === undefined) {
      throw new TrainError(
        'CHURN_ERR_MISSING_COLUMN',
        `${column.type} column "${column.name}" is not in the frame`,
      );
    }
    if (values.length !== frame.rows) {
      throw new TrainError(
        'CHURN_ERR_COLUMN_LENGTH',
        `column "${column.name}" has ${values.length} values, the frame ${frame.rows} rows`,
      );
    }
  }
}

/** The 0/1 label of a training frame; throws a coded error when absent, malformed or single-class. */
export function requireLabel(frame: FeatureFrame): Uint8Array {
  const label = frame.label;
  if (label === undefined) {
    throw new TrainError('CHURN_ERR_MISSING_LABEL', 'training needs a frame with churn_label');
  }
  if (label.length !== frame.rows) {
    throw new TrainError(
      'CHURN_ERR_COLUMN_LENGTH',
      `label has ${label.length} values, the frame ${frame.rows} rows`,
    );
  }
  let positives = 0;
  for (let i = 0; i < label.length; i++) {
    const y = label[i]!;
    if (y > 1) throw new TrainError('CHURN_ERR_INVALID_LABEL', `label ${y} at row ${i} is not 0/1`);
    positives += y;
  }
  if (positives === 0 || positives === label.length) {
    throw new TrainError('CHURN_ERR_SINGLE_CLASS', 'training needs both classes in the label');
  }
  return label;
}

/** A new frame holding `rows` (indices into `frame`) in the given order. */
export function selectRows(frame: FeatureFrame, rows: ArrayLike<number>): FeatureFrame {
  const n = rows.length;
  const userId = new Int32Array(n);
  const asOfDate = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    userId[i] = frame.userId[rows[i]!]!;
    asOfDate[i] = frame.asOfDate[rows[i]!]!;
  }
  const numeric = new Map<string, Float64Array>();
  for (const [name, values] of frame.numeric) {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = values[rows[i]!]!;
    numeric.set(name, out);
  }
  const categorical = new Map<string, string[]>();
  for (const [name, values] of frame.categorical) {
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = values[rows[i]!]!;
    categorical.set(name, out);
  }
  const base = { rows: n, userId, asOfDate, numeric, categorical };
  if (frame.label === undefined) return base;
  const label = new Uint8Array(n);
  for (let i = 0; i < n; i++) label[i] = frame.label[rows[i]!]!;
  return { ...base, label };
}
