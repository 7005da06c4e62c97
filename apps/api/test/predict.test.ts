import { afterEach, describe, expect, it } from 'vitest';
import { originalRequest, type TestApp, testApp } from './helpers/build.js';
import { expectedRisk } from './helpers/fake-model.js';

let current: TestApp | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});

const post = (body: unknown) =>
  (current as TestApp).app.inject({ method: 'POST', url: '/predict', payload: body as object });

describe('POST /predict', () => {
  it("answers the original API's request body with a churn risk in [0, 1]", async () => {
    current = await testApp();
    const body = await originalRequest();
    const res = await post(body);
    expect(res.statusCode).toBe(200);
    const json = res.json();
    expect(json.user_id).toBe(1);
    expect(json.snapshot_date).toBe('2026-04-30');
    expect(json.churn_risk).toBeGreaterThanOrEqual(0);
    expect(json.churn_risk).toBeLessThanOrEqual(1);
    expect(json.churn_risk).toBeCloseTo(expectedRisk(body.features), 6);
    expect(json.model).toEqual({ name: 'logistic_regression', version: 'lr-v1' });
    // engagement_score is not a model feature by default (it leaks the label).
    expect(json.ignored_features).toEqual(['engagement_score']);
  });

  it('scores concurrent requests together in fewer model runs', async () => {
    current = await testApp();
    const { app, source } = current;
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        app.inject({
          method: 'POST',
          url: '/predict',
          payload: { user_id: i, features: { days_since_last_activity: i } },
        }),
      ),
    );
    responses.forEach((res, i) => {
      expect(res.json().user_id).toBe(i);
      expect(res.json().churn_risk).toBeCloseTo(expectedRisk({ days_since_last_activity: i }), 6);
    });
    const batches = source.scorers.get('lr-v1')?.batches ?? [];
    // One smoke run at load, then fewer runs than requests.
    expect(batches.slice(1).reduce((sum, rows) => sum + rows, 0)).toBe(20);
    expect(batches.length - 1).toBeLessThan(20);
  });

  it('scores a row with missing features using the defaults', async () => {
    current = await testApp();
    const res = await post({ user_id: 'u-7', features: { plan: 'paid' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user_id: 'u-7', ignored_features: [] });
    expect(res.json().churn_risk).toBeCloseTo(expectedRisk({}), 6);
    const empty = await post({ user_id: 1, features: {} });
    expect(empty.statusCode).toBe(200);
  });

  it('accepts null for numeric and categorical features', async () => {
    current = await testApp();
    const res = await post({ user_id: 1, features: { plan: null, quiz_avg_score_7d: null } });
    expect(res.statusCode).toBe(200);
  });

  it('refuses a wrong type with 400 naming the field path', async () => {
    current = await testApp();
    const res = await post({ user_id: 1, features: { watch_minutes_30d: 'lots', plan: 3 } });
    expect(res.statusCode).toBe(400);
    const json = res.json();
    expect(json.error).toBe('CHURN_ERR_VALIDATION');
    const paths = json.details.map((detail: { path: string }) => detail.path).sort();
    expect(paths).toEqual(['features.plan', 'features.watch_minutes_30d']);
  });

  it('refuses a snapshot_date that is not a calendar day', async () => {
    current = await testApp();
    for (const date of ['2025-13-45', '2025-02-29', '2024-04-31', '2025-1-05']) {
      const res = await post({ user_id: 1, snapshot_date: date, features: {} });
      expect(res.statusCode, date).toBe(400);
      expect(res.json().details).toEqual([{ path: 'snapshot_date', message: expect.any(String) }]);
    }
    expect((await post({ user_id: 1, snapshot_date: '2024-02-29', features: {} })).statusCode).toBe(
      200,
    );
  });

  it('refuses a missing features object, a bad user_id and a bad snapshot_date', async () => {
    current = await testApp();
    const missing = await post({ user_id: 1 });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().details).toEqual([{ path: 'features', message: 'is required' }]);
    const badId = await post({ user_id: true, features: {} });
    expect(badId.json().details[0].path).toBe('user_id');
    const badDate = await post({ user_id: 1, snapshot_date: 'yesterday', features: {} });
    expect(badDate.json().details[0].path).toBe('snapshot_date');
    const notObject = await post([1, 2]);
    expect(notObject.json().details[0].path).toBe('(body)');
  });

  it('lists unknown features as ignored, or refuses them in strict mode', async () => {
    current = await testApp();
    const lenient = await post({ user_id: 1, features: { plan: 'paid', favourite_color: 'red' } });
    expect(lenient.json().ignored_features).toEqual(['favourite_color']);
    await current.app.close();

    current = await testApp({ api: { strict_features: true } });
    const strict = await post({ user_id: 1, features: { plan: 'paid', favourite_color: 'red' } });
    expect(strict.statusCode).toBe(400);
    expect(strict.json()).toMatchObject({
      error: 'CHURN_ERR_UNKNOWN_FEATURE',
      details: [{ path: 'features.favourite_color' }],
    });
  });

  it('is 503 with Retry-After while no model is loaded', async () => {
    current = await testApp({ version: null });
    const res = await post({ user_id: 1, features: {} });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json().error).toBe('CHURN_ERR_MODEL_NOT_READY');
  });

  it('refuses malformed JSON, an empty body and other media types', async () => {
    current = await testApp();
    const { app } = current;
    const headers = { 'content-type': 'application/json' };
    const malformed = await app.inject({
      method: 'POST',
      url: '/predict',
      payload: '{"user_id":',
      headers,
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error).toBe('CHURN_ERR_MALFORMED_JSON');
    const empty = await app.inject({ method: 'POST', url: '/predict', payload: '', headers });
    expect(empty.json().error).toBe('CHURN_ERR_MALFORMED_JSON');
    const text = await app.inject({
      method: 'POST',
      url: '/predict',
      payload: 'user_id=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(text.statusCode).toBe(415);
    expect(text.json().error).toBe('CHURN_ERR_UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a body over body_limit_bytes with 413', async () => {
    current = await testApp({ api: { body_limit_bytes: 1024 } });
    const res = await post({ user_id: 1, features: { plan: 'x'.repeat(2000) } });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toBe('CHURN_ERR_BODY_TOO_LARGE');
  });

  it('turns a scoring fault into a 500 that names the request id and nothing else', async () => {
    current = await testApp();
    const scorer = current.source.scorers.get('lr-v1');
    if (!scorer) throw new Error('the fake scorer was not loaded');
    scorer.scoreRecords = async () => {
      throw new Error('onnxruntime: secret internal detail');
    };
    const res = await post({ user_id: 1, features: {} });
    expect(res.statusCode).toBe(500);
    const json = res.json();
    expect(json.error).toBe('CHURN_ERR_INTERNAL');
    expect(json.message).toContain(res.headers['x-request-id']);
    expect(res.body).not.toContain('secret');
  });
});

describe('POST /predict/batch', () => {
  const row = (i: number) => ({ user_id: i, features: { days_since_last_activity: i } });

  it('scores every row in one model run, in order', async () => {
    current = await testApp();
    const rows = Array.from({ length: 100 }, (_, i) => row(i));
    const res = await current.app.inject({
      method: 'POST',
      url: '/predict/batch',
      payload: { rows },
    });
    expect(res.statusCode).toBe(200);
    const json = res.json();
    expect(json.predictions).toHaveLength(100);
    json.predictions.forEach((prediction: { user_id: number; churn_risk: number }, i: number) => {
      expect(prediction.user_id).toBe(i);
      expect(prediction.churn_risk).toBeCloseTo(expectedRisk({ days_since_last_activity: i }), 6);
    });
    expect(current.source.scorers.get('lr-v1')?.batches.at(-1)).toBe(100);
    expect(json.model.version).toBe('lr-v1');
  });

  it('refuses more rows than batch_limit before validating them', async () => {
    current = await testApp({ api: { batch_limit: 10 } });
    const rows = Array.from({ length: 11 }, (_, i) => row(i));
    const res = await current.app.inject({
      method: 'POST',
      url: '/predict/batch',
      payload: { rows },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: 'CHURN_ERR_BATCH_LIMIT',
      details: { limit: 10, rows: 11 },
    });
    const ok = await current.app.inject({
      method: 'POST',
      url: '/predict/batch',
      payload: { rows: rows.slice(0, 10) },
    });
    expect(ok.statusCode).toBe(200);
  });

  it('names the row of a bad field and lists ignored features once', async () => {
    current = await testApp();
    const bad = await current.app.inject({
      method: 'POST',
      url: '/predict/batch',
      payload: { rows: [row(1), { user_id: 2, features: { logins_7d: '3' } }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('rows[1].features.logins_7d');
    const ignored = await current.app.inject({
      method: 'POST',
      url: '/predict/batch',
      payload: {
        rows: [
          { user_id: 1, features: { x: 1 } },
          { user_id: 2, features: { x: 2, y: 3 } },
        ],
      },
    });
    expect(ignored.json().ignored_features).toEqual(['x', 'y']);
    const empty = await current.app.inject({
      method: 'POST',
      url: '/predict/batch',
      payload: { rows: [] },
    });
    expect(empty.statusCode).toBe(400);
  });
});
