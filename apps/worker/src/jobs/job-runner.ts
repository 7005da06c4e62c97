import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { churnErrorCode } from '../errors.js';

export const JOB_KINDS = ['score', 'drift', 'retrain', 'accuracy', 'scheduled'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export type JobTrigger = 'api' | 'schedule';
export type JobStatus = 'running' | 'succeeded' | 'failed';

export interface JobRecord {
  readonly id: string;
  readonly kind: JobKind;
  readonly trigger: JobTrigger;
  readonly params: Readonly<Record<string, unknown>>;
  status: JobStatus;
  readonly startedAt: string;
  finishedAt: string | null;
  durationSeconds: number | null;
  result: unknown;
  error: { code: string; message: string } | null;
}

export type JobExecutor = (
  kind: JobKind,
  params: Readonly<Record<string, unknown>>,
  signal: AbortSignal,
) => Promise<unknown>;

export interface JobEvents {
  started?(job: JobRecord): void;
  finished?(job: JobRecord, error: unknown): void;
  rejected?(kind: JobKind, trigger: JobTrigger): void;
}

/**
 * Runs one job at a time. A job asked for while another runs is rejected
 * (`start` returns null): the caller answers 409, a schedule tick is counted
 * as rejected. Keeps the last `keep` finished records for GET /jobs/:id.
 */
export class JobRunner {
  readonly #records = new Map<string, JobRecord>();
  #running: { record: JobRecord; done: Promise<void>; abort: AbortController } | null = null;
  #closed = false;

  constructor(
    private readonly execute: JobExecutor,
    private readonly events: JobEvents = {},
    private readonly keep = 100,
  ) {}

  get running(): JobRecord | null {
    return this.#running?.record ?? null;
  }

  get(id: string): JobRecord | undefined {
    return this.#records.get(id);
  }

  /** Starts a job, or returns null when one is running or the runner is closed. */
  start(
    kind: JobKind,
    params: Readonly<Record<string, unknown>>,
    trigger: JobTrigger,
  ): { record: JobRecord; done: Promise<void> } | null {
    if (this.#running || this.#closed) {
      this.events.rejected?.(kind, trigger);
      return null;
    }
    const record: JobRecord = {
      id: randomUUID(),
      kind,
      trigger,
      params,
      status: 'running',
      startedAt: new Date().toISOString(),
      finishedAt: null,
      durationSeconds: null,
      result: null,
      error: null,
    };
    this.#records.set(record.id, record);
    this.#prune();
    const abort = new AbortController();
    const started = performance.now();
    this.events.started?.(record);
    const done = this.execute(kind, params, abort.signal).then(
      (result) => this.#finish(record, started, result, null),
      (error: unknown) => this.#finish(record, started, null, error),
    );
    this.#running = { record, done, abort };
    return { record, done };
  }

  /**
   * Refuses new jobs and waits for the running one up to `timeoutMs`; past the
   * deadline it aborts the job (which removes its temp files) and waits for it
   * to stop. Returns true when the job finished before the deadline.
   */
  async close(timeoutMs: number): Promise<boolean> {
    this.#closed = true;
    const running = this.#running;
    if (!running) return true;
    const timer = new AbortController();
    const inTime = await Promise.race([
      running.done.then(() => true),
      delay(timeoutMs, false, { signal: timer.signal }).catch(() => false),
    ]);
    timer.abort();
    if (inTime) return true;
    running.abort.abort();
    await running.done;
    return false;
  }

  #finish(record: JobRecord, started: number, result: unknown, error: unknown): void {
    record.durationSeconds = (performance.now() - started) / 1000;
    record.finishedAt = new Date().toISOString();
    record.status = error ? 'failed' : 'succeeded';
    record.result = result;
    const code = error ? churnErrorCode(error) : null;
    record.error = !error
      ? null
      : code
        ? { code, message: (error as Error).message }
        : { code: 'CHURN_ERR_JOB_FAILED', message: 'the job failed; see the worker log' };
    this.#running = null;
    this.events.finished?.(record, error);
  }

  #prune(): void {
    for (const [id, record] of this.#records) {
      if (this.#records.size <= this.keep) break;
      if (record.status !== 'running') this.#records.delete(id);
    }
  }
}
