import { join } from 'node:path';
import { writeFileAtomic } from '@churn/io';
import type { ModelParams } from '@churn/model';
import { MODEL_EVALUATION_FILE, modelEvaluation } from '@churn/report';

export interface EvaluationInput {
  readonly model: { readonly name: string; readonly version: string };
  readonly modelDir: string;
  /** The test split's labels and the model's scores of its rows. */
  readonly labels: ArrayLike<number>;
  readonly scores: ArrayLike<number>;
  readonly params: ModelParams;
  /** The training rows' categorical columns (for standardised coefficients). */
  readonly trainingCategoricals: ReadonlyMap<string, readonly string[]>;
}

/**
 * Writes evaluation.json next to the model: the curves, calibration, score distribution and
 * feature importance that its report draws (a few kB; the test scores themselves are not
 * kept). The promote step renders the report from it once the gate has decided.
 */
export async function writeModelEvaluation(input: EvaluationInput): Promise<string> {
  const evaluation = modelEvaluation(input);
  const file = join(input.modelDir, MODEL_EVALUATION_FILE);
  await writeFileAtomic(file, `${JSON.stringify(evaluation)}\n`);
  return file;
}
