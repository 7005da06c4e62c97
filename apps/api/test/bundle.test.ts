import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RegistryFixture, registryFixture } from './helpers/registry-fixture.js';
import { startServerProcess } from './helpers/server-process.js';

// The production image runs the bundle that `npm run build` writes (bundle.mjs); turbo builds
// before it tests. These check what bundling can break: files found next to the bundle (the
// scoring thread, Swagger UI's assets, package.json) and CommonJS dependencies.
const apiDir = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${apiDir}dist/bundle/server.js`;
const { version } = JSON.parse(readFileSync(`${apiDir}package.json`, 'utf8')) as {
  version: string;
};

let fixture: RegistryFixture;
let server: ChildProcess | undefined;
let url = '';

beforeAll(async () => {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build first`);
  fixture = await registryFixture();
  await fixture.promote(await fixture.publish(-1, 0));
  // api.scoring_thread is on by default: the model loads in the bundled scoring-thread.js.
  const started = await startServerProcess([bundle], {
    artifactsDir: `${fixture.root}/artifacts`,
    logLevel: 'info',
  });
  server = started.child;
  const { port } = started;
  url = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
  await fixture?.remove();
});

describe('the bundled server (dist/bundle/server.js)', () => {
  it('serves the model from its scoring thread', async () => {
    const ready = await fetch(`${url}/ready`);
    expect(ready.status).toBe(200);
    const res = await fetch(`${url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: 7, features: { plan: 'paid', active_days_30d: 3 } }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { churn_risk: number };
    expect(body.churn_risk).toBeGreaterThan(0);
    expect(body.churn_risk).toBeLessThan(1);
  });

  it('serves the OpenAPI document, Swagger UI and its assets, with the package version', async () => {
    const doc = (await (await fetch(`${url}/openapi.json`)).json()) as {
      info: { version: string };
    };
    expect(doc.info.version).toBe(version);
    expect(((await (await fetch(`${url}/v2`)).json()) as { version: string }).version).toBe(
      version,
    );
    const page = await fetch(`${url}/docs/static/index.html`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui');
  });

  it('answers errors in the usual shape and serves metrics', async () => {
    const res = await fetch(`${url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: 7, features: { active_days_30d: 'many' } }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('CHURN_ERR_VALIDATION');
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('churn_predictions_total');
  });

  it('exits 0 on SIGTERM', async () => {
    const exited = once(server!, 'exit');
    server!.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
  });
});
