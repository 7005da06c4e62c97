import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRegistry, type RegistryState } from '../src/index.js';

describe('production pointer switch', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('never shows a reader a half-written registry while a writer switches repeatedly', async () => {
    const root = await mkdtemp(join(tmpdir(), 'churn-registry-switch-'));
    dirs.push(root);
    const registry = openRegistry({ dir: root });
    // A large file (hundreds of entries) makes a torn, non-atomic write likely to be seen.
    const versions = Array.from({ length: 400 }, (_, i) => `model-${String(i).padStart(3, '0')}`);
    const initial: RegistryState = {
      kind: 'churn-model-registry',
      schemaVersion: 1,
      production: null,
      models: versions.map((version) => ({
        name: 'gradient_boosting',
        version,
        algorithm: 'hist_gradient_boosting',
        path: version,
        metrics: { pr_auc: 0.5, roc_auc: 0.5 },
        primaryMetric: 'pr_auc',
        registeredAt: '2026-01-01T00:00:00.000Z',
        promotedAt: null,
      })),
    };
    await writeFile(registry.file, JSON.stringify(initial, null, 2));
    // 60 fsynced switches: seconds when idle, over a minute on a loaded shared machine.
    const switches = 60;
    let done = false;
    const writer = (async () => {
      for (let i = 0; i < switches; i++) await registry.setProduction(versions[i % 2]!);
      done = true;
    })();
    const seen = new Set<string>();
    let reads = 0;
    const reader = async () => {
      const other = openRegistry({ dir: root });
      while (!done) {
        // Both the raw file and the validated read must always be complete.
        const raw = JSON.parse(await readFile(other.file, 'utf8'));
        expect(raw.models).toHaveLength(versions.length);
        const production = await other.production();
        if (production) seen.add(production.entry.version);
        reads++;
      }
    };
    await Promise.all([writer, reader(), reader(), reader()]);
    expect(reads).toBeGreaterThan(10);
    expect([...seen].sort()).toEqual(['model-000', 'model-001']);
    expect((await registry.read()).production?.version).toBe(versions[(switches - 1) % 2]);
  }, 240_000);
});
