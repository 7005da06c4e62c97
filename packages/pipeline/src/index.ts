export {
  PipelineError,
  type PipelineErrorCode,
  PipelineErrorCodes,
  type ValidationCode,
  ValidationCodes,
} from './errors.js';
export { generateSyntheticData, type SyntheticDataOptions } from './generate/synthetic-data.js';
export {
  DAILY_GRID,
  FEATURE_GRID,
  Handoff,
  type HandoffKey,
  RAW_TABLES,
  TRAINING_SET,
} from './handoff.js';
export { type ModelSummary, type ModelSummaryRow, readModelSummary } from './model-summary.js';
export { formatProblem, ProblemList, type ValidationProblem } from './raw/problems.js';
export { type RawTables, readRawTables } from './raw/read-raw-tables.js';
export { writeRawTables } from './raw/write-raw.js';
export { type RetrainReport, retrain } from './retrain.js';
export {
  isStepName,
  type RunOptions,
  type RunReporter,
  runPipeline,
  type StepRecord,
  selectSteps,
} from './runner.js';
export * from './step.js';
export { PIPELINE_STEPS } from './step-list.js';
