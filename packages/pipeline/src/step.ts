import type { ResolvedConfig } from '@churn/config';
import type { BackgroundCsvWriter } from '@churn/io';
import type { Handoff } from './handoff.js';

/** The pipeline's steps, in the order they run. */
export const STEP_NAMES = [
  'generate',
  'validate',
  'prepare',
  'features',
  'labels',
  'train',
  'promote',
] as const;

export type StepName = (typeof STEP_NAMES)[number];

/** Reports progress of a long step: a bar on a terminal, nothing in CI. */
export interface Progress {
  /** Starts (or restarts) a phase of `total` units, e.g. rows or boosting iterations. */
  start(label: string, total: number): void;
  /** Sets how many units of the current phase are done. */
  update(done: number): void;
}

export interface StepContext {
  readonly config: ResolvedConfig;
  /** One human-readable line; the runner prefixes the step name. */
  readonly log: (message: string) => void;
  readonly progress: Progress;
  /**
   * In-memory data from the previous steps of this run (absent or empty when a step runs
   * alone): take it when there, else read the files.
   */
  readonly handoff?: Handoff;
  /**
   * Writes a step's large tables on a thread of their own while the next steps run. The
   * runner waits for every file before the run ends and stops the run when one fails.
   */
  readonly writer: BackgroundCsvWriter;
}

/** What a step reports back: a one-line summary and numbers for the final table. */
export interface StepResult {
  readonly summary: string;
  readonly outputs: readonly string[];
}

export interface Step {
  readonly name: StepName;
  readonly description: string;
  run(context: StepContext): Promise<StepResult>;
}
