import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from './helpers/build.js';

let current: TestApp | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});

describe('under pressure', () => {
  it('answers 503 with Retry-After in the error shape, but keeps /live and /metrics', async () => {
    current = await testApp({
      deps: { pressure: { healthCheck: async () => false, healthCheckInterval: 5 } },
    });
    const res = await current.app.inject({
      method: 'POST',
      url: '/predict',
      payload: { user_id: 1, features: {} },
    });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toEqual({
      error: 'CHURN_ERR_OVERLOADED',
      message: 'the server is overloaded, retry later',
    });
    expect((await current.app.inject({ url: '/live' })).statusCode).toBe(200);
    expect((await current.app.inject({ url: '/metrics' })).statusCode).toBe(200);
  });
});
