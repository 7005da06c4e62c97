export { ModelError, type ModelErrorCode, ModelErrorCodes } from './errors.js';
export {
  type CardFeature,
  type CategoricalCardFeature,
  CategoricalFeatureSchema,
  MODEL_CARD_KIND,
  MODEL_CARD_SCHEMA_VERSION,
  type ModelCard,
  ModelCardSchema,
  type NumericCardFeature,
  NumericFeatureSchema,
  parseModelCard,
  readModelCard,
} from './model-card.js';
export * from './params.js';
