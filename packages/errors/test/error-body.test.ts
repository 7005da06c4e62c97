import { describe, expect, it } from 'vitest';
import { errorBody, internalErrorBody, noRouteMessage } from '../src/index.js';

describe('errorBody', () => {
  it('has details only when there are some', () => {
    expect(errorBody('CHURN_ERR_X', 'no')).toEqual({ error: 'CHURN_ERR_X', message: 'no' });
    expect(Object.keys(errorBody('CHURN_ERR_X', 'no'))).toEqual(['error', 'message']);
    expect(errorBody('CHURN_ERR_X', 'no', [1])).toEqual({
      error: 'CHURN_ERR_X',
      message: 'no',
      details: [1],
    });
  });

  it('gives a 500 only the internal code and the request id', () => {
    const body = internalErrorBody('req-7');
    expect(Object.keys(body)).toEqual(['error', 'message']);
    expect(body.error).toBe('CHURN_ERR_INTERNAL');
    expect(body.message).toContain('(request id req-7)');
  });

  it('names the route that does not exist, cut to 200 characters', () => {
    expect(noRouteMessage({ method: 'GET', url: '/nope' })).toBe('no route GET /nope');
    expect(noRouteMessage({ method: 'GET', url: `/${'x'.repeat(300)}` })).toHaveLength(
      'no route GET '.length + 200,
    );
  });
});
