import type { ModelCard } from '@churn/model';
import type { ScorableFrame } from './input-tensors.js';

/**
 * What every scorer offers, in process or in a worker thread. In its own file so that the
 * implementations import it without importing each other.
 */
export interface ScorerOptions {
  /**
   * onnxruntime intra-op threads per run (default 1: the API runs many small
   * requests concurrently, where one thread each is fastest; the worker may use more).
   */
  readonly intraOpNumThreads?: number;
}

export interface Scorer {
  readonly card: ModelCard;
  readonly name: string;
  readonly version: string;
  readonly loadedAt: Date;
  /** Wall time of loadScorer: card, checksum and session creation. */
  readonly loadSeconds: number;
  /** P(churn) per record, in one onnxruntime run. */
  scoreRecords(records: ReadonlyArray<Readonly<Record<string, unknown>>>): Promise<Float32Array>;
  /** P(churn) for rows start..end-1 (default: all) of a columnar frame, in one run. */
  scoreFrame(frame: ScorableFrame, start?: number, end?: number): Promise<Float32Array>;
  /** Waits for runs in flight, then frees the session. Further scoring fails. */
  close(): Promise<void>;
}
