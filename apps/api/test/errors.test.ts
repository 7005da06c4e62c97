import { describe, expect, it } from 'vitest';
import { ApiError, ApiErrors } from '../src/index.js';

describe('error registry', () => {
  it('names every code CHURN_ERR_* and gives it a 4xx or 5xx status', () => {
    for (const [code, { status, message }] of Object.entries(ApiErrors)) {
      expect(code).toMatch(/^CHURN_ERR_[A-Z_]+$/);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
      expect(message.length).toBeGreaterThan(0);
    }
  });

  it('builds an ApiError whose code and status come from the registry', () => {
    for (const code of Object.keys(ApiErrors) as Array<keyof typeof ApiErrors>) {
      const error = new ApiError(code);
      expect(error.code).toBe(code);
      expect(error.statusCode).toBe(ApiErrors[code].status);
    }
  });
});
