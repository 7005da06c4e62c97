import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@churn/config';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/index.js';
import { type TestApp, testApp } from './helpers/build.js';
import { FakeSource } from './helpers/fake-model.js';

const TOKEN = 'test-token-0123456789abcdef';

let current: TestApp | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});

const predictBody = { user_id: 1, features: { days_since_last_activity: 3 } };

/** Every guarded request: the scoring routes, then the extras. */
const SCORING: Array<{ method: 'GET' | 'POST'; url: string; payload?: object }> = [
  { method: 'POST', url: '/predict', payload: predictBody },
  { method: 'POST', url: '/predict/batch', payload: { rows: [predictBody] } },
  {
    method: 'POST',
    url: '/v2/models/churn/infer',
    payload: { inputs: [{ name: 'logins_7d', datatype: 'FP32', shape: [1], data: [1] }] },
  },
  { method: 'GET', url: '/v2/models/churn' },
  { method: 'GET', url: '/v2/models/churn/ready' },
  { method: 'GET', url: '/v2' },
];
const EXTRAS = [
  '/docs',
  '/docs/static/swagger-initializer.js',
  '/openapi.json',
  '/model',
  '/metrics',
];
const PROBES = ['/live', '/ready', '/health', '/v2/health/live', '/v2/health/ready'];

const send = (
  request: { method?: 'GET' | 'POST'; url: string; payload?: object },
  authorization?: string,
) =>
  (current as TestApp).app.inject({
    method: request.method ?? 'GET',
    url: request.url,
    ...(request.payload && { payload: request.payload }),
    headers: authorization === undefined ? {} : { authorization },
  });

describe('bearer-token authentication', () => {
  it('is off by default: every route answers without a token', async () => {
    current = await testApp();
    for (const request of SCORING) expect((await send(request)).statusCode, request.url).toBe(200);
    for (const url of [...EXTRAS, ...PROBES])
      expect((await send({ url })).statusCode, url).toBe(200);
  });

  it('with api.auth_token, guards scoring and v2 routes with 401 in the error shape', async () => {
    current = await testApp({ api: { auth_token: TOKEN } });
    for (const request of SCORING) {
      for (const authorization of [
        undefined,
        'Bearer wrong-token',
        `Basic ${TOKEN}`,
        TOKEN,
        'Bearer ',
      ]) {
        const res = await send(request, authorization);
        expect(res.statusCode, `${request.url} ${authorization}`).toBe(401);
        expect(res.json()).toEqual({
          error: 'CHURN_ERR_UNAUTHORIZED',
          message: expect.any(String),
        });
        expect(res.headers['www-authenticate']).toBe('Bearer');
      }
      expect((await send(request, `Bearer ${TOKEN}`)).statusCode, request.url).toBe(200);
    }
    // Scoring never ran for a refused request: one smoke run at load, then one per accepted call.
    expect(current.source.scorers.get('lr-v1')?.batches).toHaveLength(4);
  });

  it('keeps the probes open, guards the extras unless api.auth_extras is false', async () => {
    current = await testApp({ api: { auth_token: TOKEN } });
    for (const url of PROBES) expect((await send({ url })).statusCode, url).toBe(200);
    for (const url of EXTRAS) {
      expect((await send({ url })).statusCode, url).toBe(401);
      expect((await send({ url }, `Bearer ${TOKEN}`)).statusCode, url).toBe(200);
    }
    await current.app.close();
    current = await testApp({ api: { auth_token: TOKEN, auth_extras: false } });
    for (const url of EXTRAS) expect((await send({ url })).statusCode, url).toBe(200);
    expect((await send(SCORING[0]!)).statusCode).toBe(401);
  });

  it('cannot be bypassed by spelling the path differently', async () => {
    current = await testApp({ api: { auth_token: TOKEN } });
    for (const url of [
      '/predict/',
      '/predict?x=1',
      '//predict',
      '/live/../predict',
      '/%70redict',
    ]) {
      const res = await send({ method: 'POST', url, payload: predictBody });
      expect([401, 404], url).toContain(res.statusCode);
    }
  });

  it('documents the token in OpenAPI, for the guarded routes only', async () => {
    current = await testApp({ api: { auth_token: TOKEN } });
    const doc = (await send({ url: '/openapi.json' }, `Bearer ${TOKEN}`)).json();
    expect(doc.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/predict'].post.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/live'].get.security).toBeUndefined();
  });

  it('reads the token from the file named by API_TOKEN_FILE', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'churn-api-token-'));
    try {
      await writeFile(join(dir, 'api_token'), `${TOKEN}\n`);
      const config = loadConfig({
        env: { API_TOKEN_FILE: join(dir, 'api_token') },
        overrides: { app: { log_level: 'silent' as never }, api: { reload_interval_ms: 0 } },
      });
      const source = new FakeSource();
      source.promote('lr-v1');
      const app = buildApp(config, { modelSource: source });
      current = { app, source };
      await app.ready();
      expect((await send(SCORING[0]!)).statusCode).toBe(401);
      expect((await send(SCORING[0]!, `Bearer ${TOKEN}`)).statusCode).toBe(200);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
