import { describe, expect, it } from 'vitest';
import { IoErrorCodes } from '../src/index.js';

describe('IoErrorCodes', () => {
  it('maps every key to itself', () => {
    for (const [key, code] of Object.entries(IoErrorCodes)) expect(code).toBe(key);
  });
});
