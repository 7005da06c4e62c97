import { fitsFloat32, openCsv } from '@churn/io';
import {
  CATEGORICAL_FEATURES,
  type FeatureColumn,
  LABEL_COLUMN,
  MISSING_CATEGORY,
  TEXT_COLUMNS,
} from './columns.js';
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
 * at the first cell that is not a number, beyond float32 (the models' input type) or a
 * label not 0/1, with its line; malformed rows as openCsv does.
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
      { file, line: 1 },
    );
  }
  const userCol = csv.columnIndex('user_id');
  const dateCol = csv.columnIndex(dateColumn);
  const labelCol = csv.columnIndex(LABEL_COLUMN);
  const numericNames = columns.filter((c) => c.type === 'numeric').map((c) => c.name);
  const numericCols = numericNames.map((name) => csv.columnIndex(name));
  const textNames = columns.filter((c) => c.type === 'categorical').map((c) => c.name);
  const textCols = textNames.map((name) => csv.columnIndex(name));

  // Capacity from the file size and the first batch's bytes per row, grown when short.
  let capacity = 0;
  let rows = 0;
  let userId: Float64Array = new Float64Array(0);
  let label: Float64Array = new Float64Array(0);
  let numeric: Float64Array[] = numericNames.map(() => new Float64Array(0));
  let asOfDate: string[] = [];
  let texts = textNames.map((): string[] => []);
  const bad = (line: number, column: string, rule: string): never => {
    throw new FeaturesError('CHURN_ERR_CSV_BAD_VALUE', `column ${column}: ${rule}`, { file, line });
  };

  for await (const batch of csv.batches()) {
    const n = batch.rows;
    if (rows + n > capacity) {
      const estimate =
        capacity === 0 ? Math.ceil((n * csv.bytes) / Math.max(1, batch.byteLength)) : 0;
      capacity = Math.max(capacity * 2, rows + n, Math.ceil(estimate * 1.02));
      userId = grow(userId, capacity);
      if (withLabel) label = grow(label, capacity);
      numeric = numeric.map((values) => grow(values, capacity));
      asOfDate = growTexts(asOfDate, capacity);
      texts = texts.map((values) => growTexts(values, capacity));
    }
    const badId = batch.numbers(userCol, userId, rows);
    for (let r = 0; r < n; r++) {
      if (!Number.isInteger(userId[rows + r]))
        bad(batch.line(badId >= 0 ? badId : r), 'user_id', 'expected an integer');
    }
    batch.texts(dateCol, asOfDate, rows, '');
    const badCell = batch.numberColumns(numericCols, numeric, rows);
    if (badCell >= 0) {
      const count = numericCols.length;
      bad(
        batch.line(Math.floor(badCell / count)),
        numericNames[badCell % count]!,
        'expected a number',
      );
    }
    for (let c = 0; c < numericCols.length; c++) {
      const values = numeric[c]!;
      for (let r = rows; r < rows + n; r++) {
        const value = values[r]!;
        if (!fitsFloat32(value) && !Number.isNaN(value))
          bad(batch.line(r - rows), numericNames[c]!, `${value} is beyond the float32 range`);
      }
    }
    for (let c = 0; c < textCols.length; c++) {
      batch.texts(textCols[c]!, texts[c]!, rows, MISSING_CATEGORY);
    }
    if (withLabel) {
      batch.numbers(labelCol, label, rows);
      for (let r = 0; r < n; r++) {
        const value = label[rows + r];
        if (value !== 0 && value !== 1) bad(batch.line(r), LABEL_COLUMN, 'expected 0 or 1');
      }
    }
    rows += n;
  }
  asOfDate.length = rows;
  for (const values of texts) values.length = rows;
  const frame: FeatureFrame = {
    rows,
    userId: Int32Array.from(userId.subarray(0, rows)),
    asOfDate,
    numeric: new Map(numericNames.map((name, c) => [name, numeric[c]!.subarray(0, rows)])),
    categorical: new Map(textNames.map((name, c) => [name, texts[c]!])),
  };
  return withLabel ? { ...frame, label: Uint8Array.from(label.subarray(0, rows)) } : frame;
}

function growTexts(values: string[], capacity: number): string[] {
  const larger = new Array<string>(capacity);
  for (let i = 0; i < values.length; i++) larger[i] = values[i]!;
  return larger;
}

function grow(array: Float64Array, capacity: number): Float64Array {
  const larger = new Float64Array(capacity);
  larger.set(array);
  return larger;
}
