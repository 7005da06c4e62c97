import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@churn/config';
import { sampleModelReport } from '@churn/report/sample';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/index.js';
import { FakeSource } from './helpers/fake-model.js';

let root: string;
let app: FastifyInstance | undefined;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'churn-api-report-'));
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  await rm(root, { recursive: true, force: true });
});

/** An app serving `version` (or nothing) with its model folders under a fresh artifacts folder. */
async function serving(version: string | null, token = '') {
  const config = loadConfig({
    env: {},
    overrides: {
      app: { log_level: 'silent' as never },
      paths: { artifacts: join(root, 'artifacts') },
      api: { reload_interval_ms: 0, max_event_loop_delay_ms: 0, auth_token: token },
    },
  });
  const source = new FakeSource();
  if (version !== null) source.promote(version);
  app = buildApp(config, { modelSource: source });
  await app.ready();
  return config.paths.models;
}

async function writeReport(modelsDir: string, version: string, page: string) {
  await mkdir(join(modelsDir, version), { recursive: true });
  await writeFile(join(modelsDir, version, 'report.html'), page);
}

describe('GET /model/report', () => {
  it("serves the served model's report as HTML under a CSP of its own", async () => {
    const modelsDir = await serving('gb-v2');
    const page = sampleModelReport();
    await writeReport(modelsDir, 'gb-v2', page);
    await writeReport(modelsDir, 'gb-v1', '<!doctype html><title>another model</title>');
    const res = await app!.inject({ url: '/model/report' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toBe(page);
    const csp = String(res.headers['content-security-policy']);
    // The route's policy replaces the API's (one header, not two), and it is strict:
    // no scripts or connections, styles only by the hash of the page's own stylesheet.
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; img-src 'none'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    // helmet's other headers stay.
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('leaves the CSP of every other route alone', async () => {
    const modelsDir = await serving('gb-v2');
    await writeReport(modelsDir, 'gb-v2', sampleModelReport());
    await app!.inject({ url: '/model/report' });
    const res = await app!.inject({ url: '/model' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('is a 404 naming the version for a model trained before reports existed', async () => {
    await serving('lr-old');
    const res = await app!.inject({ url: '/model/report' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toMatchObject({ error: 'CHURN_ERR_NO_REPORT' });
    expect(res.json().message).toContain('lr-old');
  });

  it('is a 503 without a model', async () => {
    await serving(null);
    const res = await app!.inject({ url: '/model/report' });
    expect(res.statusCode).toBe(503);
    expect(res.json().error).toBe('CHURN_ERR_MODEL_NOT_READY');
  });

  it('needs the token when /model does', async () => {
    const modelsDir = await serving('gb-v2', 'secret-token-0123456789');
    await writeReport(modelsDir, 'gb-v2', sampleModelReport());
    expect((await app!.inject({ url: '/model/report' })).statusCode).toBe(401);
    const res = await app!.inject({
      url: '/model/report',
      headers: { authorization: 'Bearer secret-token-0123456789' },
    });
    expect(res.statusCode).toBe(200);
  });

  it('is in the OpenAPI document as text/html', async () => {
    await serving('gb-v2');
    const doc = (await app!.inject({ url: '/openapi.json' })).json();
    const get = doc.paths['/model/report'].get;
    expect(Object.keys(get.responses['200'].content)).toEqual(['text/html']);
    expect(get.responses['404']).toBeDefined();
  });
});
