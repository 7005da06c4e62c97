import { Cron } from 'croner';

export interface Schedule {
  /** Next planned run, or null when stopped. */
  nextRun(): Date | null;
  stop(): void;
}

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
  return { nextRun: () => job.nextRun(), stop: () => job.stop() };
}
