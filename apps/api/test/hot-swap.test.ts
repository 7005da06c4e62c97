import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/index.js';
import { registryModelSource } from '../src/model/registry-model-source.js';
import { type TestApp, testApp, testConfig } from './helpers/build.js';
import { registryFixture } from './helpers/registry-fixture.js';

let current: TestApp | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});

const served = async (t: TestApp) => (await t.app.inject({ url: '/ready' })).json().model?.version;
const predict = (t: TestApp) =>
  t.app.inject({ method: 'POST', url: '/predict', payload: { user_id: 1, features: {} } });

describe('hot swap when the production pointer moves', () => {
  it('serves the new model after a refresh and closes the old one', async () => {
    current = await testApp({ version: 'v1' });
    const old = current.source.scorers.get('v1');
    current.source.promote('v2');
    await current.app.models.refresh();
    expect(await served(current)).toBe('v2');
    expect((await predict(current)).json().model.version).toBe('v2');
    expect(old?.closed).toBe(true);
  });

  it('lets a request in flight on the old model finish before closing its session', async () => {
    current = await testApp({ version: 'v1' });
    const old = current.source.scorers.get('v1');
    if (!old) throw new Error('v1 was not loaded');
    old.delayMs = 100;
    const inFlight = predict(current);
    await sleep(20);
    current.source.promote('v2');
    await current.app.models.refresh();
    expect(await served(current)).toBe('v2');
    expect(old.closed).toBe(false);
    const res = await inFlight;
    expect(res.statusCode).toBe(200);
    expect(res.json().model.version).toBe('v1');
    await sleep(0);
    expect(old.closed).toBe(true);
  });

  it('rejects a new model that fails to load and keeps serving the old one', async () => {
    current = await testApp({ version: 'v1' });
    current.source.broken.add('v2-broken');
    current.source.promote('v2-broken');
    await current.app.models.refresh();
    await current.app.models.refresh();
    expect(await served(current)).toBe('v1');
    expect((await predict(current)).statusCode).toBe(200);
    const metrics = (await current.app.inject({ url: '/metrics' })).body;
    // Tried once, not on every poll.
    expect(metrics).toContain('churn_model_load_failures_total 1');
    current.source.promote('v3');
    await current.app.models.refresh();
    expect(await served(current)).toBe('v3');
  });

  it('rejects a model that loads but cannot score', async () => {
    current = await testApp({ version: 'v1' });
    const { source } = current;
    const load = source.load.bind(source);
    source.load = async (pointer) => {
      const scorer = await load(pointer);
      scorer.scoreRecords = async () => Float32Array.of(Number.NaN);
      return scorer;
    };
    source.promote('v2-nan');
    await current.app.models.refresh();
    expect(await served(current)).toBe('v1');
    expect(source.scorers.get('v2-nan')?.closed).toBe(true);
  });

  it('keeps serving when the registry cannot be read', async () => {
    current = await testApp({ version: 'v1' });
    current.source.failReads = true;
    await current.app.models.refresh();
    expect(await served(current)).toBe('v1');
  });

  it('notices the change by polling every reload_interval_ms', async () => {
    current = await testApp({ version: 'v1', api: { reload_interval_ms: 20 } });
    current.source.promote('v2');
    const deadline = Date.now() + 5000;
    while ((await served(current)) !== 'v2' && Date.now() < deadline) await sleep(20);
    expect(await served(current)).toBe('v2');
  });

  it('starts without a model and becomes ready when one is promoted', async () => {
    current = await testApp({ version: null });
    expect((await current.app.inject({ url: '/ready' })).statusCode).toBe(503);
    current.source.promote('v1');
    await current.app.models.refresh();
    expect(await served(current)).toBe('v1');
  });

  it('closes the served model when the app closes', async () => {
    const t = await testApp({ version: 'v1' });
    await t.app.close();
    expect(t.source.scorers.get('v1')?.closed).toBe(true);
  });
});

describe('closing a model fails', () => {
  it('logs instead of crashing when the old session cannot be closed', async () => {
    const t = await testApp({ version: 'v1' });
    try {
      const old = t.source.scorers.get('v1');
      if (!old) throw new Error('v1 was not loaded');
      old.close = async () => {
        throw new Error('release failed');
      };
      t.source.promote('v2');
      await t.app.models.refresh();
      await sleep(10);
      expect(await served(t)).toBe('v2');
    } finally {
      await t.app.close();
    }
  });
});

describe('a rejected version', () => {
  it('is loaded again after retryFailedMs, e.g. once its files are complete', async () => {
    const { servingModels } = await import('../src/model/serving-models.js');
    const { FakeSource } = await import('./helpers/fake-model.js');
    const { default: Fastify } = await import('fastify');
    const source = new FakeSource();
    source.promote('v1');
    source.broken.add('v1');
    const holder = servingModels({
      source,
      log: Fastify({ logger: false }).log,
      strict: false,
      batchLimit: 10,
      retryFailedMs: 30,
    });
    await holder.watch(0);
    expect(holder.current).toBeNull();
    source.broken.delete('v1');
    await holder.refresh();
    expect(holder.current).toBeNull();
    await sleep(40);
    await holder.refresh();
    expect(holder.current?.version).toBe('v1');
    await holder.close();
  });
});

describe('registry timing', () => {
  it('serves a registry entry whose model folder arrives after it within a second or two, not a minute', async () => {
    const fixture = await registryFixture();
    const version = await fixture.publish(-1, 0);
    await fixture.promote(version);
    // registry.json names the version; its folder is not there yet.
    const folder = join(fixture.modelsDir, version);
    await rename(folder, `${folder}.incoming`);
    const app = buildApp(testConfig({ reload_interval_ms: 5000 }), {
      modelSource: registryModelSource({
        registryDir: fixture.registryDir,
        modelsDir: fixture.modelsDir,
      }),
    });
    try {
      await app.ready();
      expect((await app.inject({ url: '/ready' })).statusCode).toBe(503);
      await sleep(300);
      await rename(`${folder}.incoming`, folder);
      const arrived = performance.now();
      while ((await app.inject({ url: '/ready' })).statusCode !== 200) {
        // Before: refused for retryFailedMs (60 s) after the first failure.
        expect(performance.now() - arrived).toBeLessThan(10_000);
        await sleep(50);
      }
      expect(app.models.current?.version).toBe(version);
    } finally {
      await app.close();
      await fixture.remove();
    }
  });

  it('refuses a registry entry whose model card names another version once, clearly', async () => {
    current = await testApp({ version: null, api: { reload_interval_ms: 20 } });
    const { source } = current;
    let loads = 0;
    const load = source.load.bind(source);
    source.load = async (pointer) => {
      loads++;
      return load({ ...pointer, version: `${pointer.version}-other` });
    };
    source.promote('v1');
    await current.app.models.refresh();
    await sleep(300);
    expect(loads).toBe(1);
    const ready = await current.app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().message).toContain('v1-other');
    expect(ready.json().message).not.toContain('/models/');
    const metrics = (await current.app.inject({ url: '/metrics' })).body;
    expect(metrics).toContain('churn_model_load_failures_total 1');
    // A registry that moves on is read again.
    source.load = load;
    source.promote('v2');
    await current.app.models.refresh();
    expect(await served(current)).toBe('v2');
  });
});
