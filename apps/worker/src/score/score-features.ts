import {
  type CsvBatch,
  type CsvSource,
  inPopulation,
  type OpenCsvOptions,
  openCsv,
  POPULATION_COLUMN,
  type Population,
  parseEpochDay,
} from '@churn/features';
import { churnErrorCode, inputFileError, WorkerError } from '../errors.js';
import { fileFingerprint } from '../fingerprint.js';
import { FrameBatch, KEY_COLUMNS, OUTPUT_NUMERIC, OUTPUT_TEXT } from './frame-batch.js';
import { PredictionStore } from './prediction-store.js';
import { previousRun } from './previous-run.js';
import type { BatchScorer } from './scorer-port.js';
import { type ScoreSummary, writeScoreOutputs } from './write-outputs.js';

export type { ScoreSummary } from './write-outputs.js';

export interface ScoreRequest {
  /** The features CSV (user_features_daily). */
  readonly input: string;
  /** Folder of the predictions files. */
  readonly outDir: string;
  /** Folder of the score summary JSON. */
  readonly metricsDir: string;
  /** as_of_date to score; default the latest date in the file. */
  readonly date?: string;
  /** Score every row; outputs are named `_all` instead of by date. */
  readonly allDates?: boolean;
  readonly topK: number;
  readonly batchSize: number;
  readonly highRiskThreshold: number;
  /** Skip and count rows with a bad value instead of failing. */
  readonly skipInvalid?: boolean;
  /** Which users are scored (default: every row). */
  readonly population?: Population;
  readonly signal?: AbortSignal;
  /** Called after each CSV batch with the rows read so far. */
  readonly onProgress?: (rowsRead: number) => void;
}

/**
 * Bytes per CSV read. Smaller than the reader's 4 MiB default: each read's cell index
 * is garbage after its batch, and 256 KiB measured both faster and about half the peak
 * RSS on the 240,000-row file.
 */
export const CSV_CHUNK_BYTES = 256 * 1024;

/**
 * Scores one as_of_date of a features file (default: the latest) or every row,
 * and writes the predictions, top-K, latest copy and summary all-or-nothing.
 * The file is read as a stream and scored in batches while it is read; while
 * the latest date is not yet known, rows of a newer date replace what was kept.
 */
