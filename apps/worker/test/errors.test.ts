import { describe, expect, it } from 'vitest';
import { churnErrorCode, WorkerError, WorkerErrorCodes } from '../src/errors.js';

describe('WorkerErrorCodes', () => {
  it('has every key equal to its code', () => {
    for (const [key, code] of Object.entries(WorkerErrorCodes)) expect(key).toBe(code);
  });

  it('gives every code an exit code and an HTTP status', () => {
    for (const code of Object.values(WorkerErrorCodes)) {
      const error = new WorkerError(code, 'x');
      expect(error.exitCode).toBeGreaterThan(0);
      expect(error.status).toBeGreaterThanOrEqual(400);
      expect(churnErrorCode(error)).toBe(code);
    }
    expect(churnErrorCode(new TypeError('x'))).toBeNull();
  });
});
