import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from './helpers/build.js';

let current: TestApp | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});

describe('probes with a model', () => {
  it('GET /live is 200 {status: live}', async () => {
    current = await testApp();
    const res = await current.app.inject({ method: 'GET', url: '/live' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'live' });
  });

  it.each(['/ready', '/health'])('GET %s is 200 with the model name and version', async (url) => {
    current = await testApp({ version: 'lr-v1' });
    const res = await current.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ready',
      model: { name: 'logistic_regression', version: 'lr-v1' },
    });
  });

  it('KServe v2 server live and ready are 200', async () => {
    current = await testApp();
    expect((await current.app.inject({ url: '/v2/health/live' })).json()).toEqual({ live: true });
    const ready = await current.app.inject({ url: '/v2/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ ready: true });
  });

  it('echoes the request id header, keeping a safe incoming one', async () => {
    current = await testApp();
    const generated = await current.app.inject({ url: '/live' });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
    const kept = await current.app.inject({ url: '/live', headers: { 'x-request-id': 'abc-123' } });
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const unsafe = await current.app.inject({
      url: '/live',
      headers: { 'x-request-id': 'a b\u00e9' },
    });
    expect(unsafe.headers['x-request-id']).not.toBe('a b\u00e9');
  });
});

describe('probes without a model', () => {
  it('is live but not ready: 503 with the reason and Retry-After', async () => {
    current = await testApp({ version: null });
    expect((await current.app.inject({ url: '/live' })).statusCode).toBe(200);
    for (const url of ['/ready', '/health', '/v2/health/ready']) {
      const res = await current.app.inject({ url });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json()).toEqual({
        error: 'CHURN_ERR_MODEL_NOT_READY',
        message: 'no production model in the registry',
      });
    }
  });

  it('names a model that failed to load as the reason', async () => {
    const { FakeSource } = await import('./helpers/fake-model.js');
    const { buildApp } = await import('../src/index.js');
    const { testConfig } = await import('./helpers/build.js');
    const source = new FakeSource();
    source.promote('broken-v1');
    source.broken.add('broken-v1');
    const app = buildApp(testConfig(), { modelSource: source });
    current = { app, source };
    const res = await app.inject({ url: '/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toBe('model broken-v1 failed to load');
  });

  it('unknown routes are 404 in the error shape', async () => {
    current = await testApp();
    const res = await current.app.inject({ url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe('CHURN_ERR_NOT_FOUND');
  });
});
