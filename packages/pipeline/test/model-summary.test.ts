import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSummaryTable } from '../src/cli/summary-table.js';
import { readModelSummary } from '../src/index.js';

function dirs() {
  const root = mkdtempSync(join(tmpdir(), 'churn-summary-'));
  const result = { registry: join(root, 'registry'), metrics: join(root, 'metrics') };
  mkdirSync(result.registry);
  mkdirSync(result.metrics);
  return result;
}

describe('readModelSummary and the closing table', () => {
  it('shows the latest version of each model and marks the production one', async () => {
    const where = dirs();
    const entry = (name: string, version: string, prAuc: number) => ({
      name,
      version,
      algorithm: name,
      path: `../models/${version}`,
      metrics: { pr_auc: prAuc, roc_auc: 0.9 },
      primaryMetric: 'pr_auc',
      registeredAt: '2026-01-01T00:00:00Z',
      promotedAt: null,
    });
    writeFileSync(
      join(where.registry, 'registry.json'),
      JSON.stringify({
        kind: 'churn-model-registry',
        schemaVersion: 1,
        production: { name: 'gradient_boosting', version: 'gb-1' },
        models: [
          entry('gradient_boosting', 'gb-1', 0.95),
          entry('logistic_regression', 'lr-1', 0.93),
          entry('gradient_boosting', 'gb-2', 0.94),
        ],
      }),
    );
    const summary = await readModelSummary(where);
    expect(summary.source).toBe('registry');
    expect(summary.rows.map((row) => [row.version, row.production])).toEqual([
      ['gb-2', false],
      ['lr-1', false],
      ['gb-1', true],
    ]);
    const table = formatSummaryTable(summary);
    expect(table).toMatch(/gb-1\s+0\.9500\s+0\.9000.*PRODUCTION/);
    expect(table).toContain('Production: gradient_boosting gb-1');
  });

  it('falls back to the metrics JSONs without a registry, and says when there is nothing', async () => {
    const where = dirs();
    expect((await readModelSummary(where)).source).toBe('none');
    expect(formatSummaryTable(await readModelSummary(where))).toBe('No trained models yet.');
    writeFileSync(
      join(where.metrics, 'logistic_regression-1.json'),
      JSON.stringify({
        name: 'logistic_regression',
        version: 'logistic_regression-1',
        metrics: { pr_auc: 0.92 },
      }),
    );
    const summary = await readModelSummary(where);
    expect(summary.source).toBe('metrics');
    expect(summary.rows).toEqual([
      {
        name: 'logistic_regression',
        version: 'logistic_regression-1',
        metrics: { pr_auc: 0.92 },
        production: false,
      },
    ]);
  });
});
