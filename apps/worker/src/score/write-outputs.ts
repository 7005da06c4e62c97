import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeCsv, writeFileAtomic } from '@churn/io';
import { WorkerError } from '../errors.js';
import { writeFilesTogether } from './commit-files.js';
import type { PredictionStore } from './prediction-store.js';
import { scoreStats } from './score-stats.js';
import type { ModelName, ScoredPopulation, ScoreSummary } from './score-summary.js';

/** The scored rows of a run and what the summary says about them: one run's, or merged shards'. */
export interface ScoredRows {
  readonly store: PredictionStore;
  /** The scored day; null for --all-dates. */
  readonly asOfDate: string | null;
  /** The newest as_of_date of the input: the latest copy follows it, not a backfill. */
  readonly newestDate: string;
  readonly model: ModelName;
  readonly input: {
    readonly file: string;
    readonly fingerprint: Promise<string> | string;
    readonly rowsRead: number;
  };
  readonly population: ScoredPopulation;
  /** Every skipped line, ascending. */
  readonly skippedLines: readonly number[];
  /** Date.now() when the run started. */
  readonly startedAt: number;
}

export interface OutputRequest {
  /** Folder of the predictions files. */
  readonly outDir: string;
  /** Folder of the score summary JSON. */
  readonly metricsDir: string;
  readonly topK: number;
  readonly highRiskThreshold: number;
  readonly signal?: AbortSignal;
}

const SUMMARY_KIND = 'churn-score-summary';
const MAX_LINES_LISTED = 20;

/**
 * Ranks the scored rows and writes predictions, top-K, the latest copy (for the newest
 * day) and the summary, all-or-nothing (`writeFilesTogether`).
 */
export async function writeScoreOutputs(
  scored: ScoredRows,
  request: OutputRequest,
  warnings: readonly string[],
): Promise<ScoreSummary> {
  const { store, asOfDate, skippedLines } = scored;
  const label = asOfDate ?? 'all';
  const writeLatest = asOfDate !== null && asOfDate === scored.newestDate;
  const files = {
    predictions: join(request.outDir, `predictions_${label}.csv`),
    top: join(request.outDir, `churn_top_${request.topK}_${label}.csv`),
    latest: join(request.outDir, 'predictions_latest.csv'),
    summary: join(request.metricsDir, `score_summary_${label}.json`),
  };
  const ranked = store.rank();
  const predictions = store.columns(ranked);
  let summary: ScoreSummary | undefined;
  const writeSummary = async (temporary: string) => {
    const dates = store.dates();
    summary = {
      kind: SUMMARY_KIND,
      schemaVersion: 1,
      createdAt: new Date().toISOString(),
      asOfDate,
      dates: { first: dates[0]!, last: dates[dates.length - 1]!, count: dates.length },
      ...scoreStats(store.scores, request.highRiskThreshold),
      topK: request.topK,
      model: scored.model,
      input: {
        file: scored.input.file,
        fingerprint: await scored.input.fingerprint,
        rowsRead: scored.input.rowsRead,
      },
      population: scored.population,
      skippedRows: skippedLines.length,
      skippedLines: skippedLines.slice(0, MAX_LINES_LISTED),
      outputs: [
        files.predictions,
        files.top,
        ...(writeLatest ? [files.latest] : []),
        files.summary,
      ],
      warnings,
      durationSeconds: (Date.now() - scored.startedAt) / 1000,
    };
    await writeFileAtomic(temporary, `${JSON.stringify(summary, null, 2)}\n`);
  };
  await writeFilesTogether(
    [
      { file: files.predictions, write: (temporary) => writeCsv(temporary, predictions) },
      {
        file: files.top,
        write: (temporary) => writeCsv(temporary, store.columns(ranked, request.topK)),
      },
      ...(writeLatest
        ? [{ file: files.latest, write: (temporary: string) => writeCsv(temporary, predictions) }]
        : []),
      { file: files.summary, write: writeSummary },
    ],
    () => {
      if (request.signal?.aborted) {
        throw new WorkerError('CHURN_ERR_JOB_ABORTED', 'scoring was aborted before it finished');
      }
    },
  );
  await removeOtherTopFiles(request.outDir, label, request.topK);
  return summary!;
}

/**
 * One top file per day: a run with another K replaces the day's earlier top file
 * instead of adding one, so callers choosing K cannot fill the disk.
 */
async function removeOtherTopFiles(dir: string, label: string, topK: number): Promise<void> {
  const pattern = new RegExp(`^churn_top_(\\d+)_${label}\\.csv$`);
  for (const name of await readdir(dir)) {
    const k = pattern.exec(name)?.[1];
    if (k !== undefined && Number(k) !== topK) await rm(join(dir, name), { force: true });
  }
}
