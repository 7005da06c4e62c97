import type { ModelCard } from '@churn/model';

/** workerData of the scoring thread. */
export interface ThreadData {
  readonly modelDir: string;
  readonly intraOpNumThreads: number;
}

export type ScoringRequest =
  | {
      readonly type: 'score';
      readonly id: number;
      readonly rows: number;
      readonly numeric: Array<[string, Float64Array]>;
      readonly categorical: Array<[string, string[]]>;
    }
  | { readonly type: 'close' };

export type ScoringReply =
  | {
      readonly type: 'ready';
      readonly name: string;
      readonly version: string;
      readonly card: ModelCard;
    }
  | { readonly type: 'scores'; readonly id: number; readonly scores: Float32Array }
  | { readonly type: 'error'; readonly id: number; readonly error: ThreadError };

/** An error crossing the thread boundary: structured cloning would drop its `code`. */
export interface ThreadError {
  readonly code: string | undefined;
  readonly message: string;
}

export function toThreadError(error: unknown): ThreadError {
  const code = (error as { code?: unknown } | null)?.code;
  return {
    code: typeof code === 'string' ? code : undefined,
    message: error instanceof Error ? error.message : String(error),
  };
}
