import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import { loadConfig, type ResolvedConfig } from '@churn/config';
import { exportModel } from '@churn/model/onnx';
import { PIPELINE_STEPS, retrain, runPipeline } from '@churn/pipeline';
import { openRegistry, rollback } from '@churn/registry';
import { loadScorer } from '@churn/scorer';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/index.js';
import { registryModelSource } from '../src/model/registry-model-source.js';
import { lrParams } from './helpers/registry-fixture.js';

// A real registry and real retraining on generated data: the API swaps by polling the
// production pointer while requests keep coming, and none of them fails.
let config: ResolvedConfig;
let app: FastifyInstance;
let weak: string;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'churn-api-retrain-'));
  config = loadConfig({
    cwd: root,
    env: { CHURN_MLOPS_ROOT: root },
    overrides: {
      app: { log_level: 'silent' as never },
      api: { reload_interval_ms: 20, max_event_loop_delay_ms: 0, scoring_thread: false },
      generate: { n_users: 300 },
      training: { gradient_boosting: { max_iter: 20 } },
    },
  });
  // Raw data and features, no model yet: production starts as a weak hand-written model.
  await runPipeline({
    config,
    steps: PIPELINE_STEPS.filter((step) => step.name !== 'train' && step.name !== 'promote'),
  });
  const exported = await exportModel(
    lrParams(-1),
    {
      name: 'logistic_regression',
      createdAt: new Date('2025-05-01T00:00:00Z'),
      threshold: 0.5,
      primaryMetric: 'pr_auc',
      metrics: { pr_auc: 0.2, roc_auc: 0.5 },
      trainingData: {
        fingerprint: `sha256:${'0'.repeat(64)}`,
        rows: 1,
        trainRows: 1,
        testRows: 0,
        fromDate: '2025-01-01',
        toDate: '2025-01-01',
      },
    },
    config.paths.models,
  );
  const registry = openRegistry({ dir: config.paths.registry, modelsDir: config.paths.models });
  await registry.register({ card: exported.card, modelDir: exported.dir });
  await registry.setProduction(exported.version);
  weak = exported.version;
  app = buildApp(config, {
    modelSource: registryModelSource({
      registryDir: config.paths.registry,
      modelsDir: config.paths.models,
    }),
  });
  await app.ready();
}, 300_000);

afterAll(async () => {
  await app?.close();
});

const served = async () => (await app.inject({ url: '/ready' })).json().model?.version;

/** Sends /predict back to back until `until` settles; returns every status and version. */
async function underLoad<T>(until: Promise<T>) {
  let done = false;
  const seen: Array<{ status: number; version: string | undefined }> = [];
  const traffic = (async () => {
    while (!done) {
      const res = await app.inject({
        method: 'POST',
        url: '/predict',
        payload: { user_id: 1, features: { days_since_last_activity: 3, plan: 'paid' } },
      });
      seen.push({ status: res.statusCode, version: res.json().model?.version });
      await tick();
    }
  })();
  try {
    const result = await until;
    // A few more requests after the change, so the new model is seen answering too.
    const after = seen.length + 5;
    while (seen.length < after) await tick();
    return { result, seen };
  } finally {
    done = true;
    await traffic;
  }
}

async function waitServed(version: string) {
  const deadline = Date.now() + 10_000;
  while ((await served()) !== version && Date.now() < deadline) await tick();
  return served();
}

describe('retraining with the API running', { timeout: 300_000 }, () => {
  it('swaps to a promoted model without a failed request, and keeps serving when nothing is promoted', async () => {
    expect(await served()).toBe(weak);
    const first = await underLoad(
      retrain(config).then(async (report) => ({
        report,
        now: await waitServed(report.production!.version),
      })),
    );
    expect(first.result.report.promoted).toBe(true);
    expect(first.result.now).toBe(first.result.report.production!.version);
    expect(first.seen.every((r) => r.status === 200)).toBe(true);
    expect(new Set(first.seen.map((r) => r.version))).toEqual(
      new Set([weak, first.result.report.production!.version]),
    );

    const second = await underLoad(retrain(config));
    expect(second.result.promoted).toBe(false);
    expect(second.seen.every((r) => r.status === 200)).toBe(true);
    expect(await served()).toBe(first.result.report.production!.version);
  });

  it('follows a rollback by hot swap, without a failed request', async () => {
    const registry = openRegistry({
      dir: config.paths.registry,
      modelsDir: config.paths.models,
      actor: 'test',
    });
    const check = async (dir: string) => (await loadScorer(dir)).close();
    const back = await underLoad(
      rollback(registry, { reason: 'test', check }).then(async (result) => ({
        result,
        now: await waitServed(result.entry.version),
      })),
    );
    expect(back.result.result.entry.version).toBe(weak);
    expect(back.result.now).toBe(weak);
    expect(back.seen.every((r) => r.status === 200)).toBe(true);
  });
});
