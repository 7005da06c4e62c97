import { describe, expect, it } from 'vitest';
import { FeaturesErrorCodes } from '../src/index.js';

describe('FeaturesErrorCodes', () => {
  it('maps every key to itself', () => {
    for (const [key, code] of Object.entries(FeaturesErrorCodes)) expect(code).toBe(key);
  });
});
