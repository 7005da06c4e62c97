/**
 * Training and evaluation (`@churn/model/train`): the time split, logistic
 * regression, histogram gradient boosting, the reference prediction and metrics.
 */
export type { FeatureFrame } from '@churn/features';
export { type ImbalanceStrategy, sampleWeights } from './class-weight.js';
export type { EarlyStoppingOptions, EarlyStoppingScoring } from './early-stopping.js';
export { TrainError, type TrainErrorCode, TrainErrorCodes } from './errors.js';
export {
  type GradientBoostingOptions,
  type GradientBoostingReport,
  trainGradientBoosting,
} from './gradient-boosting.js';
export {
  type LogisticRegressionOptions,
  type LogisticRegressionReport,
  trainLogisticRegression,
} from './logistic-regression.js';
export {
  averagePrecision,
  type BinaryMetrics,
  binaryMetrics,
  type ConfusionMatrix,
  confusionMatrix,
  rocAuc,
  scoreLevels,
} from './metrics.js';
export { predictProba, predictProbaOnThreads, sigmoid } from './predict.js';
export { fitInputSchema, type InputSchema, NUMERIC_IMPUTE_VALUE } from './preprocess.js';
export { Random, splitmix32 } from './random.js';
export { randomRows, stratifiedHoldout, userHoldout } from './random-sample.js';
export { splitFrame, type TimeSplit, timeSplit } from './split.js';
export {
  gradientBoostingOptions,
  logisticRegressionOptions,
  type TrainingSettings,
} from './training-settings.js';
