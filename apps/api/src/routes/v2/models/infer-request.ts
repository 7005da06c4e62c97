import { ApiError, type ErrorDetail } from '../../../errors.js';
import { FLOAT32_RANGE_MESSAGE, fitsFloat32 } from '../../../model/feature-schema.js';
import type { LoadedModel } from '../../../model/loaded-model.js';
import { invalidRequest } from '../../../model/request-validator.js';

/** One input tensor of an Open Inference Protocol (KServe v2) request. */
export interface InferInput {
  name: string;
  shape: number[];
  datatype: string;
  data: unknown[];
  parameters?: Record<string, unknown>;
}

export interface InferRequest {
  id?: string;
  parameters?: Record<string, unknown>;
  inputs: InferInput[];
  outputs?: Array<{ name: string }>;
}

const NUMERIC_DATATYPES = new Set([
  'FP32',
  'FP64',
  'FP16',
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'UINT8',
  'UINT16',
  'UINT32',
  'UINT64',
]);
const MAX_DETAILS = 20;

export interface InferRows {
  readonly records: Array<Record<string, unknown>>;
}

class Problems {
  readonly details: ErrorDetail[] = [];
  add(path: string, message: string): void {
    if (this.details.length < MAX_DETAILS) this.details.push({ path, message });
  }
  get full(): boolean {
    return this.details.length >= MAX_DETAILS;
  }
}

function product(shape: readonly number[]): number {
  let size = 1;
  for (const dim of shape) size *= dim;
  return size;
}

/**
 * The elements of `data`, which may be nested no deeper than its shape: flat, or for a
 * two-dimensional shape one array per row (`[[1], [2]]`). Null when nested otherwise, without
 * recursing, so a body nested thousands of levels costs a loop, not the stack.
 */
function flatten(data: readonly unknown[], dims: number): unknown[] | null {
  if (!data.some(Array.isArray)) return data as unknown[];
  if (dims < 2) return null;
  const flat: unknown[] = [];
  for (const row of data) {
    if (!Array.isArray(row)) return null;
    for (const element of row) {
      if (Array.isArray(element)) return null;
      flat.push(element);
    }
  }
  return flat;
}

/**
 * Turns one-input-per-feature tensors into one record per row. Categorical features come as
 * BYTES (strings), numeric ones as FP32 (or another numeric datatype) within float32 range;
 * null means missing. Every input needs shape [N] or [N, 1] with the same N, and data flat or
 * nested as the shape. Absent features take the model's defaults; an input that is not a
 * feature is refused, as the Open Inference Protocol expects.
 */
export function inferRows(
  model: LoadedModel,
  request: InferRequest,
  batchLimit: number,
): InferRows {
  const problems = new Problems();
  const seen = new Set<string>();
  let rows = -1;

  for (let k = 0; k < request.inputs.length; k++) {
    const input = request.inputs[k] as InferInput;
    const at = `inputs[${k}]`;
    if (seen.has(input.name)) problems.add(`${at}.name`, `input ${input.name} appears twice`);
    seen.add(input.name);
    const { shape } = input;
    const n = shape[0] ?? 0;
    if (shape.length === 0 || shape.length > 2 || (shape.length === 2 && shape[1] !== 1)) {
      problems.add(`${at}.shape`, 'must be [N] or [N, 1]');
    } else if (rows === -1) {
      rows = n;
    } else if (n !== rows) {
      problems.add(`${at}.shape`, `has ${n} rows, other inputs have ${rows}`);
    }
    const data = flatten(input.data, shape.length);
    if (data === null) {
      problems.add(`${at}.data`, `must be flat or nested as its shape ${JSON.stringify(shape)}`);
      continue;
    }
    input.data = data;
    if (data.length !== product(shape)) {
      problems.add(
        `${at}.data`,
        `has ${data.length} elements, shape ${JSON.stringify(shape)} needs ${product(shape)}`,
      );
    }
    const feature = model.features.get(input.name);
    if (!feature) {
      problems.add(`${at}.name`, `${input.name} is not a feature of the model`);
      continue;
    }
    const categorical = feature.type === 'categorical';
    if (categorical ? input.datatype !== 'BYTES' : !NUMERIC_DATATYPES.has(input.datatype)) {
      problems.add(
        `${at}.datatype`,
        `${input.name} is ${feature.type}: must be ${categorical ? 'BYTES' : 'FP32'}`,
      );
      continue;
    }
    const elementType = categorical ? 'string' : 'number';
    for (let i = 0; i < data.length && !problems.full; i++) {
      const value = data[i];
      if (value !== null && typeof value !== elementType) {
        problems.add(`${at}.data[${i}]`, `must be ${elementType} or null`);
      } else if (typeof value === 'number' && !fitsFloat32(value)) {
        problems.add(`${at}.data[${i}]`, `${input.name} ${FLOAT32_RANGE_MESSAGE}`);
      }
    }
  }

  if (rows === 0) problems.add('inputs', 'need at least one row');
  if (problems.details.length > 0) {
    const onlyUnknown = problems.details.every((detail) =>
      detail.message.endsWith('is not a feature of the model'),
    );
    throw invalidRequest(
      onlyUnknown ? 'CHURN_ERR_UNKNOWN_FEATURE' : 'CHURN_ERR_VALIDATION',
      problems.details,
    );
  }
  if (rows > batchLimit) {
    throw new ApiError('CHURN_ERR_BATCH_LIMIT', `at most ${batchLimit} rows in one request`, {
      details: { limit: batchLimit, rows },
    });
  }

  const records = Array.from({ length: rows }, () => ({}) as Record<string, unknown>);
  for (const input of request.inputs) {
    if (!model.features.has(input.name)) continue;
    for (let i = 0; i < rows; i++)
      (records[i] as Record<string, unknown>)[input.name] = input.data[i];
  }
  return { records };
}
