import type { ModelCard } from '@churn/model';
import { ScorerError, type ScorerErrorCode, ScorerErrorCodes } from '../errors.js';
import type { ScoringColumns } from '../input-tensors.js';

/** workerData of the scoring thread. */
export interface ThreadData {
  /** Read and validated by the calling thread: the scoring thread loads no card validator. */
  readonly card: ModelCard;
  readonly modelDir: string;
  readonly intraOpNumThreads: number;
}

export type ScoringRequest =
  | ({ readonly type: 'score'; readonly id: number; readonly firstRow: number } & ScoringColumns)
  | { readonly type: 'close' };

export type ScoringReply =
  | {
      readonly type: 'ready';
      readonly loadSeconds: number;
    }
  | { readonly type: 'scores'; readonly id: number; readonly scores: Float32Array }
  | { readonly type: 'error'; readonly id: number; readonly error: ThreadError };

/** An error crossing the thread boundary: structured cloning would drop its `code`. */
export interface ThreadError {
  readonly code: string | undefined;
  readonly message: string;
  readonly row: number | undefined;
}

export function toThreadError(error: unknown): ThreadError {
  const { code, row } = (error ?? {}) as { code?: unknown; row?: unknown };
  return {
    code: typeof code === 'string' ? code : undefined,
    message: error instanceof Error ? error.message : String(error),
    row: typeof row === 'number' ? row : undefined,
  };
}

/** The thread's error as a ScorerError with its code; an uncoded one gets `fallback`. */
export function fromThreadError(error: ThreadError, fallback: ScorerErrorCode): ScorerError {
  const code =
    error.code !== undefined && Object.hasOwn(ScorerErrorCodes, error.code)
      ? (error.code as ScorerErrorCode)
      : fallback;
  return new ScorerError(code, error.message, error.row === undefined ? {} : { row: error.row });
}
