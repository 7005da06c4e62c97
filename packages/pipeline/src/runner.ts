import type { ResolvedConfig } from '@churn/config';
import { BackgroundCsvWriter } from '@churn/io';
import { PipelineError } from './errors.js';
import { Handoff } from './handoff.js';
import { type Progress, STEP_NAMES, type Step, type StepName, type StepResult } from './step.js';

/** What the runner tells about its progress; the CLI draws it, tests record it. */
export interface RunReporter {
  stepStarted(step: Step, index: number, count: number): void;
  stepFinished(step: Step, result: StepResult, seconds: number): void;
  stepFailed(step: Step, error: unknown, seconds: number): void;
  log(step: Step, message: string): void;
  readonly progress: Progress;
}

export interface RunOptions {
  readonly config: ResolvedConfig;
  /** The steps available, in any order; the pipeline order is STEP_NAMES. */
  readonly steps: readonly Step[];
  /** Start at this step (and run the rest). */
  readonly from?: StepName;
  /** Run only this step. */
  readonly only?: StepName;
  readonly reporter?: RunReporter;
  /** Hand data between consecutive steps in memory (default true). */
  readonly handoff?: boolean;
}

export interface StepRecord {
  readonly name: StepName;
  readonly seconds: number;
  readonly result: StepResult;
}

export function isStepName(name: string): name is StepName {
  return (STEP_NAMES as readonly string[]).includes(name);
}

/**
 * The steps a run executes, in order. A step that this build lacks is an error when named
 * by --only or --from, and is left out (with a note) of a full run.
 */
export function selectSteps(
  steps: readonly Step[],
  options: Pick<RunOptions, 'from' | 'only'>,
): { run: Step[]; missing: StepName[] } {
  const byName = new Map(steps.map((step) => [step.name, step]));
  const named = options.only ?? options.from;
  if (named !== undefined && !byName.has(named)) {
    throw new PipelineError(
      'CHURN_ERR_STEP_UNAVAILABLE',
      `step ${named} is not available in this build`,
    );
  }
  const wanted = options.only
    ? [options.only]
    : STEP_NAMES.slice(options.from ? STEP_NAMES.indexOf(options.from) : 0);
  return {
    run: wanted.flatMap((name) => byName.get(name) ?? []),
    missing: wanted.filter((name) => !byName.has(name)),
  };
}

const silentProgress: Progress = { start() {}, update() {} };

/**
 * Runs the selected steps in order in this process. The first failure stops the run (so
 * nothing downstream of a failed validate runs) and is rethrown. Tables the steps write in
 * the background are in place when it returns; a failed one stops the run before the next
 * step, or fails it at the end.
 */
export async function runPipeline(options: RunOptions): Promise<StepRecord[]> {
  const { run } = selectSteps(options.steps, options);
  const handoff = options.handoff === false ? undefined : new Handoff();
  const writer = new BackgroundCsvWriter();
  const records: StepRecord[] = [];
  try {
    for (const [index, step] of run.entries()) {
      if (writer.failure) throw writer.failure;
      options.reporter?.stepStarted(step, index, run.length);
      const started = performance.now();
      try {
        const result = await step.run({
          config: options.config,
          log: (message) => options.reporter?.log(step, message),
          progress: options.reporter?.progress ?? silentProgress,
          writer,
          ...(handoff ? { handoff } : {}),
        });
        const seconds = (performance.now() - started) / 1000;
        options.reporter?.stepFinished(step, result, seconds);
        records.push({ name: step.name, seconds, result });
      } catch (error) {
        options.reporter?.stepFailed(step, error, (performance.now() - started) / 1000);
        throw error;
      }
    }
    await writer.flush();
  } finally {
    handoff?.clear();
    // A failed write was thrown by flush (or by the check before a step); after a step's
    // own failure, the files already queued are finished or removed before returning.
    await writer.close().catch(() => undefined);
  }
  return records;
}
