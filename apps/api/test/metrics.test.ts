import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from './helpers/build.js';

let current: TestApp | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});

describe('GET /metrics', () => {
  it('exposes requests, latency, predictions, model info and process metrics', async () => {
    current = await testApp({ version: 'lr-v9' });
    const { app } = current;
    await app.inject({ method: 'POST', url: '/predict', payload: { user_id: 1, features: {} } });
    await app.inject({
      method: 'POST',
      url: '/predict/batch',
      payload: {
        rows: [
          { user_id: 1, features: {} },
          { user_id: 2, features: {} },
        ],
      },
    });
    await app.inject({ method: 'POST', url: '/predict', payload: { user_id: 1 } });
    await app.inject({ url: '/nope' });

    const res = await app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(text).toContain(
      'http_requests_total{method="POST",route="/predict",status_code="200"} 1',
    );
    expect(text).toContain(
      'http_requests_total{method="POST",route="/predict",status_code="400"} 1',
    );
    expect(text).toContain(
      'http_requests_total{method="GET",route="unmatched",status_code="404"} 1',
    );
    expect(text).toContain(
      'http_request_duration_seconds_count{method="POST",route="/predict",status_code="200"} 1',
    );
    expect(text).toContain('churn_predictions_total{endpoint="predict"} 1');
    expect(text).toContain('churn_predictions_total{endpoint="batch"} 2');
    expect(text).toContain(
      'churn_model_info{name="logistic_regression",version="lr-v9",algorithm="logistic_regression"} 1',
    );
    expect(text).toContain('churn_model_load_seconds 0.01');
    expect(text).toMatch(/churn_model_loaded_timestamp_seconds \d+/);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('keeps one registry per app, so two apps do not share counts', async () => {
    current = await testApp();
    const other = await testApp();
    try {
      await other.app.inject({ url: '/live' });
      const text = (await current.app.inject({ url: '/metrics' })).body;
      expect(text).not.toContain('route="/live"');
    } finally {
      await other.app.close();
    }
  });
});
