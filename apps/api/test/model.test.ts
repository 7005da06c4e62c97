import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from './helpers/build.js';
import { FEATURES } from './helpers/fake-model.js';

let current: TestApp | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});

describe('GET /model', () => {
  it('returns the served model card with its features, metrics and load time', async () => {
    current = await testApp({ version: 'gb-v3' });
    const res = await current.app.inject({ url: '/model' });
    expect(res.statusCode).toBe(200);
    const card = res.json();
    expect(card).toMatchObject({
      version: 'gb-v3',
      metrics: { pr_auc: 0.9 },
      createdAt: '2026-11-26T12:00:00.000Z',
    });
    expect(card.features).toHaveLength(FEATURES.length);
    expect(card.serving.loadSeconds).toBeGreaterThan(0);
    expect(Date.parse(card.serving.loadedAt)).not.toBeNaN();
  });

  it('is 503 without a model', async () => {
    current = await testApp({ version: null });
    const res = await current.app.inject({ url: '/model' });
    expect(res.statusCode).toBe(503);
    expect(res.json().error).toBe('CHURN_ERR_MODEL_NOT_READY');
  });
});
