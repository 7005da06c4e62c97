import { errorBodySchema } from '../../../errors.js';

const tensorMetadata = {
  type: 'object',
  required: ['name', 'datatype', 'shape'],
  properties: {
    name: { type: 'string' },
    datatype: { type: 'string' },
    shape: { type: 'array', items: { type: 'integer' } },
  },
} as const;

export const metadataResponse = {
  200: {
    type: 'object',
    required: ['name', 'versions', 'platform', 'inputs', 'outputs'],
    properties: {
      name: { type: 'string' },
      versions: { type: 'array', items: { type: 'string' } },
      platform: { type: 'string' },
      inputs: { type: 'array', items: tensorMetadata },
      outputs: { type: 'array', items: tensorMetadata },
    },
  },
  404: errorBodySchema,
  503: errorBodySchema,
} as const;

export const readyResponse = {
  200: {
    type: 'object',
    required: ['name', 'ready'],
    properties: { name: { type: 'string' }, ready: { type: 'boolean' } },
  },
  404: errorBodySchema,
  503: errorBodySchema,
} as const;

export const inferBody = {
  type: 'object',
  required: ['inputs'],
  properties: {
    id: { type: 'string', maxLength: 256 },
    parameters: { type: 'object' },
    inputs: {
      type: 'array',
      minItems: 1,
      maxItems: 1024,
      items: {
        type: 'object',
        required: ['name', 'shape', 'datatype', 'data'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 256 },
          shape: {
            type: 'array',
            minItems: 1,
            maxItems: 2,
            items: { type: 'integer', minimum: 0 },
          },
          datatype: { type: 'string' },
          data: { type: 'array' },
          parameters: { type: 'object' },
        },
      },
    },
    outputs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string' }, parameters: { type: 'object' } },
      },
    },
  },
} as const;

export const inferResponse = {
  200: {
    type: 'object',
    required: ['model_name', 'model_version', 'outputs'],
    properties: {
      model_name: { type: 'string' },
      model_version: { type: 'string' },
      id: { type: 'string' },
      outputs: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name', 'datatype', 'shape', 'data'],
          properties: {
            name: { type: 'string' },
            datatype: { type: 'string' },
            shape: { type: 'array', items: { type: 'integer' } },
            data: { type: 'array', items: { type: 'number' } },
          },
        },
      },
    },
  },
  400: errorBodySchema,
  404: errorBodySchema,
  413: errorBodySchema,
  415: errorBodySchema,
  422: errorBodySchema,
  503: errorBodySchema,
} as const;
