import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRegistry, type Registry, RegistryErrorCodes } from '../src/index.js';
import { cardFixture } from './card-fixture.js';

let root: string;
let registry: Registry;
const now = new Date('2026-02-03T04:05:06.000Z');

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'churn-registry-'));
  registry = openRegistry({ dir: join(root, 'registry') });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function add(name: string, version: string, prAuc: number) {
  return registry.register({
    card: cardFixture(name, version, prAuc),
    modelDir: join(root, 'models', version),
    now,
  });
}

const gate = (candidates: string[], minImprovement = 0.001) =>
  registry.promote({ candidates, primaryMetric: 'pr_auc', minImprovement, now });

describe('registry file', () => {
  it('reads a missing file as an empty registry', async () => {
    expect(await registry.read()).toEqual({
      kind: 'churn-model-registry',
      schemaVersion: 1,
      production: null,
      models: [],
    });
    expect(await registry.production()).toBeNull();
  });

  it('registers with a path relative to the registry folder, once per version', async () => {
    const entry = await add('gradient_boosting', 'gb-1', 0.9);
    expect(entry).toMatchObject({ path: '../models/gb-1', metrics: { pr_auc: 0.9, roc_auc: 0.5 } });
    expect(entry.metrics).not.toHaveProperty('confusion_matrix');
    await add('gradient_boosting', 'gb-1', 0.1);
    const state = await registry.read();
    expect(state.models).toHaveLength(1);
    expect(state.models[0]?.metrics.pr_auc).toBe(0.9);
    const text = await readFile(registry.file, 'utf8');
    expect(JSON.parse(text)).toEqual(state);
  });

  it('refuses a file of another kind or schemaVersion by code', async () => {
    await add('gradient_boosting', 'gb-1', 0.9);
    const state = JSON.parse(await readFile(registry.file, 'utf8'));
    await writeFile(registry.file, JSON.stringify({ ...state, schemaVersion: 9 }));
    await expect(registry.read()).rejects.toMatchObject({
      code: 'CHURN_ERR_REGISTRY_SCHEMA_VERSION',
    });
    await writeFile(registry.file, JSON.stringify({ ...state, kind: 'churn-model-card' }));
    await expect(registry.read()).rejects.toMatchObject({ code: 'CHURN_ERR_REGISTRY_INVALID' });
    await writeFile(registry.file, '{"kind":');
    await expect(registry.read()).rejects.toMatchObject({ code: 'CHURN_ERR_REGISTRY_INVALID' });
  });

  it('keeps every registration when several run at once', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => add('logistic_regression', `lr-${i}`, i / 100)),
    );
    expect((await registry.read()).models).toHaveLength(20);
  });
});

describe('promotion gate', () => {
  it('always promotes the first model, choosing the best candidate', async () => {
    await add('logistic_regression', 'lr-1', 0.92);
    await add('gradient_boosting', 'gb-1', 0.93);
    const decision = await gate(['lr-1', 'gb-1']);
    expect(decision).toMatchObject({
      promoted: true,
      reason: 'no_production',
      candidateMetric: 0.93,
    });
    const production = await registry.production();
    expect(production?.entry).toMatchObject({ version: 'gb-1', promotedAt: now.toISOString() });
    expect(production?.modelDir).toBe(join(root, 'models', 'gb-1'));
  });

  it('promotes a candidate that beats production by at least the margin', async () => {
    await add('gradient_boosting', 'gb-1', 0.93);
    await gate(['gb-1']);
    await add('gradient_boosting', 'gb-2', 0.931);
    const decision = await gate(['gb-2']);
    expect(decision).toMatchObject({
      promoted: true,
      reason: 'improved',
      candidateMetric: 0.931,
      previousMetric: 0.93,
    });
    expect((await registry.read()).production).toEqual({
      name: 'gradient_boosting',
      version: 'gb-2',
    });
  });

  it('keeps production when the candidate is better by less than the margin, or worse', async () => {
    await add('gradient_boosting', 'gb-1', 0.93);
    await gate(['gb-1']);
    await add('gradient_boosting', 'gb-2', 0.9305);
    await add('gradient_boosting', 'gb-3', 0.5);
    expect(await gate(['gb-2'])).toMatchObject({ promoted: false, reason: 'below_margin' });
    expect(await gate(['gb-3'])).toMatchObject({ promoted: false, reason: 'below_margin' });
    const state = await registry.read();
    expect(state.production?.version).toBe('gb-1');
    expect(state.models.find((m) => m.version === 'gb-2')?.promotedAt).toBeNull();
  });

  it('with a zero margin, an equal candidate replaces production', async () => {
    await add('gradient_boosting', 'gb-1', 0.93);
    await gate(['gb-1'], 0);
    await add('gradient_boosting', 'gb-2', 0.93);
    expect(await gate(['gb-2'], 0)).toMatchObject({ promoted: true, reason: 'improved' });
  });

  it('breaks ties by version, whatever the candidate order', async () => {
    await add('gradient_boosting', 'b', 0.9);
    await add('gradient_boosting', 'a', 0.9);
    const decision = await gate(['b', 'a']);
    expect(decision.candidate?.version).toBe('a');
  });

  it('reports production already being the best, and no candidates', async () => {
    await add('gradient_boosting', 'gb-1', 0.93);
    await gate(['gb-1']);
    expect(await gate(['gb-1'])).toMatchObject({ promoted: false, reason: 'already_production' });
    expect(await gate([])).toMatchObject({ promoted: false, reason: 'no_candidates' });
  });

  it('refuses unknown candidates and a negative margin by code', async () => {
    await expect(gate(['nope'])).rejects.toMatchObject({
      code: 'CHURN_ERR_REGISTRY_UNKNOWN_VERSION',
    });
    await add('gradient_boosting', 'gb-1', 0.93);
    await expect(gate(['gb-1'], -1)).rejects.toMatchObject({
      code: 'CHURN_ERR_REGISTRY_BAD_ARGUMENT',
    });
    await expect(registry.setProduction('nope')).rejects.toMatchObject({
      code: 'CHURN_ERR_REGISTRY_UNKNOWN_VERSION',
    });
  });

  it('setProduction rolls back without a gate; modelsDir overrides the stored path', async () => {
    await add('gradient_boosting', 'gb-1', 0.93);
    await add('gradient_boosting', 'gb-2', 0.95);
    await gate(['gb-2']);
    await registry.setProduction('gb-1', { now });
    expect((await registry.production())?.entry.version).toBe('gb-1');
    const moved = openRegistry({ dir: registry.dir, modelsDir: '/srv/models' });
    expect((await moved.production())?.modelDir).toBe(join('/srv/models', 'gb-1'));
  });
});

describe('RegistryErrorCodes', () => {
  it('maps every key to itself', () => {
    for (const [key, code] of Object.entries(RegistryErrorCodes)) expect(code).toBe(key);
  });
});
