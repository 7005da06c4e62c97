export * from './columns.js';
export { buildDailyGrid, type DailyGrid } from './daily-grid.js';
export { FeaturesError, type FeaturesErrorCode, FeaturesErrorCodes } from './errors.js';
export { type FeatureFrame, frameCsvColumns, selectRows } from './frame.js';
export { toDailyGrid } from './grid-order.js';
export { churnLabels, type Labels } from './labels.js';
export {
  describePopulation,
  inPopulation,
  POPULATION_COLUMN,
  type Population,
  type PopulationKind,
} from './population.js';
export * from './psi.js';
export * from './psi-categorical.js';
export type { EventTable, UserTable } from './raw-tables.js';
export { type ReadFeatureFrameOptions, readFeatureFrame } from './read-feature-frame.js';
export * from './reference-profile.js';
export { rollingFeatures } from './rolling-features.js';
export { joinTrainingSet } from './training-set.js';
