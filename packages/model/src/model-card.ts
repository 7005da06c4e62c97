import { readFile } from 'node:fs/promises';
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';
import { ModelError } from './errors.js';

/**
 * The model card: the JSON file next to `model.onnx` that says what the model is,
 * which inputs it takes (names, types, defaults, vocabularies), how good it was and
 * which data trained it. Loaders refuse a card whose `kind` or `schemaVersion` they
 * do not know, so an old reader never misreads a newer card.
 */
export const MODEL_CARD_KIND = 'churn-model-card';
/** 2: the ONNX graph takes two matrix inputs (`onnx.inputs[].columns`), not one input per feature. */
export const MODEL_CARD_SCHEMA_VERSION = 2;

/** The card's file in a model folder; the ONNX file beside it is the one the card names. */
export const MODEL_CARD_FILE = 'model-card.json';
/** The ONNX file the exporter writes and names in the card (`onnx.file`). */
export const ONNX_FILE = 'model.onnx';
/** The graph's output, one probability a row (`onnx.output.name`). */
export const ONNX_OUTPUT_NAME = 'churn_probability';
/** The graph's two inputs: every categorical feature in one string matrix, every numeric one in a float matrix. */
export const ONNX_CATEGORICAL_INPUT = 'categorical';
export const ONNX_NUMERIC_INPUT = 'numeric';

const NonEmpty = Type.String({ minLength: 1 });
const Shape = Type.Array(Type.Integer(), { minItems: 1 });

export const CategoricalFeatureSchema = Type.Object({
  name: NonEmpty,
  type: Type.Literal('categorical'),
  /** Value sent for an absent feature ("missing"). */
  default: Type.String(),
  /** Vocabulary seen in training; anything else is an unknown category. */
  categories: Type.Array(Type.String()),
});

export const NumericFeatureSchema = Type.Object({
  name: NonEmpty,
  type: Type.Literal('numeric'),
  /** Value an absent or NaN input takes inside the graph (the training imputation). */
  default: Type.Number(),
});

export const ModelCardSchema = Type.Object({
  kind: Type.Literal(MODEL_CARD_KIND),
  schemaVersion: Type.Literal(MODEL_CARD_SCHEMA_VERSION),
  name: NonEmpty,
  version: NonEmpty,
  algorithm: Type.Union([
    Type.Literal('logistic_regression'),
    Type.Literal('hist_gradient_boosting'),
  ]),
  createdAt: NonEmpty,
  onnx: Type.Object({
    file: NonEmpty,
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    irVersion: Type.Integer({ minimum: 1 }),
    opsets: Type.Array(
      Type.Object({ domain: Type.String(), version: Type.Integer({ minimum: 1 }) }),
    ),
    /**
     * At most one string matrix (the categorical features) and one float32 matrix (the
     * numeric ones, NaN = missing), shape [-1, columns.length]; `columns` names the
     * features column by column, in the order they appear in `features`.
     */
    inputs: Type.Array(
      Type.Object({
        name: NonEmpty,
        type: Type.Union([Type.Literal('string'), Type.Literal('float32')]),
        shape: Shape,
        columns: Type.Array(NonEmpty, { minItems: 1 }),
      }),
      { minItems: 1, maxItems: 2 },
    ),
    output: Type.Object({ name: NonEmpty, type: Type.Literal('float32'), shape: Shape }),
  }),
  features: Type.Array(Type.Union([CategoricalFeatureSchema, NumericFeatureSchema]), {
    minItems: 1,
  }),
  threshold: Type.Number({ minimum: 0, maximum: 1 }),
  primaryMetric: NonEmpty,
  /** Evaluation metrics on the test split; `metrics[primaryMetric]` is a number. */
  metrics: Type.Record(Type.String(), Type.Unknown()),
  trainingData: Type.Object({
    fingerprint: Type.String({ pattern: '^sha256:[0-9a-f]{64}$' }),
    rows: Type.Integer({ minimum: 0 }),
    trainRows: Type.Integer({ minimum: 0 }),
    testRows: Type.Integer({ minimum: 0 }),
    fromDate: Type.String(),
    toDate: Type.String(),
  }),
});

