export { buildWorkerApp, type WorkerAppOptions } from './app.js';
export { parseWorkerArgs, type WorkerCommand } from './cli/args.js';
export { checkDrift, type DriftReport, type DriftRequest } from './drift/drift-check.js';
export { WorkerError, type WorkerErrorCode, WorkerErrorCodes } from './errors.js';
export { type ProductionModels, productionModels } from './production-models.js';
export { type ScoreRequest, scoreFeatures } from './score/score-features.js';
export type { ScoreSummary } from './score/score-summary.js';
export { createTasks, type WorkerTasks } from './tasks.js';
