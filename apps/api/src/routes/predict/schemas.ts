import { errorBodySchema } from '../../errors.js';
import { batchSchema, predictRowSchema } from '../../model/feature-schema.js';
import { featuresPlaceholder } from '../../plugins/external/swagger.js';

export const modelRefSchema = {
  type: 'object',
  required: ['name', 'version'],
  properties: { name: { type: 'string' }, version: { type: 'string' } },
} as const;

const ignoredFeaturesSchema = {
  type: 'array',
  items: { type: 'string' },
  description: 'features in the request that the model does not use',
} as const;

const predictionProperties = {
  user_id: { type: ['integer', 'string'] },
  snapshot_date: { type: 'string' },
  churn_risk: {
    type: 'number',
    minimum: 0,
    maximum: 1,
    description: 'P(churn in the next 30 days)',
  },
} as const;

export const errorResponses = {
  400: errorBodySchema,
  413: errorBodySchema,
  415: errorBodySchema,
  422: errorBodySchema,
  500: errorBodySchema,
  503: errorBodySchema,
} as const;

/**
 * The documented body. Validation does not use it: each model compiles its own validator
 * (LoadedModel), and the served OpenAPI document swaps the placeholder for that model's features.
 */
export const predictBodyDoc = predictRowSchema(featuresPlaceholder);

export function batchBodyDoc(limit: number) {
  return batchSchema(predictRowSchema(featuresPlaceholder), limit);
}

export const predictResponse = {
  200: {
    type: 'object',
    required: ['user_id', 'churn_risk', 'model', 'ignored_features'],
    properties: {
      ...predictionProperties,
      model: modelRefSchema,
      ignored_features: ignoredFeaturesSchema,
    },
  },
  ...errorResponses,
} as const;

export const batchResponse = {
  200: {
    type: 'object',
    required: ['predictions', 'model', 'ignored_features'],
    properties: {
      predictions: {
        type: 'array',
        items: {
          type: 'object',
          required: ['user_id', 'churn_risk'],
          properties: predictionProperties,
        },
      },
      model: modelRefSchema,
      ignored_features: ignoredFeaturesSchema,
    },
  },
  ...errorResponses,
} as const;

/** Body validation happens in the handler against the served model; fastify only parses JSON. */
export const skipBodyValidation = () => () => true;
