import type { FeatureFrame } from '@churn/features';

/**
 * What the worker needs from a scorer: the structural subset of @churn/scorer's
 * `Scorer`, so scoring can be tested with any model.
 */
export interface BatchScorer {
  readonly name: string;
  readonly version: string;
  readonly card: {
    readonly features: ReadonlyArray<{
      readonly name: string;
      readonly type: 'numeric' | 'categorical';
    }>;
  };
  scoreFrame(frame: FeatureFrame, start?: number, end?: number): Promise<Float32Array>;
}
