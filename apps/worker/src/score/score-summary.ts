import type { Population } from '@churn/features';
import type { ScoreStats } from './score-stats.js';

/** `score_summary_{date}.json`: what a scoring run wrote, from which input and model. */
export interface ScoreSummary extends ScoreStats {
  readonly kind: 'churn-score-summary';
  readonly schemaVersion: 1;
  readonly createdAt: string;
  /** The scored as_of_date; null for --all-dates. */
  readonly asOfDate: string | null;
  readonly dates: { readonly first: string; readonly last: string; readonly count: number };
  readonly topK: number;
  readonly model: ModelName;
  readonly input: {
    readonly file: string;
    readonly fingerprint: string;
    readonly rowsRead: number;
  };
  /** Who was scored; `excludedRows` of the selected rows were outside it. */
  readonly population: ScoredPopulation;
  readonly skippedRows: number;
  /** Line numbers of the first skipped rows (at most 20). */
  readonly skippedLines: readonly number[];
  readonly outputs: readonly string[];
  /** What looks wrong but did not stop the run (fewer users than the previous run's day). */
  readonly warnings: readonly string[];
  readonly durationSeconds: number;
}

export interface ModelName {
  readonly name: string;
  readonly version: string;
}

export type ScoredPopulation = Population & { readonly excludedRows: number };
