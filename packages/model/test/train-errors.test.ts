import { describe, expect, it } from 'vitest';
import { TrainError, TrainErrorCodes } from '../src/train/index.js';

describe('train error registry', () => {
  it('maps every key to itself', () => {
    for (const [key, code] of Object.entries(TrainErrorCodes)) expect(code).toBe(key);
  });

  it('carries the code on the error', () => {
    const error = new TrainError('CHURN_ERR_EMPTY_FRAME', 'no rows');
    expect(error.code).toBe('CHURN_ERR_EMPTY_FRAME');
    expect(error).toBeInstanceOf(Error);
  });
});
