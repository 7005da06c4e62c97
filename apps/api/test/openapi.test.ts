import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from './helpers/build.js';
import { FEATURES } from './helpers/fake-model.js';

let current: TestApp | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});

/** The parts of a JSON schema these tests read. */
interface Schema {
  type: string | string[];
  properties: Record<string, Schema>;
  items: Schema;
}

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { requestBody: { content: Record<string, { schema: Schema }> } }>
  >;
};

const predictFeatures = (doc: Doc) =>
  doc.paths['/predict']?.post?.requestBody.content['application/json']?.schema.properties
    .features as Schema;

describe('OpenAPI', () => {
  it('/openapi.json lists every feature of the served model with its type', async () => {
    current = await testApp();
    const res = await current.app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as Doc;
    expect(doc.openapi).toBe('3.1.0');
    const features = predictFeatures(doc);
    expect(Object.keys(features.properties)).toEqual(FEATURES.map((feature) => feature.name));
    expect(features.properties.plan?.type).toEqual(['string', 'null']);
    expect(features.properties.watch_minutes_30d?.type).toEqual(['number', 'null']);
    const batchRow =
      doc.paths['/predict/batch']?.post?.requestBody.content['application/json']?.schema;
    const batchFeatures = batchRow?.properties.rows?.items.properties.features?.properties;
    expect(Object.keys(batchFeatures ?? {})).toHaveLength(FEATURES.length);
    for (const path of ['/live', '/ready', '/health', '/model', '/v2/models/{model}/infer']) {
      expect(doc.paths[path]).toBeDefined();
    }
  });

  it('documents a placeholder before a model is loaded and the features after', async () => {
    current = await testApp({ version: null });
    const before = predictFeatures((await current.app.inject({ url: '/openapi.json' })).json());
    expect(before.properties).toBeUndefined();
    current.source.promote('lr-v2');
    await current.app.models.refresh();
    const after = predictFeatures((await current.app.inject({ url: '/openapi.json' })).json());
    expect(Object.keys(after.properties)).toHaveLength(FEATURES.length);
  });

  it('serves Swagger UI at /docs with the same document', async () => {
    current = await testApp();
    const ui = await current.app.inject({ url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
    const json = await current.app.inject({ url: '/docs/json' });
    expect(predictFeatures(json.json()).properties.plan).toBeDefined();
  });
});
