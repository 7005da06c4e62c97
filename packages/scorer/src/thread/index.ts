export { ThreadedScorer, type ThreadedScorerOptions } from './threaded-scorer.js';
