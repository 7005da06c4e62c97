import { churnErrorCode, WorkerError } from '../errors.js';
import type { FrameBatch } from './frame-batch.js';
import { PredictionStore } from './prediction-store.js';
import type { BatchScorer } from './scorer-port.js';

/**
 * Scores the frames the reader fills, two of them in turn: while onnxruntime scores one
 * (off the main thread with the scoring thread), the reader parses the next into the
 * other. Scored rows go to a PredictionStore.
 */
export class FrameScorer {
  readonly #scorer: BatchScorer;
  readonly #file: string;
  readonly #frames: readonly [FrameBatch, FrameBatch];
  #current: 0 | 1 = 0;
  #inFlight: Promise<void> = Promise.resolve();
  /** Bumped by `restart`: scores of an older generation arrive too late and are dropped. */
  #generation = 0;
  #store = new PredictionStore();

  /** `file` names a row the model refuses in the error. */
  constructor(scorer: BatchScorer, frames: readonly [FrameBatch, FrameBatch], file: string) {
    this.#scorer = scorer;
    this.#frames = frames;
    this.#file = file;
  }

  /** The frame the reader fills now. */
  get frame(): FrameBatch {
    return this.#frames[this.#current];
  }

  /** Starts scoring the current frame (after the previous one is done) and switches frames. */
  async flush(): Promise<void> {
    const frame = this.frame;
    if (frame.rows === 0) return;
    await this.#inFlight;
    const generation = this.#generation;
    this.#inFlight = this.#scorer.scoreFrame(frame.frame, 0, frame.rows).then(
      (scores) => {
        if (scores.length !== frame.rows) {
          throw new RangeError(`scorer returned ${scores.length} scores for ${frame.rows} rows`);
        }
        if (generation === this.#generation) this.#store.append(frame.scored(scores));
        frame.rows = 0;
      },
      (error: unknown) => {
        throw refusedRow(error, frame, this.#file) ?? error;
      },
    );
    this.#current = this.#current === 0 ? 1 : 0;
  }

  /** Drops everything scored or filled so far (the reader found a newer date). */
  restart(): void {
    this.#generation++;
    this.#store = new PredictionStore();
    this.frame.rows = 0;
  }

  /** Scores what is left and returns every scored row. */
  async finish(): Promise<PredictionStore> {
    await this.flush();
    await this.#inFlight;
    return this.#store;
  }

  /** Waits for a scoring call still running, ignoring its outcome (the run failed anyway). */
  async settle(): Promise<void> {
    await this.#inFlight.catch(() => undefined);
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
