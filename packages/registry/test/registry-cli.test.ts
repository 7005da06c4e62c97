import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogisticRegressionParams } from '@churn/model';
import { exportModel } from '@churn/model/onnx';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runRegistryCommand } from '../src/cli/commands.js';
import { loadCheck } from '../src/cli/load-check.js';
import { AUDIT_FILE, openRegistry, type Registry } from '../src/index.js';

let root: string;
let registry: Registry;
let modelsDir: string;

const PARAMS: LogisticRegressionParams = {
  kind: 'logistic_regression',
  numeric: [{ name: 'x', impute: 0, mean: 0, scale: 1, weight: 0.5 }],
  categorical: [],
  intercept: 0,
};

/** Exports and registers a real ONNX model; `minute` makes versions distinct. */
async function publish(prAuc: number, minute: number): Promise<string> {
  const exported = await exportModel(
    PARAMS,
    {
      name: 'logistic_regression',
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)),
      threshold: 0.5,
      primaryMetric: 'pr_auc',
      metrics: { pr_auc: prAuc },
      trainingData: {
        fingerprint: `sha256:${'0'.repeat(64)}`,
        rows: 1,
        trainRows: 1,
        testRows: 0,
        fromDate: '2025-01-01',
        toDate: '2025-01-01',
      },
    },
    modelsDir,
  );
  await registry.register({ card: exported.card, modelDir: exported.dir });
  return exported.version;
}

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runRegistryCommand(argv, {
    registry,
    check: loadCheck,
    out: (text) => out.push(text),
    err: (text) => err.push(text),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const production = async () => (await registry.read()).production?.version;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'churn-registry-cli-'));
  modelsDir = join(root, 'models');
  registry = openRegistry({ dir: join(root, 'registry'), modelsDir, actor: 'tester' });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('registry CLI', () => {
  it('promotes and rolls back by hand, and the audit log lists who, what, when and why', async () => {
    const a = await publish(0.8, 1);
    await registry.promote({ candidates: [a], primaryMetric: 'pr_auc', minImprovement: 0.001 });
    const b = await publish(0.7, 2);
    const promoted = await cli('promote', b, '--reason', 'canary looked fine');
    expect(promoted).toMatchObject({ code: 0, out: `production is now ${b} (was ${a})` });
    expect(await production()).toBe(b);
    expect((await cli('promote', b)).out).toBe(`${b} is already production`);

    const rolled = await cli('rollback', '--reason', 'complaints');
    expect(rolled).toMatchObject({
      code: 0,
      out: `rolled back: production is now ${a} (was ${b})`,
    });
    expect(await production()).toBe(a);
    // a became production through the gate with nothing before it: nothing further back.
    const again = await cli('rollback');
    expect(again.code).toBe(1);
    expect(again.err).toContain('CHURN_ERR_REGISTRY_NO_ROLLBACK');

    const log = (await readFile(join(registry.dir, AUDIT_FILE), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(log.map((e) => [e.action, e.version, e.previous, e.actor])).toEqual([
      ['register', a, null, 'tester'],
      ['promote', a, null, 'tester'],
      ['register', b, null, 'tester'],
      ['promote', b, a, 'tester'],
      ['rollback', a, b, 'tester'],
    ]);
    expect(log[3].reason).toBe('canary looked fine');
    expect(log[4].reason).toBe('complaints');
    expect(log[1].reason).toMatch(/^promotion gate: no_production/);
    for (const entry of log) expect(Date.parse(entry.at)).not.toBeNaN();

    const history = await cli('history');
    expect(history.code).toBe(0);
    expect(history.out.split('\n')).toHaveLength(6);
    expect(history.out).toMatch(new RegExp(`rollback +${a} +${b} +complaints`));
  });

  it('refuses an unknown version and a model that does not load, leaving production and the log alone', async () => {
    const a = await publish(0.8, 1);
    await registry.setProduction(a);
    const b = await publish(0.9, 2);
    const before = await readFile(join(registry.dir, AUDIT_FILE), 'utf8');

    const unknown = await cli('promote', 'gradient_boosting-nope');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('CHURN_ERR_REGISTRY_UNKNOWN_VERSION');

    await writeFile(join(modelsDir, b, 'model.onnx'), 'not an onnx model');
    const broken = await cli('promote', b);
    expect(broken.code).toBe(1);
    expect(broken.err).toContain('CHURN_ERR_REGISTRY_MODEL_UNLOADABLE');

    expect(await production()).toBe(a);
    expect(await readFile(join(registry.dir, AUDIT_FILE), 'utf8')).toBe(before);
  });

  it('lists and shows models, and answers bad usage with 64', async () => {
    const a = await publish(0.8, 1);
    const b = await publish(0.9, 2);
    await registry.setProduction(b);
    const list = await cli('list');
    expect(list.code).toBe(0);
    const lines = list.out.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(new RegExp(`^ +${a} +pr_auc +0\\.8000`));
    expect(lines[2]).toMatch(new RegExp(`^\\* +${b} +pr_auc +0\\.9000`));
    const show = await cli('show', b);
    expect(JSON.parse(show.out)).toMatchObject({
      version: b,
      production: true,
      modelDir: join(modelsDir, b),
      cardMetrics: { pr_auc: 0.9 },
    });
    expect((await cli('show', 'nope')).code).toBe(1);
    for (const argv of [[], ['promote'], ['frobnicate'], ['list', '--force'], ['rollback', 'x']]) {
      expect((await cli(...argv)).code).toBe(64);
    }
    expect((await cli('--help')).code).toBe(0);
  });
});
