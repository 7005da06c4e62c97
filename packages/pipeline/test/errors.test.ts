import { describe, expect, it } from 'vitest';
import { PipelineErrorCodes, ValidationCodes } from '../src/index.js';

describe('error codes', () => {
  it('map every key to itself', () => {
    for (const [key, code] of Object.entries({ ...PipelineErrorCodes, ...ValidationCodes })) {
      expect(code).toBe(key);
    }
  });
});
