export { ScorerError, type ScorerErrorCode, ScorerErrorCodes } from './errors.js';
export type { ScorableFrame } from './input-tensors.js';
export { loadScorer } from './scorer.js';
export type { Scorer, ScorerOptions } from './scorer-interface.js';
