export { ScorerError, type ScorerErrorCode, ScorerErrorCodes } from './errors.js';
export type { ScorableFrame } from './input-tensors.js';
export { loadScorer, MODEL_CARD_FILE, type Scorer, type ScorerOptions } from './scorer.js';
