import { join } from 'node:path';
import { MODEL_CARD_FILE, type ModelCard, ModelError, readModelCard } from '@churn/model';
import { ScorerError } from './errors.js';
import { type OnnxScorer, openOnnxScorer } from './onnx-session.js';
import type { Scorer, ScorerOptions } from './scorer-interface.js';

/**
 * Loads the model in `modelDir` (model-card.json + the ONNX file it names): validates
 * the card, checks the ONNX sha256 against it, and creates an onnxruntime session
 * whose inputs and output must match the card. onnxruntime is imported on the first load.
 *
 * @example
 * const scorer = await loadScorer(production.modelDir);
 * const [risk] = await scorer.scoreRecords([{ plan: 'paid', days_since_signup: 12 }]);
 */
export async function loadScorer(modelDir: string, options: ScorerOptions = {}): Promise<Scorer> {
  const started = performance.now();
  return openOnnxScorer(await loadCard(modelDir), modelDir, options, started);
}

/** The model card of `modelDir`, validated; a missing or invalid one is a ScorerError. */
export async function loadCard(modelDir: string): Promise<ModelCard> {
  try {
    return await readModelCard(join(modelDir, MODEL_CARD_FILE));
  } catch (error) {
    if (error instanceof ModelError && error.code === 'CHURN_ERR_MODEL_CARD_NOT_FOUND') {
      throw new ScorerError('CHURN_ERR_SCORER_MODEL_NOT_FOUND', `no model in ${modelDir}`, {
        cause: error,
      });
    }
    throw new ScorerError('CHURN_ERR_SCORER_CARD_INVALID', `invalid model card in ${modelDir}`, {
      cause: error,
    });
  }
}

export type { OnnxScorer };