export type ModelCard = Static<typeof ModelCardSchema>;
export type CardFeature = ModelCard['features'][number];
export type CategoricalCardFeature = Static<typeof CategoricalFeatureSchema>;
export type NumericCardFeature = Static<typeof NumericFeatureSchema>;

/**
 * Validates a model card (a JSON string or a parsed value) and returns it typed.
 * Throws a `ModelError` with code CHURN_ERR_MODEL_CARD_KIND, _SCHEMA_VERSION or _INVALID.
 *
 * @example
 * const card = parseModelCard(await readFile('model-card.json', 'utf8'));
 */
export function parseModelCard(json: unknown): ModelCard {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (cause) {
      throw new ModelError('CHURN_ERR_MODEL_CARD_INVALID', 'model card is not valid JSON', {
        cause,
      });
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ModelError('CHURN_ERR_MODEL_CARD_INVALID', 'model card is not a JSON object');
  }
  const { kind, schemaVersion } = value as Record<string, unknown>;
  if (kind !== MODEL_CARD_KIND) {
    throw new ModelError(
      'CHURN_ERR_MODEL_CARD_KIND',
      `not a model card: kind is ${JSON.stringify(kind)}, expected "${MODEL_CARD_KIND}"`,
    );
  }
  if (schemaVersion !== MODEL_CARD_SCHEMA_VERSION) {
    throw new ModelError(
      'CHURN_ERR_MODEL_CARD_SCHEMA_VERSION',
      `model card schemaVersion ${JSON.stringify(schemaVersion)} is not supported (this reader knows ${MODEL_CARD_SCHEMA_VERSION})`,
    );
  }
  const issues = [...Value.Errors(ModelCardSchema, value)].map(
    (error) => `${error.instancePath || '(root)'}: ${error.message}`,
  );
  if (issues.length === 0) issues.push(...semanticIssues(value as ModelCard));
  if (issues.length > 0) {
    throw new ModelError('CHURN_ERR_MODEL_CARD_INVALID', 'invalid model card', {
      issues: [...new Set(issues)],
    });
  }
  return value as ModelCard;
}

/** Reads and validates `file`; a missing file is CHURN_ERR_MODEL_CARD_NOT_FOUND. */
export async function readModelCard(file: string): Promise<ModelCard> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ModelError('CHURN_ERR_MODEL_CARD_NOT_FOUND', `cannot read model card ${file}`, {
      cause,
    });
  }
  return parseModelCard(text);
}

/** Rules the schema cannot state: inputs match features, names unique, the primary metric present. */
function semanticIssues(card: ModelCard): string[] {
  const issues: string[] = [];
  const names = card.features.map((feature) => feature.name);
  if (new Set(names).size !== names.length) issues.push('/features: duplicate feature names');
  for (const type of ['string', 'float32'] as const) {
    const featureType = type === 'string' ? 'categorical' : 'numeric';
    const expected = card.features
      .filter((feature) => feature.type === featureType)
      .map((feature) => feature.name);
    const inputs = card.onnx.inputs.filter((input) => input.type === type);
    const input = inputs[0];
    if (inputs.length > 1) issues.push(`/onnx/inputs: more than one ${type} input`);
    if (expected.length === 0 && input) {
      issues.push(`/onnx/inputs: a ${type} input but no ${featureType} feature`);
    }
    if (expected.length > 0 && input?.columns.join('\n') !== expected.join('\n')) {
      issues.push(
        `/onnx/inputs: the ${type} input must list the ${featureType} features as its columns, in the same order`,
      );
    }
    if (input && (input.shape.length !== 2 || input.shape[1] !== input.columns.length)) {
      issues.push(`/onnx/inputs: ${input.name} must have shape [-1, ${input.columns.length}]`);
    }
  }
  const primary = card.metrics[card.primaryMetric];
  if (typeof primary !== 'number' || !Number.isFinite(primary)) {
    issues.push(`/metrics/${card.primaryMetric}: the primary metric must be a finite number`);
  }
  return issues;
}
