import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Population } from '@churn/features';
import { WorkerError } from '../errors.js';
import { OutputSet } from '../output-set.js';
import type { PredictionStore } from './prediction-store.js';
import type { ScoreRequest } from './score-features.js';
import { type ScoreStats, scoreStats } from './score-stats.js';

export interface ScoreSummary extends ScoreStats {
  readonly kind: 'churn-score-summary';
  readonly schemaVersion: 1;
  readonly createdAt: string;
  /** The scored as_of_date; null for --all-dates. */
  readonly asOfDate: string | null;
  readonly dates: { readonly first: string; readonly last: string; readonly count: number };
  readonly topK: number;
  readonly model: { readonly name: string; readonly version: string };
  readonly input: {
    readonly file: string;
    readonly fingerprint: string;
    readonly rowsRead: number;
  };
  /** Who was scored; `excludedRows` of the selected rows were outside it. */
  readonly population: Population & { readonly excludedRows: number };
  readonly skippedRows: number;
  /** Line numbers of the first skipped rows (at most 20). */
  readonly skippedLines: readonly number[];
  readonly outputs: readonly string[];
  /** What looks wrong but did not stop the run (fewer users than the previous run's day). */
  readonly warnings: readonly string[];
  readonly durationSeconds: number;
}

const SUMMARY_KIND = 'churn-score-summary';
const MAX_LINES_LISTED = 20;
export interface OutputContext {
  readonly request: ScoreRequest;
  readonly model: { readonly name: string; readonly version: string };
  /** null for --all-dates */
  readonly asOfDate: string | null;
  readonly writeLatest: boolean;
  readonly skippedLines: readonly number[];
  readonly warnings: readonly string[];
  readonly rowsRead: number;
  readonly population: Population & { readonly excludedRows: number };
  readonly fingerprint: Promise<string>;
  /** performance.now() when the run started */
  readonly started: number;
}

/**
 * Ranks the scored rows and writes predictions, top-K, the latest copy (when
 * asked) and the summary, all-or-nothing: temp files are renamed only when
 * every one is written, and removed when anything fails or the run is aborted.
 */
export async function writeScoreOutputs(
  store: PredictionStore,
  context: OutputContext,
): Promise<ScoreSummary> {
  const { request, asOfDate, writeLatest, skippedLines } = context;
  const label = asOfDate ?? 'all';
  const files = {
    predictions: join(request.outDir, `predictions_${label}.csv`),
    top: join(request.outDir, `churn_top_${request.topK}_${label}.csv`),
    latest: join(request.outDir, 'predictions_latest.csv'),
    summary: join(request.metricsDir, `score_summary_${label}.json`),
  };
  const dates = store.dates();
  const outputs = new OutputSet();
  try {
    const ranked = store.rank();
    await outputs.write(files.predictions, store.csv(ranked));
    await outputs.write(files.top, store.csv(ranked, request.topK));
    if (writeLatest) await outputs.copy(files.predictions, files.latest);
    const summary: ScoreSummary = {
      kind: SUMMARY_KIND,
      schemaVersion: 1,
      createdAt: new Date().toISOString(),
      asOfDate,
      dates: { first: dates[0]!, last: dates[dates.length - 1]!, count: dates.length },
      ...scoreStats(store.scores, request.highRiskThreshold),
      topK: request.topK,
      model: context.model,
      input: {
        file: request.input,
        fingerprint: await context.fingerprint,
        rowsRead: context.rowsRead,
      },
      population: context.population,
      skippedRows: skippedLines.length,
      skippedLines: skippedLines.slice(0, MAX_LINES_LISTED),
      outputs: [
        files.predictions,
        files.top,
        ...(writeLatest ? [files.latest] : []),
        files.summary,
      ],
      warnings: context.warnings,
      durationSeconds: (performance.now() - context.started) / 1000,
    };
    await outputs.write(files.summary, [`${JSON.stringify(summary, null, 2)}\n`]);
    if (request.signal?.aborted) {
      throw new WorkerError('CHURN_ERR_JOB_ABORTED', 'scoring was aborted before it finished');
    }
    await outputs.commit();
    await removeOtherTopFiles(request.outDir, label, request.topK);
    return summary;
  } finally {
    await outputs.abort();
  }
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
