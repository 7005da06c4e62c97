import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { ApiError, type ErrorDetail } from '../errors.js';
import {
  batchSchema,
  FLOAT32_MAX,
  FLOAT32_RANGE_MESSAGE,
  type JsonSchema,
  predictRowSchema,
} from './feature-schema.js';
import type { BatchBody, PredictRow } from './prediction.js';

/** A response lists at most this many problems; a huge bad batch would otherwise echo back megabytes. */
const MAX_DETAILS = 20;

// One Ajv instance for every model: compiled validators are kept per model, not per request.
// inlineRefs false: a `$ref` calls the referenced schema's compiled function instead of
// compiling a copy of it in place (see compileRowValidators). validateSchema false: these
// schemas are built by this app's code, and test/row-validators.test.ts checks them against
// the JSON Schema meta-schema; checking at run time compiled the meta-schema's validator
// first, in every start (docs/benchmarks.md, "API start-up and memory").
const ajv = new Ajv({
  allErrors: true,
  strict: false,
  coerceTypes: false,
  useDefaults: false,
  inlineRefs: false,
  validateSchema: false,
});
// `date`: a calendar day (2025-02-29 and 2025-13-45 are refused), not only the YYYY-MM-DD shape.
// ajv-formats is CommonJS: its function is `default` under NodeNext typing (and at run time).
ajvFormats.default(ajv, ['date']);

/** `/rows/3/features/plan` -> `rows[3].features.plan`. */
function fieldPath(instancePath: string, child?: string): string {
  let path = '';
  for (const part of instancePath.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    path += /^\d+$/.test(key) ? `[${key}]` : path === '' ? key : `.${key}`;
  }
  if (child !== undefined) path = path === '' ? child : `${path}.${child}`;
  return path === '' ? '(body)' : path;
}

function describe(error: ErrorObject): ErrorDetail {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        path: fieldPath(error.instancePath, String(params.missingProperty)),
        message: 'is required',
      };
    case 'additionalProperties':
      return {
        path: fieldPath(error.instancePath, String(params.additionalProperty)),
        message: 'is not a feature of the model',
      };
    case 'type': {
      const expected = Array.isArray(params.type) ? params.type.join(' or ') : String(params.type);
      return { path: fieldPath(error.instancePath), message: `must be ${expected}` };
    }
    case 'anyOf':
      return {
        path: fieldPath(error.instancePath),
        message: 'must be a safe integer (at most 2^53 - 1 in magnitude) or a non-empty string',
      };
    case 'format':
      return {
        path: fieldPath(error.instancePath),
        message: 'must be a calendar date, YYYY-MM-DD',
      };
    case 'minimum':
    case 'maximum':
      return {
        path: fieldPath(error.instancePath),
        message:
          Math.abs(params.limit as number) === FLOAT32_MAX
            ? FLOAT32_RANGE_MESSAGE
            : (error.message ?? 'is out of range'),
      };
    default:
      return { path: fieldPath(error.instancePath), message: error.message ?? 'is invalid' };
  }
}

/** Turns Ajv's errors into one ApiError with a detail per field path. */
export function validationError(errors: readonly ErrorObject[]): ApiError {
  const details: ErrorDetail[] = [];
  let onlyUnknownFeatures = true;
  for (const error of errors) {
    // The branches of an anyOf repeat what the anyOf error itself says.
    if (error.schemaPath.includes('/anyOf/')) continue;
    if (error.keyword !== 'additionalProperties') onlyUnknownFeatures = false;
    if (details.length < MAX_DETAILS) details.push(describe(error));
  }
  return invalidRequest(
    onlyUnknownFeatures ? 'CHURN_ERR_UNKNOWN_FEATURE' : 'CHURN_ERR_VALIDATION',
    details,
  );
}

/** A 400 whose message names the first bad field, so a caller reading only `message` sees it. */
export function invalidRequest(
  code: 'CHURN_ERR_VALIDATION' | 'CHURN_ERR_UNKNOWN_FEATURE',
  details: readonly ErrorDetail[],
): ApiError {
  const [first] = details;
  const more = details.length > 1 ? ` (and ${details.length - 1} more, see details)` : '';
  const message = first ? `${first.path} ${first.message}${more}` : undefined;
  return new ApiError(code, message, { details });
}

/**
 * A validator that throws an ApiError naming each bad field, so handlers stay one line; it
 * narrows the body to `T`, the type `schema` describes.
 */
export type AssertValid<T> = (body: unknown) => asserts body is T;

export function compileAssert<T>(schema: JsonSchema): AssertValid<T> {
  // Compiled when a model loads, not on its first request: Ajv's code generation for ~50
  // features blocks the event loop long enough for under-pressure to refuse the requests
  // arriving meanwhile (measured: 503 CHURN_ERR_OVERLOADED in the SIGTERM-under-load test).
  const validate: ValidateFunction = ajv.compile(schema);
  return (body) => {
    if (!validate(body)) throw validationError(validate.errors ?? []);
  };
}

/** The validators of one model's /predict body and /predict/batch body. */
export interface RowValidators {
  readonly assertPredict: AssertValid<PredictRow>;
  readonly assertBatch: AssertValid<BatchBody>;
  /** Drops both from Ajv, which otherwise keeps every schema it compiled. */
  release(): void;
}

let rowSchemas = 0;

/**
 * Compiles the row validator once: the batch validator refers to it with a `$ref` (one call a
 * row) instead of generating the ~50 feature checks a second time, which halves the
 * validators' share of a model load (docs/benchmarks.md, "API start-up and memory").
 */
export function compileRowValidators(features: JsonSchema, batchLimit: number): RowValidators {
  const id = `churn-predict-row-${++rowSchemas}`;
  const batch = batchSchema({ $ref: id }, batchLimit);
  const assertPredict = compileAssert<PredictRow>({ $id: id, ...predictRowSchema(features) });
  const assertBatch = compileAssert<BatchBody>(batch);
  return {
    assertPredict,
    assertBatch,
    release() {
      ajv.removeSchema(id);
      ajv.removeSchema(batch);
    },
  };
}

/** A plain Ajv validator without type coercion, for route schemas fastify validates (e.g. KServe v2). */
export function compileStrict(schema: JsonSchema): ValidateFunction {
  return ajv.compile(schema);
}
