import type { ServingCard, ServingFeature } from './model-source.js';

/** Longest categorical value accepted; real categories are short words. */
const MAX_CATEGORY_LENGTH = 200;
/** Longest user_id accepted when it is a string. */
const MAX_USER_ID_LENGTH = 128;
/**
 * The largest finite float32. The model reads numeric features as float32, where anything
 * larger (1e39, or 1e309, which JSON.parse already turns into Infinity) becomes ±Infinity and
 * the probability NaN: such values are refused at the edge.
 */
export const FLOAT32_MAX = 3.4028234663852886e38;
export const FLOAT32_RANGE_MESSAGE =
  'must be a finite number within float32 range (at most 3.4e38 in magnitude)';

/** Whether a number survives the model's float32 input: finite and at most FLOAT32_MAX in magnitude. */
export function fitsFloat32(value: number): boolean {
  return Math.abs(value) <= FLOAT32_MAX;
}

export type JsonSchema = Record<string, unknown>;

function featureSchema(feature: ServingFeature): JsonSchema {
  if (feature.type === 'categorical') {
    return {
      type: ['string', 'null'],
      maxLength: MAX_CATEGORY_LENGTH,
      description: `categorical; known: ${feature.categories.join(', ') || '(none)'}; null or absent: "${feature.default}"; other values count as unknown`,
    };
  }
  return {
    type: ['number', 'null'],
    minimum: -FLOAT32_MAX,
    maximum: FLOAT32_MAX,
    description: 'numeric, finite, within float32 range; null or absent: imputed by the model',
  };
}

/**
 * The JSON schema of the `features` object for one model card: every feature with its type.
 * In strict mode a feature the model does not use fails validation.
 *
 * @example
 * featuresSchema(card, false).properties.plan; // => { type: ['string', 'null'], ... }
 */
export function featuresSchema(card: ServingCard, strict: boolean): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const feature of card.features) properties[feature.name] = featureSchema(feature);
  return {
    type: 'object',
    description: `features of model ${card.version}; absent ones take the model's defaults`,
    properties,
    additionalProperties: !strict,
  };
}

/** The documented schema before any model is loaded: any feature name, any scalar. */
export const unknownFeaturesSchema: JsonSchema = {
  type: 'object',
  description: 'no model is loaded yet: the feature list appears here once one is',
  additionalProperties: { type: ['number', 'string', 'null'] },
};

/** `{user_id, snapshot_date?, features}`: the original's /predict body. */
export function predictRowSchema(features: JsonSchema): JsonSchema {
  return {
    type: 'object',
    required: ['user_id', 'features'],
    properties: {
      user_id: {
        // Bounded: an unbounded "integer" lets ±1e309 (Infinity) through to the serialiser.
        anyOf: [
          {
            type: 'integer',
            minimum: Number.MIN_SAFE_INTEGER,
            maximum: Number.MAX_SAFE_INTEGER,
          },
          { type: 'string', minLength: 1, maxLength: MAX_USER_ID_LENGTH },
        ],
      },
      snapshot_date: { type: 'string', format: 'date', description: 'a calendar day, YYYY-MM-DD' },
      features,
    },
  };
}

/** `{rows: [...]}` with at most `limit` rows, each matching `row` (a predictRowSchema or a `$ref` to one). */
export function batchSchema(row: JsonSchema, limit: number): JsonSchema {
  return {
    type: 'object',
    required: ['rows'],
    properties: {
      rows: { type: 'array', minItems: 1, maxItems: limit, items: row },
    },
  };
}
