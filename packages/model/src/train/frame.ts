import type { FeatureColumn, FeatureFrame } from '@churn/features';
import { TrainError } from './errors.js';

/** Checks that every column exists with `frame.rows` values; returns nothing, throws a coded error. */
export function assertColumns(frame: FeatureFrame, columns: readonly FeatureColumn[]): void {
  if (!(frame.rows > 0)) throw new TrainError('CHURN_ERR_EMPTY_FRAME', 'frame has no rows');
  if (columns.length === 0) {
    throw new TrainError(
      'CHURN_ERR_TRAIN_INVALID_OPTION',
      'at least one feature column is required',
    );
  }
  for (const column of columns) {
    const values =
      column.type === 'numeric'
        ? frame.numeric.get(column.name)
        : frame.categorical.get(column.name);
    if (values === undefined) {
      throw new TrainError(
        'CHURN_ERR_TRAIN_MISSING_COLUMN',
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
