import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from './helpers/build.js';
import { expectedRisk } from './helpers/fake-model.js';

/** Values of one metric from the app's registry, keyed by "metricName{labels}". */
async function metricValues(app: FastifyInstance, name: string): Promise<Map<string, number>> {
  const metric = app.metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  return new Map(
    values.map((value) => {
      const labels = Object.entries(value.labels)
        .map(([key, label]) => `${key}="${label}"`)
        .join(',');
      const metricName = (value as { metricName?: string }).metricName ?? name;
      return [`${metricName}{${labels}}`, value.value];
    }),
  );
}

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

  it('observes served risks by model version, scoring time by path and micro-batch sizes', async () => {
    current = await testApp({ version: 'lr-v9' });
    const { app } = current;
    const days = [0, 10, 20];
    await Promise.all(
      days.map((d) =>
        app.inject({
          method: 'POST',
          url: '/predict',
          payload: { user_id: d, features: { days_since_last_activity: d } },
        }),
      ),
    );
    await app.inject({
      method: 'POST',
      url: '/predict/batch',
      payload: {
        rows: [40, 50].map((d) => ({ user_id: d, features: { days_since_last_activity: d } })),
      },
    });

    const risk = await metricValues(app, 'churn_predicted_risk');
    const riskSum = [0, 10, 20, 40, 50].reduce(
      (sum, d) => sum + expectedRisk({ days_since_last_activity: d }),
      0,
    );
    expect(risk.get('churn_predicted_risk_count{model_version="lr-v9"}')).toBe(5);
    expect(risk.get('churn_predicted_risk_sum{model_version="lr-v9"}')).toBeCloseTo(riskSum, 6);
    // expectedRisk(0) = 0.269, the only risk at or below 0.3.
    expect(risk.get('churn_predicted_risk_bucket{le="0.3",model_version="lr-v9"}')).toBe(1);
    expect(risk.get('churn_predicted_risk_bucket{le="1",model_version="lr-v9"}')).toBe(5);

    const scoring = await metricValues(app, 'churn_scoring_duration_seconds');
    expect(scoring.get('churn_scoring_duration_seconds_count{path="batch"}')).toBe(1);
    const microRuns = scoring.get('churn_scoring_duration_seconds_count{path="micro_batch"}');
    const batchRows = await metricValues(app, 'churn_micro_batch_rows');
    // Three /predict rows, coalesced into one to three runs depending on timing.
    expect(batchRows.get('churn_micro_batch_rows_sum{}')).toBe(3);
    expect(batchRows.get('churn_micro_batch_rows_count{}')).toBe(microRuns);
    expect(microRuns).toBeGreaterThanOrEqual(1);
  });

  it('reports churn_model_ready 0 without a model and 1 once one is served', async () => {
    current = await testApp({ version: null });
    const { app, source } = current;
    expect((await metricValues(app, 'churn_model_ready')).get('churn_model_ready{}')).toBe(0);
    source.promote('lr-v2');
    await app.models.refresh();
    expect((await metricValues(app, 'churn_model_ready')).get('churn_model_ready{}')).toBe(1);
    expect((await app.inject({ url: '/metrics' })).body).toContain('churn_model_ready 1');
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
