import { Cron } from 'croner';

export interface Schedule {
  /** Next planned run, or null when stopped. */
  nextRun(): Date | null;
  /** The longest gap between the next few runs, in seconds: how old a last success may get. */
  longestGapSeconds(): number | null;
  stop(): void;
}

/** Enough runs to see a weekly pattern's longest gap in a daily one ("0 2 * * 1-5"). */
const GAP_LOOKAHEAD_RUNS = 8;

/**
 * Calls `tick` on the cron `pattern` (5 or 6 fields, croner syntax). croner's
 * `protect` skips a tick while the previous one still runs; the job runner
 * additionally refuses to overlap with on-demand jobs. Throws on a bad pattern.
 */
export function startSchedule(
  pattern: string,
  tick: () => Promise<void>,
  onError: (error: unknown) => void,
): Schedule {
  const job = new Cron(pattern, { protect: true, catch: (error) => onError(error) }, tick);
  return {
    nextRun: () => job.nextRun(),
    longestGapSeconds() {
      const runs = job.nextRuns(GAP_LOOKAHEAD_RUNS).map((run) => run.getTime());
      let longest: number | null = null;
      for (let i = 1; i < runs.length; i++) {
        const gap = ((runs[i] as number) - (runs[i - 1] as number)) / 1000;
        if (longest === null || gap > longest) longest = gap;
      }
      return longest;
    },
    stop: () => job.stop(),
  };
}
