import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from './helpers/build.js';
import { expectedRisk, FEATURES } from './helpers/fake-model.js';

let current: TestApp | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});

const infer = (body: unknown, url = '/v2/models/churn/infer') =>
  (current as TestApp).app.inject({ method: 'POST', url, payload: body as object });

/** One input per feature, two rows. */
function fullRequest() {
  return {
    id: 'req-1',
    inputs: FEATURES.map((feature) =>
      feature.type === 'categorical'
        ? { name: feature.name, datatype: 'BYTES', shape: [2, 1], data: ['paid', null] }
        : { name: feature.name, datatype: 'FP32', shape: [2, 1], data: [[3], [40]] },
    ),
  };
}

describe('Open Inference Protocol (KServe v2)', () => {
  it('GET /v2 describes the server', async () => {
    current = await testApp();
    expect((await current.app.inject({ url: '/v2' })).json()).toMatchObject({
      name: 'churn-mlops-ts',
      extensions: [],
    });
  });

  it('GET /v2/models/churn lists one input per feature, BYTES or FP32', async () => {
    current = await testApp({ version: 'lr-v1' });
    const res = await current.app.inject({ url: '/v2/models/churn' });
    expect(res.statusCode).toBe(200);
    const meta = res.json();
    expect(meta).toMatchObject({
      name: 'churn',
      versions: ['lr-v1'],
      platform: 'onnxruntime_onnx',
    });
    expect(meta.inputs).toHaveLength(FEATURES.length);
    expect(meta.inputs[0]).toEqual({ name: 'plan', datatype: 'BYTES', shape: [-1, 1] });
    expect(meta.inputs.find((input: { name: string }) => input.name === 'logins_7d').datatype).toBe(
      'FP32',
    );
    expect(meta.outputs).toEqual([{ name: 'churn_probability', datatype: 'FP32', shape: [-1, 1] }]);
  });

  it('GET /v2/models/churn/ready is 200 with a model, 503 without, 404 for another model', async () => {
    current = await testApp();
    expect((await current.app.inject({ url: '/v2/models/churn/ready' })).json()).toEqual({
      name: 'churn',
      ready: true,
    });
    expect((await current.app.inject({ url: '/v2/models/other/ready' })).statusCode).toBe(404);
    expect(
      (await current.app.inject({ url: '/v2/models/churn/versions/lr-v1/ready' })).statusCode,
    ).toBe(200);
    const wrongVersion = await current.app.inject({ url: '/v2/models/churn/versions/old/ready' });
    expect(wrongVersion.json().error).toBe('CHURN_ERR_UNKNOWN_MODEL');
    await current.app.close();
    current = await testApp({ version: null });
    expect((await current.app.inject({ url: '/v2/models/churn/ready' })).statusCode).toBe(503);
    expect((await current.app.inject({ url: '/v2/models/churn' })).statusCode).toBe(503);
  });

  it('POST /v2/models/churn/infer scores every row in one run', async () => {
    current = await testApp({ version: 'lr-v1' });
    const res = await infer(fullRequest());
    expect(res.statusCode).toBe(200);
    const json = res.json();
    expect(json).toMatchObject({ model_name: 'churn', model_version: 'lr-v1', id: 'req-1' });
    expect(json.outputs[0]).toMatchObject({
      name: 'churn_probability',
      datatype: 'FP32',
      shape: [2, 1],
    });
    expect(json.outputs[0].data[0]).toBeCloseTo(expectedRisk({ days_since_last_activity: 3 }), 6);
    expect(json.outputs[0].data[1]).toBeCloseTo(expectedRisk({ days_since_last_activity: 40 }), 6);
    expect(current.source.scorers.get('lr-v1')?.batches.at(-1)).toBe(2);
  });

  it('takes defaults for absent inputs and refuses unknown ones, strict or not', async () => {
    current = await testApp();
    const absent = await infer({
      inputs: [{ name: 'logins_7d', datatype: 'FP32', shape: [1], data: [4] }],
    });
    expect(absent.statusCode).toBe(200);
    expect(absent.json().outputs[0].data[0]).toBeCloseTo(expectedRisk({}), 6);
    // The Open Inference Protocol expects an error for an input the model does not have.
    const body = { inputs: [{ name: 'shoe_size', datatype: 'FP32', shape: [1], data: [42] }] };
    for (const strict of [false, true]) {
      await current.app.close();
      current = await testApp({ api: { strict_features: strict } });
      const res = await infer(body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        error: 'CHURN_ERR_UNKNOWN_FEATURE',
        details: [{ path: 'inputs[0].name' }],
      });
    }
  });

  it('refuses data nested deeper than its shape with 400, without recursing', async () => {
    current = await testApp();
    const nested = await infer({
      inputs: [{ name: 'logins_7d', datatype: 'FP32', shape: [2, 1], data: [[1], [2]] }],
    });
    expect(nested.statusCode).toBe(200);
    expect(nested.json().outputs[0].shape).toEqual([2, 1]);
    // 100,000 levels (~200 KB): flattening recursively overflowed the stack (500).
    const depth = 100_000;
    const deep = `{"inputs":[{"name":"logins_7d","datatype":"FP32","shape":[1,1],"data":${'['.repeat(depth)}1${']'.repeat(depth)}}]}`;
    for (const payload of [
      deep,
      '{"inputs":[{"name":"logins_7d","datatype":"FP32","shape":[1],"data":[[1]]}]}',
      '{"inputs":[{"name":"logins_7d","datatype":"FP32","shape":[1,1],"data":[[[1]]]}]}',
      '{"inputs":[{"name":"logins_7d","datatype":"FP32","shape":[2,1],"data":[1,[2]]}]}',
    ]) {
      const res = await current.app.inject({
        method: 'POST',
        url: '/v2/models/churn/infer',
        payload,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode, payload.slice(0, 120)).toBe(400);
      expect(res.json()).toMatchObject({
        error: 'CHURN_ERR_VALIDATION',
        details: [{ path: 'inputs[0].data' }],
      });
    }
  });

  it('refuses wrong datatypes, element types and shapes with the path', async () => {
    current = await testApp();
    const cases: Array<[unknown, string]> = [
      [
        { inputs: [{ name: 'plan', datatype: 'FP32', shape: [1], data: [1] }] },
        'inputs[0].datatype',
      ],
      [
        { inputs: [{ name: 'logins_7d', datatype: 'FP32', shape: [2], data: [1, 'x'] }] },
        'inputs[0].data[1]',
      ],
      [
        { inputs: [{ name: 'logins_7d', datatype: 'FP32', shape: [3], data: [1] }] },
        'inputs[0].data',
      ],
      [
        { inputs: [{ name: 'logins_7d', datatype: 'FP32', shape: [1, 2], data: [1, 2] }] },
        'inputs[0].shape',
      ],
      [
        {
          inputs: [
            { name: 'logins_7d', datatype: 'FP32', shape: [1], data: [1] },
            { name: 'plan', datatype: 'BYTES', shape: [2], data: ['a', 'b'] },
          ],
        },
        'inputs[1].shape',
      ],
      [
        { inputs: [{ name: 'logins_7d', datatype: 'FP32', shape: ['1'], data: [1] }] },
        'inputs[0].shape[0]',
      ],
      [{ inputs: [] }, 'inputs'],
      [
        {
          inputs: [{ name: 'logins_7d', datatype: 'FP32', shape: [1], data: [1] }],
          outputs: [{ name: 'x' }],
        },
        'outputs',
      ],
    ];
    for (const [body, path] of cases) {
      const res = await infer(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error).toBe('CHURN_ERR_VALIDATION');
      expect(res.json().details.map((detail: { path: string }) => detail.path)).toContain(path);
    }
  });

  it('refuses more rows than batch_limit and unknown model names', async () => {
    current = await testApp({ api: { batch_limit: 3 } });
    const res = await infer({
      inputs: [{ name: 'logins_7d', datatype: 'FP32', shape: [4], data: [1, 2, 3, 4] }],
    });
    expect(res.json().error).toBe('CHURN_ERR_BATCH_LIMIT');
    const other = await infer(fullRequest(), '/v2/models/other/infer');
    expect(other.statusCode).toBe(404);
    expect(other.json().error).toBe('CHURN_ERR_UNKNOWN_MODEL');
  });
});