export async function scoreFeatures(
  scorer: BatchScorer,
  request: ScoreRequest,
): Promise<ScoreSummary> {
  const started = performance.now();
  const fingerprint = fileFingerprint(request.input);
  fingerprint.catch(() => undefined);
  // A malformed row (wrong field count, a last line cut short) fails the run, or is counted.
  const malformedLines: number[] = [];
  const csv = await openInput(
    request.input,
    request.skipInvalid
      ? ({ line }) => {
          malformedLines.push(line);
          return 'skip';
        }
      : undefined,
  );
  const columns = requireColumns(csv, scorer);
  const mode = request.allDates ? 'all' : request.date ? 'date' : 'latest';
  const batchSize = request.batchSize;
  const population: Population = request.population ?? { kind: 'all', windowDays: 0 };
  const dslaCol = csv.columnIndex(POPULATION_COLUMN);
  const inScope = (batch: CsvBatch, r: number) =>
    inPopulation(population, batch.number(r, dslaCol));
  let excludedRows = 0;
  const frames = [0, 1].map(
    () => new FrameBatch(scorer.card.features, csv.columnIndex, batchSize),
  ) as [FrameBatch, FrameBatch];

  let target = request.date ?? '';
  let generation = 0;
  let store = new PredictionStore();
  let current: 0 | 1 = 0;
  let inFlight: Promise<void> = Promise.resolve();
  let rowsRead = 0;
  let maxDate = '';
  const validDates = new Set<string>();
  const badDateLines: number[] = [];
  let badValueLines: number[] = [];

  // While the latest date is unknown, a bad row may belong to a date that is dropped later:
  // its error waits until the end, and only counts when its date is the one scored.
  let deferred: WorkerError | null = null;
  const reject = (line: number, reason: string, lines: number[], defer: boolean) => {
    lines.push(line);
    if (request.skipInvalid) return;
    const error = new WorkerError('CHURN_ERR_INVALID_ROW', `${request.input}:${line}: ${reason}`);
    if (!defer) throw error;
    deferred ??= error;
  };
  // Scores the filled frame while the next one is being parsed (onnxruntime runs off-thread).
  const flush = async () => {
    const frame = frames[current];
    if (frame.rows === 0) return;
    await inFlight;
    const scoredGeneration = generation;
    inFlight = scorer.scoreFrame(frame.frame, 0, frame.rows).then(
      (scores) => {
        if (scores.length !== frame.rows) {
          throw new RangeError(`scorer returned ${scores.length} scores for ${frame.rows} rows`);
        }
        if (scoredGeneration === generation) store.append(frame.scored(scores));
        frame.rows = 0;
      },
      (error: unknown) => {
        throw refusedRow(error, frame, request.input) ?? error;
      },
    );
    current = current === 0 ? 1 : 0;
  };

  try {
    // Every row is wanted: parse whole CSV batches at once; rows with a problem fall back below.
    const addWholeBatch = async (batch: CsvBatch): Promise<boolean> => {
      if (batch.rows > batchSize) return false;
      const dates = new Array<string>(batch.rows);
      for (let r = 0; r < batch.rows; r++) {
        const date = batch.text(r, columns.date);
        if (!validDates.has(date)) {
          if (date.length !== 10 || Number.isNaN(parseEpochDay(date))) return false;
          validDates.add(date);
        }
        dates[r] = date;
      }
      if (frames[current].rows + batch.rows > batchSize) await flush();
      const at = frames[current].rows;
      if (!frames[current].addAll(batch, columns.user, dates)) return false;
      if (population.kind !== 'all')
        excludedRows += frames[current].keepFrom(at, (r) => inScope(batch, r));
      rowsRead += batch.rows;
      request.onProgress?.(rowsRead);
      return true;
    };
    for await (const batch of csv.batches()) {
      if (request.signal?.aborted) throw aborted();
      if (mode === 'all' && (await addWholeBatch(batch))) continue;
      for (let r = 0; r < batch.rows; r++) {
        rowsRead++;
        const date = batch.text(r, columns.date);
        if (!validDates.has(date)) {
          if (date.length !== 10 || Number.isNaN(parseEpochDay(date))) {
            const reason = `column as_of_date: ${JSON.stringify(date)} is not a YYYY-MM-DD date`;
            reject(batch.line(r), reason, badDateLines, false);
            continue;
          }
          validDates.add(date);
        }
        if (date > maxDate) maxDate = date;
        if (mode === 'latest' && date > target) {
          target = date;
          generation++;
          store = new PredictionStore();
          badValueLines = [];
          excludedRows = 0;
          deferred = null;
          frames[current].rows = 0;
        }
        if (mode !== 'all' && date !== target) continue;
        if (!inScope(batch, r)) {
          excludedRows++;
          continue;
        }
        const problem = frames[current].add(batch, r, columns.user, date);
        if (problem) reject(problem.line, problem.reason, badValueLines, mode === 'latest');
        else if (frames[current].full) await flush();
      }
      request.onProgress?.(rowsRead);
    }
    await flush();
    await inFlight;
  } catch (error) {
    await inFlight.catch(() => undefined);
    throw inputFileError(error);
  }
  if (deferred) throw deferred;
  if (request.signal?.aborted) throw aborted();

  if (store.size === 0) {
    const what =
      (mode === 'all' ? 'no rows' : `no rows for as_of_date ${target || '(none)'}`) +
      (excludedRows > 0 ? ` (${excludedRows} rows outside the population)` : '');
    throw new WorkerError('CHURN_ERR_NO_ROWS', `${request.input}: ${what} to score`);
  }
  const warnings: string[] = [];
  const previous = mode === 'all' ? null : await previousRun(request.metricsDir, target);
  // The day's users, scored or outside the population: users churn out of the population
  // daily, but a day normally keeps every user, so fewer than last time suggests a cut input.
  const dayUsers = store.size + excludedRows;
  if (previous && dayUsers < previous.rows) {
    warnings.push(
      `read ${dayUsers} users for ${target}, fewer than the ${previous.rows} of the previous run (${previous.asOfDate})`,
    );
  }
  return writeScoreOutputs(store, {
    request,
    warnings,
    model: { name: scorer.name, version: scorer.version },
    asOfDate: mode === 'all' ? null : target,
    // The latest copy follows the newest day of the input, not a backfill of an older one.
    writeLatest: mode !== 'all' && target === maxDate,
    skippedLines: [...malformedLines, ...badDateLines, ...badValueLines].sort((a, b) => a - b),
    rowsRead,
    population: { ...population, excludedRows },
    fingerprint,
    started,
  });
}

async function openInput(
  file: string,
  onMalformedRow: OpenCsvOptions['onMalformedRow'],
): Promise<CsvSource> {
  try {
    return await openCsv(file, {
      chunkBytes: CSV_CHUNK_BYTES,
      ...(onMalformedRow && { onMalformedRow }),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new WorkerError('CHURN_ERR_INPUT_NOT_FOUND', `features file not found: ${file}`, {
        cause: error,
      });
    }
    throw inputFileError(error);
  }
}

/**
 * The scorer refuses to return a non-finite probability and names the frame row
 * (@churn/scorer CHURN_ERR_SCORER_NON_FINITE): this names the file line instead.
 */
function refusedRow(error: unknown, frame: FrameBatch, file: string): WorkerError | null {
  const row = (error as { row?: unknown } | null)?.row;
  if (churnErrorCode(error) !== 'CHURN_ERR_SCORER_NON_FINITE' || typeof row !== 'number') {
    return null;
  }
  return new WorkerError(
    'CHURN_ERR_INVALID_ROW',
    `${file}:${frame.line[row]}: the model gave no finite churn probability for this row`,
    { cause: error },
  );
}

function requireColumns(csv: CsvSource, scorer: BatchScorer) {
  const needed = new Set<string>([
    ...KEY_COLUMNS,
    ...OUTPUT_TEXT,
    ...OUTPUT_NUMERIC,
    ...scorer.card.features.map((feature) => feature.name),
  ]);
  const missing = [...needed].filter((name) => csv.columnIndex(name) < 0);
  if (missing.length > 0) {
    throw new WorkerError(
      'CHURN_ERR_MISSING_COLUMN',
      `${csv.file}: missing column(s) ${missing.join(', ')} (model ${scorer.version})`,
    );
  }
  return { user: csv.columnIndex('user_id'), date: csv.columnIndex('as_of_date') };
}

function aborted(): WorkerError {
  return new WorkerError('CHURN_ERR_JOB_ABORTED', 'scoring was aborted before it finished');
}
