import { once } from 'node:events';
import net from 'node:net';
import type { InjectOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from './helpers/build.js';

let current: TestApp | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});

const json = { 'content-type': 'application/json' };

describe('every error body is {error, message} with a CHURN_ERR_* code', () => {
  it('on every route and failure fastify or a plugin produces', async () => {
    current = await testApp({
      version: null,
      api: {
        body_limit_bytes: 1024,
        auth_token: 'test-token-0123456789abcdef',
        auth_extras: false,
      },
    });
    const auth = { authorization: 'Bearer test-token-0123456789abcdef' };
    const cases: Array<[InjectOptions, number, string]> = [
      [{ url: '/nope' }, 404, 'CHURN_ERR_NOT_FOUND'],
      [{ method: 'GET', url: '/predict' }, 404, 'CHURN_ERR_NOT_FOUND'],
      [{ method: 'DELETE', url: '/live' }, 404, 'CHURN_ERR_NOT_FOUND'],
      [{ url: '/docs/static/nope.js' }, 404, 'CHURN_ERR_NOT_FOUND'],
      [{ url: '/v2/models/other', headers: auth }, 404, 'CHURN_ERR_UNKNOWN_MODEL'],
      [
        { method: 'POST', url: '/predict', payload: '{}', headers: json },
        401,
        'CHURN_ERR_UNAUTHORIZED',
      ],
      [
        {
          method: 'POST',
          url: '/predict',
          payload: 'x'.repeat(2000),
          headers: { ...json, ...auth },
        },
        413,
        'CHURN_ERR_BODY_TOO_LARGE',
      ],
      [
        {
          method: 'POST',
          url: '/predict',
          payload: '{"user_id":1}',
          headers: { 'content-type': 'text/plain', ...auth },
        },
        415,
        'CHURN_ERR_UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        {
          method: 'POST',
          url: '/v2/models/churn/infer',
          payload: 'inputs',
          headers: { 'content-type': 'text/plain', ...auth },
        },
        415,
        'CHURN_ERR_UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        { method: 'POST', url: '/predict', payload: '{"user_id":', headers: { ...json, ...auth } },
        400,
        'CHURN_ERR_MALFORMED_JSON',
      ],
      [
        {
          method: 'POST',
          url: '/v2/models/churn/infer',
          payload: '{"inputs":"x"}',
          headers: { ...json, ...auth },
        },
        400,
        'CHURN_ERR_VALIDATION',
      ],
      [{ url: '/ready' }, 503, 'CHURN_ERR_MODEL_NOT_READY'],
      [{ url: '/model' }, 503, 'CHURN_ERR_MODEL_NOT_READY'],
      [
        { method: 'POST', url: '/predict', payload: '{}', headers: { ...json, ...auth } },
        503,
        'CHURN_ERR_MODEL_NOT_READY',
      ],
    ];
    for (const [request, status, code] of cases) {
      const res = await current.app.inject(request);
      const label = `${request.method ?? 'GET'} ${request.url} ${String(request.payload ?? '').slice(0, 20)}`;
      expect(res.statusCode, label).toBe(status);
      expect(res.headers['content-type'], label).toMatch(/^application\/json/);
      const body = res.json();
      expect(body, label).toMatchObject({ error: code, message: expect.any(String) });
      expect(Object.keys(body).every((key) => ['error', 'message', 'details'].includes(key))).toBe(
        true,
      );
    }
  });

  it('for requests that are not valid HTTP, written by the client error handler', async () => {
    current = await testApp();
    await current.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = current.app.server.address() as net.AddressInfo;
    for (const raw of [
      'NOT HTTP AT ALL\r\n\r\n',
      `GET / HTTP/1.1\r\nX: ${'a'.repeat(20_000)}\r\n\r\n`,
    ]) {
      const socket = net.connect(port, '127.0.0.1');
      let response = '';
      socket.on('data', (chunk) => {
        response += chunk;
      });
      socket.on('error', () => undefined);
      socket.write(raw);
      await once(socket, 'close');
      const [head, body] = response.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 4(00|31) /);
      expect(JSON.parse(body ?? '')).toEqual({
        error: expect.stringMatching(/^CHURN_ERR_(BAD_REQUEST|HEADERS_TOO_LARGE)$/),
        message: expect.any(String),
      });
    }
  });
});
