import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/index.js';
import { registryModelSource } from '../src/model/registry-model-source.js';
import { originalRequest, testConfig } from './helpers/build.js';
import { lrRisk, type RegistryFixture, registryFixture } from './helpers/registry-fixture.js';

const TOLERANCE = 1e-6; // float32 graph vs float64 reference: a few ulps of a probability
// vitest's own process lacks the source condition that the scoring thread needs to resolve @churn/*.
const THREAD_EXEC_ARGV = ['--conditions=@churn/source'];

// The real path: a registry on disk, ONNX models written by exportModel, onnxruntime scoring
// in the event-loop thread and in a scoring thread (api.scoring_thread).
describe.each([
  { scoringThread: false, label: 'in process' },
  { scoringThread: true, label: 'in a scoring thread' },
])('serving an ONNX model from the registry, $label', ({ scoringThread }) => {
  let fixture: RegistryFixture;
  let app: FastifyInstance;
  let v1: string;

  beforeAll(async () => {
    fixture = await registryFixture();
    v1 = await fixture.publish(-1, 0);
    await fixture.promote(v1);
    app = buildApp(testConfig(), {
      modelSource: registryModelSource({
        registryDir: fixture.registryDir,
        modelsDir: fixture.modelsDir,
        scoringThread,
        threadExecArgv: THREAD_EXEC_ARGV,
      }),
    });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await fixture?.remove();
  });

  it("answers the original API's request body with the model's churn risk", async () => {
    const body = await originalRequest();
    const res = await app.inject({ method: 'POST', url: '/predict', payload: body });
    expect(res.statusCode).toBe(200);
    const json = res.json();
    expect(json.churn_risk).toBeGreaterThanOrEqual(0);
    expect(json.churn_risk).toBeLessThanOrEqual(1);
    expect(Math.abs(json.churn_risk - lrRisk(-1, body.features))).toBeLessThan(TOLERANCE);
    expect(json.model).toEqual({ name: 'logistic_regression', version: v1 });
    expect(json.ignored_features).toEqual(['engagement_score']);
  });

  it('scores a batch of 100 rows in one run, row by row equal to the reference', async () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({
      user_id: i,
      features: {
        days_since_last_activity: i % 40,
        active_days_30d: i % 7,
        plan: i % 2 ? 'paid' : 'free',
      },
    }));
    const res = await app.inject({ method: 'POST', url: '/predict/batch', payload: { rows } });
    expect(res.statusCode).toBe(200);
    res
      .json()
      .predictions.forEach((prediction: { user_id: number; churn_risk: number }, i: number) => {
        expect(prediction.user_id).toBe(i);
        expect(
          Math.abs(prediction.churn_risk - lrRisk(-1, (rows[i] as (typeof rows)[number]).features)),
        ).toBeLessThan(TOLERANCE);
      });
  });

  it('KServe v2 infer gives the same risks as /predict', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v2/models/churn/infer',
      payload: {
        inputs: [
          { name: 'plan', datatype: 'BYTES', shape: [2, 1], data: ['paid', 'free'] },
          { name: 'days_since_last_activity', datatype: 'FP32', shape: [2, 1], data: [10, 30] },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    const [a, b] = res.json().outputs[0].data;
    expect(Math.abs(a - lrRisk(-1, { plan: 'paid', days_since_last_activity: 10 }))).toBeLessThan(
      TOLERANCE,
    );
    expect(Math.abs(b - lrRisk(-1, { plan: 'free', days_since_last_activity: 30 }))).toBeLessThan(
      TOLERANCE,
    );
  });

  it('swaps to a newly promoted model, and refuses a corrupt one while the old keeps serving', async () => {
    const v2 = await fixture.publish(0.5, 1);
    await fixture.promote(v2);
    await app.models.refresh();
    const ready = await app.inject({ url: '/ready' });
    expect(ready.json().model.version).toBe(v2);
    const res = await app.inject({
      method: 'POST',
      url: '/predict',
      payload: { user_id: 1, features: {} },
    });
    expect(Math.abs(res.json().churn_risk - lrRisk(0.5, {}))).toBeLessThan(TOLERANCE);

    const v3 = await fixture.publish(2, 2);
    await fixture.corrupt(v3);
    await fixture.promote(v3);
    await app.models.refresh();
    expect((await app.inject({ url: '/ready' })).json().model.version).toBe(v2);
    const still = await app.inject({
      method: 'POST',
      url: '/predict',
      payload: { user_id: 1, features: {} },
    });
    expect(still.statusCode).toBe(200);
    expect(still.json().model.version).toBe(v2);
    expect((await app.inject({ url: '/metrics' })).body).toContain(
      'churn_model_load_failures_total 1',
    );
  });

  it('refuses features beyond float32 (NaN in the model) with 400 on every scoring route', async () => {
    // +Infinity on both: 0.08 * Inf - 0.1 * Inf = NaN inside the graph.
    const features = '{"days_since_last_activity":1e309,"active_days_30d":1e39}';
    const post = (url: string, payload: string) =>
      app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json' } });
    const one = await post('/predict', `{"user_id":1,"features":${features}}`);
    const batch = await post('/predict/batch', `{"rows":[{"user_id":1,"features":${features}}]}`);
    const v2 = await post(
      '/v2/models/churn/infer',
      '{"inputs":[{"name":"days_since_last_activity","datatype":"FP32","shape":[1],"data":[1e39]}]}',
    );
    for (const res of [one, batch, v2]) {
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe('CHURN_ERR_VALIDATION');
    }
  });

  it('GET /model returns the card written by exportModel', async () => {
    const card = (await app.inject({ url: '/model' })).json();
    expect(card.kind).toBe('churn-model-card');
    expect(card.algorithm).toBe('logistic_regression');
    expect(card.features).toHaveLength(47);
  });
});
