import {
  CATEGORICAL_FEATURES,
  type FeatureColumn,
  LABEL_COLUMN,
  MISSING_CATEGORY,
  TEXT_COLUMNS,
} from './columns.js';
import { openCsv } from './csv-stream.js';
import { FeaturesError } from './errors.js';
import type { FeatureFrame } from './frame.js';

export interface ReadFeatureFrameOptions {
  /** Columns to read (default: every column of the file but the keys and the label). */
  readonly columns?: readonly FeatureColumn[];
  /** Read churn_label into `label` (default: when the file has it). */
  readonly withLabel?: boolean;
  /** The date key's name in the file (default as_of_date; user_daily.csv uses date). */
  readonly dateColumn?: string;
}

const KEY_COLUMNS = new Set(['user_id', 'as_of_date', 'date', LABEL_COLUMN]);
const TEXT = new Set<string>([...TEXT_COLUMNS, ...CATEGORICAL_FEATURES]);

/**
 * Reads a feature-shaped CSV (user_features_daily.csv, training_set.csv, user_daily.csv)
 * into a columnar frame. Empty numeric cells become NaN, empty categoricals 'missing'.
 * Throws CHURN_ERR_CSV_MISSING_COLUMN listing every missing column, CHURN_ERR_CSV_BAD_VALUE
 * at the first cell that is not a number (or a label not 0/1), with its line.
 */
export async function readFeatureFrame(
  file: string,
  options: ReadFeatureFrameOptions = {},
): Promise<FeatureFrame> {
  const csv = await openCsv(file);
  const dateColumn = options.dateColumn ?? 'as_of_date';
  const columns =
    options.columns ??
    csv.header
      .filter((name) => !KEY_COLUMNS.has(name) && name !== dateColumn && name !== '')
      .map((name): FeatureColumn => ({ name, type: TEXT.has(name) ? 'categorical' : 'numeric' }));
  const withLabel = options.withLabel ?? csv.columnIndex(LABEL_COLUMN) >= 0;
  const required = ['user_id', dateColumn, ...columns.map((c) => c.name)];
  if (withLabel) required.push(LABEL_COLUMN);
  const missing = required.filter((name) => csv.columnIndex(name) < 0);
  if (missing.length > 0) {
    throw new FeaturesError(
      'CHURN_ERR_CSV_MISSING_COLUMN',
      `missing column(s): ${missing.join(', ')}`,
      file,
      1,
    );
  }
  const userCol = csv.columnIndex('user_id');
  const dateCol = csv.columnIndex(dateColumn);
  const labelCol = csv.columnIndex(LABEL_COLUMN);
  const numericNames = columns.filter((c) => c.type === 'numeric').map((c) => c.name);
  const numericCols = numericNames.map((name) => csv.columnIndex(name));
  const textNames = columns.filter((c) => c.type === 'categorical').map((c) => c.name);
  const textCols = textNames.map((name) => csv.columnIndex(name));

  let capacity = 1 << 14;
  let rows = 0;
  let userId = new Int32Array(capacity);
  let label = new Uint8Array(withLabel ? capacity : 0);
  let numeric = numericNames.map(() => new Float64Array(capacity));
  const asOfDate: string[] = [];
  const texts = textNames.map((): string[] => []);
  const bad = (line: number, column: string, rule: string): never => {
    throw new FeaturesError('CHURN_ERR_CSV_BAD_VALUE', `column ${column}: ${rule}`, file, line);
  };

  for await (const batch of csv.batches()) {
    const n = batch.rows;
    if (rows + n > capacity) {
      capacity = Math.max(capacity * 2, rows + n);
      userId = grow(userId, capacity);
      if (withLabel) label = grow(label, capacity);
      numeric = numeric.map((values) => grow(values, capacity));
    }
    for (let r = 0; r < n; r++) {
      const id = batch.number(r, userCol);
      if (!Number.isInteger(id)) bad(batch.line(r), 'user_id', 'expected an integer');
      userId[rows + r] = id;
      asOfDate.push(batch.text(r, dateCol));
    }
    for (let c = 0; c < numericCols.length; c++) {
      const col = numericCols[c]!;
      const values = numeric[c]!;
      for (let r = 0; r < n; r++) {
        const value = batch.number(r, col);
        if (Number.isNaN(value) && !batch.isEmpty(r, col)) {
          bad(batch.line(r), numericNames[c]!, 'expected a number');
        }
        values[rows + r] = value;
      }
    }
    for (let c = 0; c < textCols.length; c++) {
      const col = textCols[c]!;
      const values = texts[c]!;
      for (let r = 0; r < n; r++) {
        values.push(batch.isEmpty(r, col) ? MISSING_CATEGORY : batch.text(r, col));
      }
    }
    if (withLabel) {
      for (let r = 0; r < n; r++) {
        const value = batch.number(r, labelCol);
        if (value !== 0 && value !== 1) bad(batch.line(r), LABEL_COLUMN, 'expected 0 or 1');
        label[rows + r] = value;
      }
    }
    rows += n;
  }
  const frame: FeatureFrame = {
    rows,
    userId: userId.subarray(0, rows),
    asOfDate,
    numeric: new Map(numericNames.map((name, c) => [name, numeric[c]!.subarray(0, rows)])),
    categorical: new Map(textNames.map((name, c) => [name, texts[c]!])),
  };
  return withLabel ? { ...frame, label: label.subarray(0, rows) } : frame;
}

function grow<T extends Int32Array | Uint8Array | Float64Array>(array: T, capacity: number): T {
  const larger = new (array.constructor as new (length: number) => T)(capacity);
  larger.set(array);
  return larger;
}
