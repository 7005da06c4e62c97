import { inPopulation, POPULATION_COLUMN, type Population } from '@churn/features';
import { type CsvBatch, type CsvSource, parseEpochDay } from '@churn/io';
import { WorkerError } from '../errors.js';
import type { FrameScorer } from './frame-scorer.js';
import { type Shard, shardOf } from './shard.js';

/** Which rows of the features file are scored. */
export type DateSelection =
  | { readonly kind: 'latest' }
  | { readonly kind: 'date'; readonly date: string }
  | { readonly kind: 'all' };

export interface RowSelectionRequest {
  /** The file's name, for messages. */
  readonly file: string;
  readonly dates: DateSelection;
  readonly population: Population;
  /** Only the users of this shard (default: every user). */
  readonly shard?: Shard;
  /** Skip and count rows with a bad value instead of failing. */
  readonly skipInvalid: boolean;
  /** Rows a frame holds. */
  readonly batchSize: number;
  readonly signal?: AbortSignal;
  /** Called after each CSV batch with the rows read so far. */
  readonly onProgress?: (rowsRead: number) => void;
}

export interface SelectedRows {
  /** The scored as_of_date ('' when the file has no valid date); unused for all dates. */
  readonly target: string;
  /** The newest valid as_of_date of the file. */
  readonly newestDate: string;
  readonly rowsRead: number;
  /** Selected rows (of the shard's users) outside the population. */
  readonly excludedRows: number;
  /** Lines of the rows skipped for a bad date or value (skipInvalid). */
  readonly skippedLines: readonly number[];
  /** A bad row of the scored day found while its date was not yet known to be the latest. */
  readonly deferredError: WorkerError | null;
}

/**
 * Reads the features file once and hands the rows to score to `scoring`, frame by frame:
 * the rows of one as_of_date (the given one, or the latest, which is only known at the
 * end: rows of a newer date restart the selection) or every row; of the shard's users
 * only, when a shard is given; inside the population. Every shard reads the whole file,
 * so all of them find the same latest date.
 * Dates and values are validated for the selected rows; a bad one fails the run naming
 * its line, or is skipped and counted with `skipInvalid`.
 */
export async function selectRows(
  csv: CsvSource,
  request: RowSelectionRequest,
  scoring: FrameScorer,
): Promise<SelectedRows> {
  const { dates: selection, population, batchSize } = request;
  const userCol = csv.columnIndex('user_id');
  const dateCol = csv.columnIndex('as_of_date');
  const dslaCol = csv.columnIndex(POPULATION_COLUMN);
  const { shard } = request;
  let excludedRows = 0;
  // Rows of other shards' users are not this run's; only its own count as outside the population.
  const keep = (batch: CsvBatch, r: number): boolean => {
    if (shard && shardOf(batch.number(r, userCol), shard.count) !== shard.index) return false;
    if (inPopulation(population, batch.number(r, dslaCol))) return true;
    excludedRows++;
    return false;
  };
  const validDates = new Set<string>();
  const isDate = (date: string) => {
    if (validDates.has(date)) return true;
    if (date.length !== 10 || Number.isNaN(parseEpochDay(date))) return false;
    validDates.add(date);
    return true;
  };
  let target = selection.kind === 'date' ? selection.date : '';
  let newestDate = '';
  let rowsRead = 0;
  const badDateLines: number[] = [];
  let badValueLines: number[] = [];

  // While the latest date is unknown, a bad row may belong to a date that is dropped later:
  // its error waits until the end, and only counts when its date is the one scored.
  let deferredError: WorkerError | null = null;
  const reject = (line: number, reason: string, lines: number[], defer: boolean) => {
    lines.push(line);
    if (request.skipInvalid) return;
    const error = new WorkerError('CHURN_ERR_INVALID_ROW', `${request.file}:${line}: ${reason}`);
    if (!defer) throw error;
    deferredError ??= error;
  };

  // Every row is wanted: parse whole CSV batches at once; rows with a problem fall back below.
  const addWholeBatch = async (batch: CsvBatch): Promise<boolean> => {
    if (batch.rows > batchSize) return false;
    const dates = new Array<string>(batch.rows);
    for (let r = 0; r < batch.rows; r++) {
      const date = batch.text(r, dateCol);
      if (!isDate(date)) return false;
      dates[r] = date;
    }
    if (scoring.frame.rows + batch.rows > batchSize) await scoring.flush();
    const frame = scoring.frame;
    const at = frame.rows;
    if (!frame.addAll(batch, userCol, dates)) return false;
    if (population.kind !== 'all' || shard) frame.keepFrom(at, (r) => keep(batch, r));
    rowsRead += batch.rows;
    request.onProgress?.(rowsRead);
    return true;
  };

  for await (const batch of csv.batches()) {
    if (request.signal?.aborted) throw aborted();
    if (selection.kind === 'all' && (await addWholeBatch(batch))) continue;
    for (let r = 0; r < batch.rows; r++) {
      rowsRead++;
      const date = batch.text(r, dateCol);
      if (!isDate(date)) {
        const reason = `column as_of_date: ${JSON.stringify(date)} is not a YYYY-MM-DD date`;
        reject(batch.line(r), reason, badDateLines, false);
        continue;
      }
      if (date > newestDate) newestDate = date;
      if (selection.kind === 'latest' && date > target) {
        target = date;
        scoring.restart();
        badValueLines = [];
        excludedRows = 0;
        deferredError = null;
      }
      if (selection.kind !== 'all' && date !== target) continue;
      if (!keep(batch, r)) continue;
      const problem = scoring.frame.add(batch, r, userCol, date);
      if (problem) {
        reject(problem.line, problem.reason, badValueLines, selection.kind === 'latest');
      } else if (scoring.frame.full) await scoring.flush();
    }
    request.onProgress?.(rowsRead);
  }
  return {
    target,
    newestDate,
    rowsRead,
    excludedRows,
    skippedLines: [...badDateLines, ...badValueLines],
    deferredError,
  };
}

export function aborted(): WorkerError {
  return new WorkerError('CHURN_ERR_JOB_ABORTED', 'scoring was aborted before it finished');
}
