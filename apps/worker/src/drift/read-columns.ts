import { fitsFloat32, openCsv, parseEpochDay } from '@churn/features';
import { inputFileError, WorkerError } from '../errors.js';
import { CSV_CHUNK_BYTES } from '../score/score-features.js';

export type RowSelection =
  | { readonly kind: 'all' }
  | { readonly kind: 'latest' }
  | { readonly kind: 'date'; readonly date: string };

export interface NumericColumns {
  readonly file: string;
  /** The selected as_of_date; null when every row was taken. */
  readonly asOfDate: string | null;
  readonly rows: number;
  readonly values: ReadonlyMap<string, Float64Array>;
}

/**
 * Streams `file` and keeps the numeric columns `names` of the selected rows
 * (NaN = empty cell). Memory grows with the selected rows only. A cell that is
 * neither empty nor a number within the float32 range, or a malformed row, fails
 * with its line number.
 */
export async function readNumericColumns(
  file: string,
  names: readonly string[],
  selection: RowSelection,
): Promise<NumericColumns> {
  const csv = await openCsv(file, { chunkBytes: CSV_CHUNK_BYTES }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw inputFileError(error);
      throw new WorkerError('CHURN_ERR_INPUT_NOT_FOUND', `file not found: ${file}`, {
        cause: error,
      });
    },
  );
  const needed = selection.kind === 'all' ? [...names] : ['as_of_date', ...names];
  const missing = needed.filter((name) => csv.columnIndex(name) < 0);
  if (missing.length > 0) {
    throw new WorkerError(
      'CHURN_ERR_MISSING_COLUMN',
      `${file}: missing column(s) ${missing.join(', ')}`,
    );
  }
  const cols = names.map((name) => csv.columnIndex(name));
  const dateCol = csv.columnIndex('as_of_date');
  let target = selection.kind === 'date' ? selection.date : '';
  let columns = names.map(() => new GrowableColumn());
  try {
    await readRows();
  } catch (error) {
    throw inputFileError(error);
  }
  const rows = columns[0]?.length ?? 0;
  return {
    file,
    asOfDate: selection.kind === 'all' ? null : target || null,
    rows,
    values: new Map(names.map((name, c) => [name, columns[c]!.values()])),
  };

  async function readRows(): Promise<void> {
    for await (const batch of csv.batches()) {
      for (let r = 0; r < batch.rows; r++) {
        if (selection.kind !== 'all') {
          const date = batch.text(r, dateCol);
          if (selection.kind === 'latest' && date > target) {
            if (Number.isNaN(parseEpochDay(date)) || date.length !== 10) {
              throw new WorkerError(
                'CHURN_ERR_INVALID_ROW',
                `${file}:${batch.line(r)}: column as_of_date: ${JSON.stringify(date)} is not a YYYY-MM-DD date`,
              );
            }
            target = date;
            columns = names.map(() => new GrowableColumn());
          }
          if (date !== target) continue;
        }
        for (let c = 0; c < cols.length; c++) {
          const value = batch.number(r, cols[c]!);
          if (!fitsFloat32(value) && !(Number.isNaN(value) && batch.isEmpty(r, cols[c]!))) {
            throw new WorkerError(
              'CHURN_ERR_INVALID_ROW',
              `${file}:${batch.line(r)}: column ${names[c]}: ${JSON.stringify(batch.text(r, cols[c]!))} is not a number within the float32 range`,
            );
          }
          columns[c]!.push(value);
        }
      }
    }
  }
}

class GrowableColumn {
  length = 0;
  #data = new Float64Array(1024);

  push(value: number): void {
    if (this.length === this.#data.length) {
      const larger = new Float64Array(this.#data.length * 2);
      larger.set(this.#data);
      this.#data = larger;
    }
    this.#data[this.length++] = value;
  }

  values(): Float64Array {
    return this.#data.subarray(0, this.length);
  }
}
