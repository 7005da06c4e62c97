import {
  type FeatureFrame,
  inPopulation,
  MISSING_CATEGORY,
  POPULATION_COLUMN,
  type Population,
} from '@churn/features';
import { fitsFloat32, parseEpochDay } from '@churn/io';
import { inputFileError, WorkerError } from '../errors.js';
import { openInputCsv } from '../input-csv.js';
import type { FeatureSpec } from '../score/frame-batch.js';

export type DaySelection =
  | { readonly kind: 'latest' }
  | { readonly kind: 'date'; readonly date: string };

export interface DayFrame {
  readonly file: string;
  /** The selected as_of_date; null when the file has no row. */
  readonly asOfDate: string | null;
  /** The selected day's rows inside the population. */
  readonly frame: FeatureFrame;
  /** Rows of the selected day outside the population. */
  readonly excludedRows: number;
}

/**
 * Streams `file` and keeps the `columns` of one day's rows (the latest, or a given
 * date) that belong to `population`. Memory grows with that day only. A numeric cell
 * that is neither empty nor a number within the float32 range, or a malformed row,
 * fails with its line number.
 */
export async function readDayFrame(
  file: string,
  columns: readonly FeatureSpec[],
  selection: DaySelection,
  population: Population,
): Promise<DayFrame> {
  const csv = await openInputCsv(file);
  const needed = ['user_id', 'as_of_date', POPULATION_COLUMN, ...columns.map((c) => c.name)];
  const missing = [...new Set(needed)].filter((name) => csv.columnIndex(name) < 0);
  if (missing.length > 0) {
    throw new WorkerError(
      'CHURN_ERR_MISSING_COLUMN',
      `${file}: missing column(s) ${missing.join(', ')}`,
    );
  }
  const numeric = columns.filter((c) => c.type === 'numeric').map((c) => c.name);
  const text = columns.filter((c) => c.type === 'categorical').map((c) => c.name);
  const numericCols = numeric.map((name) => csv.columnIndex(name));
  const textCols = text.map((name) => csv.columnIndex(name));
  const dateCol = csv.columnIndex('as_of_date');
  const userCol = csv.columnIndex('user_id');
  const dslaCol = csv.columnIndex(POPULATION_COLUMN);
  let target = selection.kind === 'date' ? selection.date : '';
  let day = new DayColumns(numeric.length, text.length);
  try {
    await readRows();
  } catch (error) {
    throw inputFileError(error);
  }
  const rows = day.userIds.length;
  return {
    file,
    asOfDate: target || null,
    excludedRows: day.excluded,
    frame: {
      rows,
      userId: Int32Array.from(day.userIds),
      asOfDate: new Array<string>(rows).fill(target),
      numeric: new Map(numeric.map((name, c) => [name, Float64Array.from(day.numeric[c]!)])),
      categorical: new Map(text.map((name, c) => [name, day.text[c]!])),
    },
  };

  async function readRows(): Promise<void> {
    for await (const batch of csv.batches()) {
      for (let r = 0; r < batch.rows; r++) {
        const date = batch.text(r, dateCol);
        if (selection.kind === 'latest' && date > target) {
          if (Number.isNaN(parseEpochDay(date)) || date.length !== 10) {
            throw new WorkerError(
              'CHURN_ERR_INVALID_ROW',
              `${file}:${batch.line(r)}: column as_of_date: ${JSON.stringify(date)} is not a YYYY-MM-DD date`,
            );
          }
          target = date;
          day = new DayColumns(numeric.length, text.length);
        }
        if (date !== target) continue;
        if (!inPopulation(population, batch.number(r, dslaCol))) {
          day.excluded++;
          continue;
        }
        const values = numericCols.map((col, c) => {
          const value = batch.number(r, col);
          if (!fitsFloat32(value) && !(Number.isNaN(value) && batch.isEmpty(r, col))) {
            throw new WorkerError(
              'CHURN_ERR_INVALID_ROW',
              `${file}:${batch.line(r)}: column ${numeric[c]}: ${JSON.stringify(batch.text(r, col))} is not a number within the float32 range`,
            );
          }
          return value;
        });
        const texts = textCols.map((col) => batch.text(r, col) || MISSING_CATEGORY);
        day.push(batch.number(r, userCol), values, texts);
      }
    }
  }
}

/** One day's rows column by column; a day is a few thousand rows. */
class DayColumns {
  excluded = 0;
  readonly userIds: number[] = [];
  readonly numeric: number[][];
  readonly text: string[][];

  constructor(numeric: number, text: number) {
    this.numeric = Array.from({ length: numeric }, () => []);
    this.text = Array.from({ length: text }, () => []);
  }

  push(userId: number, values: readonly number[], texts: readonly string[]): void {
    this.userIds.push(userId);
    for (let c = 0; c < values.length; c++) this.numeric[c]!.push(values[c]!);
    for (let c = 0; c < texts.length; c++) this.text[c]!.push(texts[c]!);
  }
}
