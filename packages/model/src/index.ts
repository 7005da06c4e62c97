export { ModelError, type ModelErrorCode, ModelErrorCodes } from './errors.js';
export {
  type CardFeature,
  type CategoricalCardFeature,
  CategoricalFeatureSchema,
  MODEL_CARD_FILE,
  MODEL_CARD_KIND,
  MODEL_CARD_SCHEMA_VERSION,
  type ModelCard,
  ModelCardSchema,
  type NumericCardFeature,
  NumericFeatureSchema,
  ONNX_CATEGORICAL_INPUT,
  ONNX_FILE,
  ONNX_NUMERIC_INPUT,
  ONNX_OUTPUT_NAME,
  parseModelCard,
  readModelCard,
} from './model-card.js';
export * from './params.js';
