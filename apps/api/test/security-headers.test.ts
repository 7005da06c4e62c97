import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from './helpers/build.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.app.close();
});

describe('security headers (@fastify/helmet)', () => {
  it('are on every response: success, error and not found', async () => {
    const responses = [
      await t.app.inject({
        method: 'POST',
        url: '/predict',
        payload: { user_id: 1, features: {} },
      }),
      await t.app.inject({ method: 'POST', url: '/predict', payload: { user_id: 1 } }),
      await t.app.inject({ url: '/nope' }),
      await t.app.inject({ url: '/live' }),
    ];
    expect(responses.map((res) => res.statusCode)).toEqual([200, 400, 404, 200]);
    for (const res of responses) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    }
  });

  it('let Swagger UI render: /docs loads only same-origin scripts, none inline, all served', async () => {
    const page = await t.app.inject({ url: '/docs/' });
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("img-src 'self' data:");
    // Plain HTTP: an upgrade would send the browser to https for the assets, which fails.
    expect(csp).not.toContain('upgrade-insecure-requests');
    const html = page.body;
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="\.\/static\/[\w.-]+\.js"/);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son\w+=/i); // no inline event handlers (script-src-attr 'none')
    const assets = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((match) => match[1]);
    for (const asset of assets) {
      const res = await t.app.inject({ url: `/docs/${asset}` });
      expect(res.statusCode, asset).toBe(200);
    }
    // The initializer fetches the document from the same origin.
    const spec = await t.app.inject({ url: '/docs/json' });
    expect(spec.statusCode).toBe(200);
    expect(spec.json().openapi).toBe('3.1.0');
  });
});
