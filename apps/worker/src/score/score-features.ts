import type { Population } from '@churn/features';
import { type CsvSource, fileFingerprint } from '@churn/io';
import { inputFileError, WorkerError } from '../errors.js';
import { openInputCsv } from '../input-csv.js';
import { FrameBatch, KEY_COLUMNS, OUTPUT_NUMERIC, OUTPUT_TEXT } from './frame-batch.js';
import { FrameScorer } from './frame-scorer.js';
import type { PredictionStore } from './prediction-store.js';
import { previousRun } from './previous-run.js';
import { partFile, writeScorePart } from './score-part.js';
import type { ModelName, ScoreSummary } from './score-summary.js';
import type { BatchScorer } from './scorer-port.js';
import { aborted, type DateSelection, type SelectedRows, selectRows } from './select-rows.js';
import type { Shard } from './shard.js';
import { type OutputRequest, type ScoredRows, writeScoreOutputs } from './write-outputs.js';

export type { ScoreSummary } from './score-summary.js';

export interface ScoreRequest extends OutputRequest {
  /** The features CSV (user_features_daily). */
  readonly input: string;
  /** as_of_date to score; default the latest date in the file. */
  readonly date?: string;
  /** Score every row; outputs are named `_all` instead of by date. */
  readonly allDates?: boolean;
  readonly batchSize: number;
  /** Skip and count rows with a bad value instead of failing. */
  readonly skipInvalid?: boolean;
  /** Which users are scored (default: every row). */
  readonly population?: Population;
  /** Called after each CSV batch with the rows read so far. */
  readonly onProgress?: (rowsRead: number) => void;
}

/**
 * Scores one as_of_date of a features file (default: the latest) or every row,
 * and writes the predictions, top-K, latest copy and summary all-or-nothing.
 * The file is read as a stream (`selectRows`) and scored in batches while it is read
 * (`FrameScorer`); the outputs are written at the end (`writeScoreOutputs`).
 */
export async function scoreFeatures(
  scorer: BatchScorer,
  request: ScoreRequest,
): Promise<ScoreSummary> {
  const scored = await scoreRows(scorer, request);
  return publishScores(scored, request);
}

/** What one shard scored and where its part file is. */
export interface ShardSummary {
  readonly file: string;
  readonly shard: Shard;
  /** The scored day; null for --all-dates. */
  readonly asOfDate: string | null;
  readonly rows: number;
  readonly excludedRows: number;
  readonly model: ModelName;
  readonly durationSeconds: number;
}

/**
 * Scores the users of one shard (`shardOf`) as `scoreFeatures` would, and writes them to
 * the shard's part file, `{outDir}/parts/{date}/part-{i}-of-{n}.json`, for `mergeScoreParts`.
 * A shard without a user to score writes an empty part: the merge decides.
 */
export async function scoreShard(
  scorer: BatchScorer,
  request: ScoreRequest,
  shard: Shard,
): Promise<ShardSummary> {
  const scored = await scoreRows(scorer, request, shard);
  if (scored.asOfDate === '') {
    throw new WorkerError('CHURN_ERR_NO_ROWS', `${request.input}: no as_of_date to score`);
  }
  const file = partFile(request.outDir, scored.asOfDate ?? 'all', shard);
  await writeScorePart(scored, shard, file);
  return {
    file,
    shard,
    asOfDate: scored.asOfDate,
    rows: scored.store.size,
    excludedRows: scored.population.excludedRows,
    model: scored.model,
    durationSeconds: (Date.now() - scored.startedAt) / 1000,
  };
}

/** Reads and scores the selected rows of the features file (of one shard's users); writes nothing. */
export async function scoreRows(
  scorer: BatchScorer,
  request: ScoreRequest,
  shard?: Shard,
): Promise<ScoredRows> {
  const startedAt = Date.now();
  const fingerprint = fileFingerprint(request.input);
  fingerprint.catch(() => undefined);
  // A malformed row (wrong field count, a last line cut short) fails the run, or is counted.
  const malformedLines: number[] = [];
  const csv = await openInputCsv(request.input, {
    notFound: `features file not found: ${request.input}`,
    ...(request.skipInvalid && {
      onMalformedRow: ({ line }) => {
        malformedLines.push(line);
        return 'skip';
      },
    }),
  });
  requireColumns(csv, scorer);
  const frames = [0, 1].map(
    () => new FrameBatch(scorer.card.features, csv.columnIndex, request.batchSize),
  ) as [FrameBatch, FrameBatch];
  const scoring = new FrameScorer(scorer, frames, request.input);
  const dates: DateSelection = request.allDates
    ? { kind: 'all' }
    : request.date
      ? { kind: 'date', date: request.date }
      : { kind: 'latest' };
  const population: Population = request.population ?? { kind: 'all', windowDays: 0 };
  let selected: SelectedRows;
  let store: PredictionStore;
  try {
    selected = await selectRows(
      csv,
      {
        file: request.input,
        dates,
        population,
        ...(shard && { shard }),
        skipInvalid: request.skipInvalid ?? false,
        batchSize: request.batchSize,
        ...(request.signal && { signal: request.signal }),
        ...(request.onProgress && { onProgress: request.onProgress }),
      },
      scoring,
    );
    store = await scoring.finish();
  } catch (error) {
    await scoring.settle();
    throw inputFileError(error);
  }
  if (selected.deferredError) throw selected.deferredError;
  if (request.signal?.aborted) throw aborted();
  return {
    store,
    asOfDate: dates.kind === 'all' ? null : selected.target,
    newestDate: selected.newestDate,
    model: { name: scorer.name, version: scorer.version },
    input: { file: request.input, fingerprint, rowsRead: selected.rowsRead },
    population: { ...population, excludedRows: selected.excludedRows },
    skippedLines: [...malformedLines, ...selected.skippedLines].sort((a, b) => a - b),
    startedAt,
  };
}

/**
 * Writes the outputs of scored rows (one run's or merged shards'): fails without a row to
 * write, and warns when the day has fewer users than the previous run's.
 */
export async function publishScores(
  scored: ScoredRows,
  request: OutputRequest,
): Promise<ScoreSummary> {
  const { store, asOfDate, population, input } = scored;
  if (store.size === 0) {
    const what =
      (asOfDate === null ? 'no rows' : `no rows for as_of_date ${asOfDate || '(none)'}`) +
      (population.excludedRows > 0
        ? ` (${population.excludedRows} rows outside the population)`
        : '');
    throw new WorkerError('CHURN_ERR_NO_ROWS', `${input.file}: ${what} to score`);
  }
  const warnings: string[] = [];
  const previous = asOfDate === null ? null : await previousRun(request.metricsDir, asOfDate);
  // The day's users, scored or outside the population: users churn out of the population
  // daily, but a day normally keeps every user, so fewer than last time suggests a cut input.
  const dayUsers = store.size + population.excludedRows;
  if (previous && dayUsers < previous.rows) {
    warnings.push(
      `read ${dayUsers} users for ${asOfDate}, fewer than the ${previous.rows} of the previous run (${previous.asOfDate})`,
    );
  }
  return writeScoreOutputs(scored, request, warnings);
}

function requireColumns(csv: CsvSource, scorer: BatchScorer): void {
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
}
