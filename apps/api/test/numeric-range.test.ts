import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from './helpers/build.js';

let current: TestApp | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});

/** Posts raw JSON text: JSON.stringify cannot write 1e309, which JSON.parse reads as Infinity. */
const postRaw = (url: string, payload: string) =>
  (current as TestApp).app.inject({
    method: 'POST',
    url,
    payload,
    headers: { 'content-type': 'application/json' },
  });

const paths = (body: { details?: Array<{ path: string }> }) =>
  (body.details ?? []).map((detail) => detail.path);

// Beyond float32 (|x| > 3.4028234663852886e38) a feature becomes ±Infinity in the model's
// input and the probability NaN: refused at the edge with 400 naming the field.
const OVERFLOWS = ['1e39', '-1e39', '3.5e38', '1e309', '-1e309'];

describe('numbers beyond float32 are refused with 400 naming the field', () => {
  it.each(OVERFLOWS)('/predict with a feature of %s', async (number) => {
    current = await testApp();
    const res = await postRaw(
      '/predict',
      `{"user_id":1,"features":{"plan":"paid","days_since_last_activity":${number}}}`,
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('CHURN_ERR_VALIDATION');
    expect(paths(res.json())).toEqual(['features.days_since_last_activity']);
    expect(res.json().message).toContain('features.days_since_last_activity');
  });

  it('/predict accepts the largest float32 and its negative', async () => {
    current = await testApp();
    for (const number of ['3.4028234663852886e38', '-3.4028234663852886e38', '1e-45']) {
      const res = await postRaw(
        '/predict',
        `{"user_id":1,"features":{"days_since_last_activity":${number}}}`,
      );
      expect(res.statusCode, number).toBe(200);
    }
  });

  it('/predict/batch names the row and field, and keeps no part of the batch', async () => {
    current = await testApp();
    const rows = Array.from({ length: 1000 }, (_, i) =>
      i === 537 || i === 900
        ? `{"user_id":${i},"features":{"logins_7d":${i === 537 ? '1e309' : '-1e39'}}}`
        : `{"user_id":${i},"features":{"logins_7d":${i % 9}}}`,
    );
    const res = await postRaw('/predict/batch', `{"rows":[${rows.join(',')}]}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('CHURN_ERR_VALIDATION');
    expect(paths(res.json())).toEqual([
      'rows[537].features.logins_7d',
      'rows[900].features.logins_7d',
    ]);
    // Nothing was scored: the batch is refused as a whole before the model runs.
    expect(current.source.scorers.get('lr-v1')?.batches).toEqual([1]);
  });

  it.each(OVERFLOWS)('/v2/models/churn/infer with an element of %s', async (number) => {
    current = await testApp();
    const res = await postRaw(
      '/v2/models/churn/infer',
      `{"inputs":[{"name":"logins_7d","datatype":"FP32","shape":[2,1],"data":[1,${number}]}]}`,
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('CHURN_ERR_VALIDATION');
    expect(paths(res.json())).toEqual(['inputs[0].data[1]']);
  });
});

describe('user_id must be a safe integer or a short string', () => {
  it.each(['1e309', '-1e309', '9007199254740992', '1e300'])(
    '/predict and /predict/batch refuse user_id %s with 400',
    async (userId) => {
      current = await testApp();
      const one = await postRaw('/predict', `{"user_id":${userId},"features":{}}`);
      expect(one.statusCode).toBe(400);
      expect(paths(one.json())).toEqual(['user_id']);
      const batch = await postRaw(
        '/predict/batch',
        `{"rows":[{"user_id":1,"features":{}},{"user_id":${userId},"features":{}}]}`,
      );
      expect(batch.statusCode).toBe(400);
      expect(paths(batch.json())).toEqual(['rows[1].user_id']);
    },
  );

  it('accepts the largest safe integers', async () => {
    current = await testApp();
    for (const userId of [Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) {
      const res = await postRaw('/predict', `{"user_id":${userId},"features":{}}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().user_id).toBe(userId);
    }
  });
});

describe('a row the model gives no finite probability is a 422 naming it, never a 500', () => {
  const nanFor = (t: TestApp, days: number) => {
    const scorer = t.source.scorers.get('lr-v1');
    if (!scorer) throw new Error('the fake scorer was not loaded');
    scorer.nanWhen = (record) => record.days_since_last_activity === days;
  };

  it('/predict: only the bad request fails, not the requests scored in the same run', async () => {
    current = await testApp();
    nanFor(current, 13);
    const responses = await Promise.all(
      [1, 13, 2, 3].map((days) =>
        current!.app.inject({
          method: 'POST',
          url: '/predict',
          payload: { user_id: days, features: { days_since_last_activity: days } },
        }),
      ),
    );
    expect(responses.map((res) => res.statusCode)).toEqual([200, 422, 200, 200]);
    expect(responses[1]!.json()).toMatchObject({
      error: 'CHURN_ERR_NON_FINITE_SCORE',
      details: [{ path: 'features' }],
    });
  });

  it('/predict/batch and v2 infer name the row', async () => {
    current = await testApp();
    nanFor(current, 13);
    const batch = await current.app.inject({
      method: 'POST',
      url: '/predict/batch',
      payload: {
        rows: [0, 5, 13].map((days) => ({
          user_id: days,
          features: { days_since_last_activity: days },
        })),
      },
    });
    expect(batch.statusCode).toBe(422);
    expect(batch.json()).toMatchObject({
      error: 'CHURN_ERR_NON_FINITE_SCORE',
      details: [{ path: 'rows[2]' }],
    });
    const v2 = await current.app.inject({
      method: 'POST',
      url: '/v2/models/churn/infer',
      payload: {
        inputs: [{ name: 'days_since_last_activity', datatype: 'FP32', shape: [2], data: [13, 1] }],
      },
    });
    expect(v2.statusCode).toBe(422);
    expect(v2.json()).toMatchObject({
      error: 'CHURN_ERR_NON_FINITE_SCORE',
      details: [{ path: 'inputs[*].data[0]' }],
    });
  });
});
